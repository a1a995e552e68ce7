import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The key each native reader's decisions and allow-lists are signed with (docs/security.md):
 * derived from the device secret at provisioning, kept because the secret itself is only hashed.
 * Devices provisioned before have none: their decisions stay unsigned until re-provisioned.
 */
export class DeviceDecisionKey1764810000000 implements MigrationInterface {
  name = 'DeviceDecisionKey1764810000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE "device" ADD COLUMN "decision_key" varchar(64)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE "device" DROP COLUMN "decision_key"`);
  }
}
