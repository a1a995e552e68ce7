// Sessions: login (throttled), token checks with revocation, refresh (rotation) and logout.
// Account changes that void tokens (password, reset, disabling) live in AccountsService.
import { randomBytes } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { AppConfig } from '../infra/config/app-config.js';
import { SecretKeys } from '../infra/database/secret-keys.js';
import { LoginThrottle } from './login-throttle.js';
import { ManagersRepository } from './managers.repository.js';
import { hashPassword, verifyPassword } from './password.js';
import { TokenSigner, type TokenClaims } from './tokens.js';

export type LoginResult =
  | { ok: true; token: string }
  | { ok: false; reason: 'wrong-credentials' }
  | { ok: false; reason: 'locked'; retryAfterMs: number };

// Compared against when the email is unknown, so a wrong email costs the same time as a wrong password.
const decoyHash = hashPassword(randomBytes(16).toString('hex'));

@Injectable()
export class AuthService implements OnApplicationBootstrap {
  private readonly logger = new Logger('Auth');
  private signer?: TokenSigner;
  private readonly throttle = new LoginThrottle();
  private readonly revocations = new EventEmitter();

  constructor(
    private readonly config: AppConfig,
    private readonly managers: ManagersRepository,
    private readonly keys: SecretKeys,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    // From the key file, not the database: a copy of the database alone cannot forge a token.
    this.signer = new TokenSigner(this.keys.derive('token-signing'), this.config.tokenTtlHours);
  }

  /** A token for the right email and password of an enabled account, unless this account and address are locked out. */
  async login(email: string, password: string, address: string): Promise<LoginResult> {
    const gate = this.throttle.begin(email, address, Date.now());
    if (!gate.ok) return { ok: false, reason: 'locked', retryAfterMs: gate.retryAfterMs };
    const account = await this.managers.findByEmail(email);
    const valid = await verifyPassword(password, account?.passwordHash ?? (await decoyHash));
    if (!account || !valid || account.disabledAt) {
      // No e-mail in the log: it is personal data, and a mistyped password often lands in that field.
      this.logger.warn(`Failed login from ${address}`);
      return { ok: false, reason: 'wrong-credentials' };
    }
    this.throttle.succeeded(email, address);
    return { ok: true, token: await this.tokens.sign({ managerId: account.id, role: account.role, version: account.tokenVersion }) };
  }

  /**
   * The claims of a token that is well signed, unexpired, not logged out, whose account still
   * exists, is enabled and has not changed its password since; the role is the account's current one.
   */
  async verify(token: string): Promise<TokenClaims | null> {
    const claims = await this.tokens.verify(token);
    if (!claims) return null;
    const account = await this.managers.findById(claims.managerId);
    if (!account || account.disabledAt || account.tokenVersion !== claims.version) return null;
    if (await this.managers.isRevoked(claims.jti)) return null;
    return { ...claims, role: account.role };
  }

  /** Rotation: a fresh token, and the presented one retired. Null when it was already retired (a replay). */
  async refresh(claims: TokenClaims): Promise<{ token: string } | null> {
    if (!(await this.managers.revokeToken(claims.jti, claims.expiresAt))) return null;
    this.revoked();
    return { token: await this.tokens.sign(claims) };
  }

  async logout(claims: TokenClaims): Promise<void> {
    await this.managers.revokeToken(claims.jti, claims.expiresAt);
    this.revoked();
  }

  /** Tells the live sessions (the /manager socket) to check their tokens again. */
  revoked(): void {
    this.revocations.emit('revoked');
  }

  onRevocation(listener: () => void): () => void {
    this.revocations.on('revoked', listener);
    return () => this.revocations.off('revoked', listener);
  }

  private get tokens(): TokenSigner {
    if (!this.signer) throw new Error('AuthService used before the application bootstrapped');
    return this.signer;
  }
}
