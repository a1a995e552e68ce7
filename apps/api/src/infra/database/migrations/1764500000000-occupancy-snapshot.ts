import type { MigrationInterface, QueryRunner } from 'typeorm';

export class OccupancySnapshot1764500000000 implements MigrationInterface {
  name = 'OccupancySnapshot1764500000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`CREATE TABLE "occupancy_snapshot" (
      "site_id" varchar(64) PRIMARY KEY NOT NULL REFERENCES "site" ("id") ON DELETE CASCADE,
      "state" text NOT NULL, "saved_at" varchar(24) NOT NULL, "closed_at" varchar(24))`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE "occupancy_snapshot"`);
  }
}
