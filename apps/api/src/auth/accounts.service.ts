// Accounts: the first manager, password changes and resets, disabling. Each change that matters
// to security raises the account's token version, which voids its earlier tokens at once.
import fs from 'node:fs';
import path from 'node:path';
import { ConflictException, Injectable, Logger, NotFoundException, type OnApplicationBootstrap } from '@nestjs/common';
import { AppConfig } from '../infra/config/app-config.js';
import { AuthService } from './auth.service.js';
import type { ManagerRole } from './manager.entity.js';
import { ManagersRepository, type Manager } from './managers.repository.js';
import { generatePassword, hashPassword, verifyPassword } from './password.js';

export const firstPasswordFile = 'first-manager-password.txt';
const defaultAdminEmail = 'admin@cantine.local';

export interface AccountView {
  id: string;
  email: string;
  role: ManagerRole;
  disabled: boolean;
}

@Injectable()
export class AccountsService implements OnApplicationBootstrap {
  private readonly logger = new Logger('Accounts');

  constructor(
    private readonly config: AppConfig,
    private readonly managers: ManagersRepository,
    private readonly auth: AuthService,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.ensureFirstManager();
  }

  /**
   * At first start, creates the first manager from CANTINE_ADMIN_* or with a generated password
   * written to a file only this user can read (never to the log: systemd and Docker keep logs).
   */
  private async ensureFirstManager(): Promise<void> {
    if ((await this.managers.count()) > 0) return;
    const email = this.config.admin.email ?? defaultAdminEmail;
    const password = this.config.admin.password ?? generatePassword();
    await this.managers.create({ email, passwordHash: await hashPassword(password), role: 'manager' });
    if (this.config.admin.password) {
      this.logger.log('First manager account created (e-mail and password from CANTINE_ADMIN_EMAIL and CANTINE_ADMIN_PASSWORD)');
      return;
    }
    const file = writeOwnerOnly(this.config.dataDir, firstPasswordFile, `${email}\n${password}\n`);
    this.logger.warn(`First manager account created: its e-mail and password are in ${file} (readable by this user only). Sign in, change the password, delete the file.`);
  }

  async list(): Promise<AccountView[]> {
    return (await this.managers.list()).map(view);
  }

  async create(account: { email: string; password: string; role: ManagerRole }): Promise<AccountView> {
    if (await this.managers.findByEmail(account.email)) throw new ConflictException(`Un compte utilise déjà ${account.email}`);
    return view(
      await this.managers.create({ email: account.email, passwordHash: await hashPassword(account.password), role: account.role }),
    );
  }

  /** The caller's own password, the current one required; false when it is wrong. */
  async changePassword(accountId: string, current: string, next: string): Promise<boolean> {
    const account = await this.managers.findById(accountId);
    if (!account || !(await verifyPassword(current, account.passwordHash))) return false;
    await this.managers.update(accountId, { passwordHash: await hashPassword(next) });
    this.auth.revoked();
    return true;
  }

  /** A new generated password for another account, returned once; its sessions end. */
  async resetPassword(accountId: string): Promise<{ password: string }> {
    const password = generatePassword();
    if (!(await this.managers.update(accountId, { passwordHash: await hashPassword(password) }))) throw unknown(accountId);
    this.auth.revoked();
    return { password };
  }

  /** Disables (or enables again) another account; disabling ends its sessions at once. */
  async setDisabled(accountId: string, disabled: boolean, by: string): Promise<AccountView> {
    if (accountId === by && disabled) throw new ConflictException('Un gérant ne peut pas désactiver son propre compte');
    if (!(await this.managers.update(accountId, { disabledAt: disabled ? new Date() : null }))) throw unknown(accountId);
    this.auth.revoked();
    return view((await this.managers.findById(accountId)) as Manager);
  }
}

function view(account: Manager): AccountView {
  return { id: account.id, email: account.email, role: account.role, disabled: account.disabledAt !== null };
}

const unknown = (id: string) => new NotFoundException(`Compte inconnu : ${id}`);

/** Writes `content` to `dir/name` with mode 0600 (the folder 0700), replacing any earlier file. */
export function writeOwnerOnly(dir: string, name: string, content: string): string {
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  const file = path.join(dir, name);
  fs.rmSync(file, { force: true });
  fs.writeFileSync(file, content, { mode: 0o600, flag: 'wx' });
  return file;
}
