import { Column, Entity, PrimaryColumn } from 'typeorm';
import { isoText } from '../infra/database/iso-text.js';

export type ManagerRole = 'manager' | 'staff';

@Entity('manager')
export class ManagerEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 }) id!: string;
  @Column({ type: 'varchar', length: 320, unique: true }) email!: string;
  @Column({ name: 'password_hash', type: 'varchar', length: 200 }) passwordHash!: string;
  @Column({ type: 'varchar', length: 16 }) role!: ManagerRole;
  @Column({ name: 'created_at', ...isoText }) createdAt!: Date;
}
