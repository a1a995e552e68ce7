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
  /** Raised to void every token issued before (password change, reset, disabling). */
  @Column({ name: 'token_version', type: 'integer', default: 0 }) tokenVersion!: number;
  @Column({ name: 'disabled_at', ...isoText, nullable: true }) disabledAt!: Date | null;
}

/** One token voided before its expiry (logout, refresh); forgotten once it would have expired. */
@Entity('revoked_token')
export class RevokedTokenEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 }) jti!: string;
  @Column({ name: 'expires_at', ...isoText }) expiresAt!: Date;
}

/** The tables the auth feature owns, parents first (copy-database inserts in this order). */
export const authEntities = [ManagerEntity, RevokedTokenEntity];
