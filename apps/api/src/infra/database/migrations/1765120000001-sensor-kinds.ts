import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The kind of a desk's sensor (pir, radar, contact, pressure), which sets how long the desk is held
 * (docs/occupancy.md): per desk from the site file, per device from provisioning (the device wins).
 */
export class SensorKinds1765120000001 implements MigrationInterface {
  name = 'SensorKinds1765120000001';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE "desk" ADD COLUMN "sensor" varchar(16)`);
    await db.query(`ALTER TABLE "device" ADD COLUMN "sensor" varchar(16)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE "device" DROP COLUMN "sensor"`);
    await db.query(`ALTER TABLE "desk" DROP COLUMN "sensor"`);
  }
}
