import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { ManagerEntity, type ManagerRole } from './manager.entity.js';

export interface Manager {
  id: string;
  email: string;
  passwordHash: string;
  role: ManagerRole;
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

  async create(manager: Omit<Manager, 'id'>): Promise<Manager> {
    const row = { ...manager, id: randomUUID(), email: manager.email.toLowerCase(), createdAt: new Date() };
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
}

function toManager(row: ManagerEntity): Manager {
  return { id: row.id, email: row.email, passwordHash: row.passwordHash, role: row.role };
}
