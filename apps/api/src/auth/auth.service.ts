import { randomBytes } from 'node:crypto';
import { Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { AppConfig } from '../infra/config/app-config.js';
import { SettingsRepository } from '../infra/database/settings.repository.js';
import { ManagersRepository } from './managers.repository.js';
import { LoginThrottle } from './login-throttle.js';
import { generatePassword, hashPassword, verifyPassword } from './password.js';
import { TokenSigner, type TokenClaims } from './tokens.js';

export type LoginResult =
  | { ok: true; token: string }
  | { ok: false; reason: 'wrong-credentials' }
  | { ok: false; reason: 'locked'; retryAfterMs: number };

const defaultAdminEmail = 'admin@cantine.local';
// Compared against when the email is unknown, so a wrong email costs the same time as a wrong password.
const decoyHash = hashPassword(randomBytes(16).toString('hex'));

@Injectable()
export class AuthService implements OnApplicationBootstrap {
  private readonly logger = new Logger('Auth');
  private signer?: TokenSigner;
  private readonly throttle = new LoginThrottle();

  constructor(
    private readonly config: AppConfig,
    private readonly managers: ManagersRepository,
    private readonly settings: SettingsRepository,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const secret = await this.settings.getOrCreate('token-signing-key', () => randomBytes(32).toString('base64'));
    this.signer = new TokenSigner(secret, this.config.tokenTtlHours);
    await this.ensureFirstManager();
  }

  /** At first start, creates the first manager from CANTINE_ADMIN_* or with a password printed once. */
  private async ensureFirstManager(): Promise<void> {
    if ((await this.managers.count()) > 0) return;
    const email = this.config.admin.email ?? defaultAdminEmail;
    const password = this.config.admin.password ?? generatePassword();
    await this.managers.create({ email, passwordHash: await hashPassword(password), role: 'manager' });
    if (this.config.admin.password) {
      this.logger.log(`First manager account created: ${email} (password from CANTINE_ADMIN_PASSWORD)`);
    } else {
      this.logger.warn(`First manager account created: ${email} / password ${password} — shown only this once, note it now`);
    }
  }

  /** A token for the right email and password, unless this email or address is locked out. */
  async login(email: string, password: string, address: string): Promise<LoginResult> {
    const keys = [`email:${email.toLowerCase()}`, `address:${address}`];
    const retryAfterMs = this.throttle.retryAfterMs(keys, Date.now());
    if (retryAfterMs > 0) return { ok: false, reason: 'locked', retryAfterMs };
    const manager = await this.managers.findByEmail(email);
    const valid = await verifyPassword(password, manager?.passwordHash ?? (await decoyHash));
    if (!manager || !valid) {
      this.throttle.recordFailure(keys, Date.now());
      this.logger.warn(`Failed manager login for ${email} from ${address}`);
      return { ok: false, reason: 'wrong-credentials' };
    }
    this.throttle.recordSuccess(keys);
    return { ok: true, token: await this.tokens.sign({ managerId: manager.id, role: manager.role }) };
  }

  /** Rotation: the same claims with a fresh expiry. */
  async refresh(claims: TokenClaims): Promise<{ token: string }> {
    return { token: await this.tokens.sign(claims) };
  }

  verify(token: string): Promise<TokenClaims | null> {
    return this.tokens.verify(token);
  }

  private get tokens(): TokenSigner {
    if (!this.signer) throw new Error('AuthService used before the application bootstrapped');
    return this.signer;
  }
}
