import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * esp-rfid readers sharing one MQTT topic are told apart by the hostname and door name their
 * messages carry (docs/devices.md, "Readers sharing a topic").
 */
export class EspRfidNames1765120000002 implements MigrationInterface {
  name = 'EspRfidNames1765120000002';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE "device" ADD COLUMN "hostname" varchar(64)`);
    await db.query(`ALTER TABLE "device" ADD COLUMN "door_name" varchar(64)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE "device" DROP COLUMN "door_name"`);
    await db.query(`ALTER TABLE "device" DROP COLUMN "hostname"`);
  }
}
