import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A door's exits from its site file (`exitReaders`, `exitOnly`; docs/site-file.md), as JSON text,
 * so exit readers and exit-only doors take people out of "Présents". Same SQL on both engines.
 */
export class DoorExits1765220000000 implements MigrationInterface {
  name = 'DoorExits1765220000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE "door" ADD COLUMN "exit" text`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE "door" DROP COLUMN "exit"`);
  }
}
