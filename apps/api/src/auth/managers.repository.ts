import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { DataSource, LessThan } from 'typeorm';
import { ManagerEntity, RevokedTokenEntity, type ManagerRole } from './manager.entity.js';

export interface Manager {
  id: string;
  email: string;
  passwordHash: string;
  role: ManagerRole;
  tokenVersion: number;
  disabledAt: Date | null;
}

@Injectable()
export class ManagersRepository {
  constructor(private readonly db: DataSource) {}

  private get managers() {
    return this.db.getRepository(ManagerEntity);
  }

  count(): Promise<number> {
    return this.managers.count();
  }

  async create(manager: Pick<Manager, 'email' | 'passwordHash' | 'role'>): Promise<Manager> {
    const row = {
      ...manager,
      id: randomUUID(),
      email: manager.email.toLowerCase(),
      createdAt: new Date(),
      tokenVersion: 0,
      disabledAt: null,
    };
    await this.managers.insert(row);
    return toManager(row);
  }

  async list(): Promise<Manager[]> {
    return (await this.managers.find({ order: { email: 'ASC' } })).map(toManager);
  }

  async findByEmail(email: string): Promise<Manager | null> {
    const row = await this.managers.findOneBy({ email: email.toLowerCase() });
    return row ? toManager(row) : null;
  }

  async findById(id: string): Promise<Manager | null> {
    const row = await this.managers.findOneBy({ id });
    return row ? toManager(row) : null;
  }

  /** Changes what `id` can do and voids every token issued to it before, in one statement. */
  async update(id: string, change: { passwordHash?: string; disabledAt?: Date | null }): Promise<boolean> {
    const result = await this.managers
      .createQueryBuilder()
      .update()
      .set({ ...change, tokenVersion: () => '"token_version" + 1' })
      .where('id = :id', { id })
      .execute();
    return (result.affected ?? 0) > 0;
  }

  /** Voids one token; false when it already was (a second logout, a refresh raced by another). */
  async revokeToken(jti: string, expiresAt: Date, now = new Date()): Promise<boolean> {
    const tokens = this.db.getRepository(RevokedTokenEntity);
    try {
      await tokens.insert({ jti, expiresAt });
    } catch (error) {
      if (await tokens.existsBy({ jti })) return false; // the primary key refused a second revocation
      throw error;
    }
    await tokens.delete({ expiresAt: LessThan(now) });
    return true;
  }

  isRevoked(jti: string): Promise<boolean> {
    return this.db.getRepository(RevokedTokenEntity).existsBy({ jti });
  }
}

function toManager(row: ManagerEntity): Manager {
  return {
    id: row.id,
    email: row.email,
    passwordHash: row.passwordHash,
    role: row.role,
    tokenVersion: row.tokenVersion,
    disabledAt: row.disabledAt ?? null,
  };
}
