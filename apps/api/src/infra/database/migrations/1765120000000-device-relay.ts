import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The relay a foreign reader's door is wired to on a multi-relay board (docs/devices.md, "Stock
 * firmware"): Tasmota `POWER<n>`, esp-rfid's `open` command. Null: the firmware's default command.
 */
export class DeviceRelay1765120000000 implements MigrationInterface {
  name = 'DeviceRelay1765120000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE "device" ADD COLUMN "relay" integer`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE "device" DROP COLUMN "relay"`);
  }
}
