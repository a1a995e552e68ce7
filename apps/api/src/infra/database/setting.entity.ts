import { Column, Entity, PrimaryColumn } from 'typeorm';

/** Installation-wide values the service generates once and keeps (e.g. the token signing key). */
@Entity('setting')
export class SettingEntity {
  @PrimaryColumn({ type: 'varchar', length: 64 }) key!: string;
  @Column({ type: 'text' }) value!: string;
}
