import type { MigrationInterface, QueryRunner } from 'typeorm';

/** A device's label, set by `PATCH /api/devices/{id}` ("lecteur entrée côté rue"); same SQL on both engines. */
export class DeviceName1765160000000 implements MigrationInterface {
  name = 'DeviceName1765160000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE "device" ADD COLUMN "name" varchar(100)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE "device" DROP COLUMN "name"`);
  }
}
