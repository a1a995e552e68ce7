import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Cluster mode (docs/scaling.md): the fencing number of the owner that wrote each occupancy snapshot
 * (both engines, 0 for the one-process default), and on PostgreSQL the leases and heartbeats.
 */
export class ClusterLeases1765230000000 implements MigrationInterface {
  name = 'ClusterLeases1765230000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE "occupancy_snapshot" ADD COLUMN "fence" integer NOT NULL DEFAULT 0`);
    if (db.connection.options.type !== 'postgres') return;
    await db.query(`CREATE TABLE "site_lease" (
      "site_id" varchar(64) PRIMARY KEY NOT NULL, "owner" varchar(100),
      "fence" integer NOT NULL DEFAULT 0, "expires_at" timestamptz NOT NULL DEFAULT now())`);
    await db.query(`CREATE TABLE "cluster_instance" ("id" varchar(100) PRIMARY KEY NOT NULL, "seen_at" timestamptz NOT NULL DEFAULT now())`);
  }

  async down(db: QueryRunner): Promise<void> {
    if (db.connection.options.type === 'postgres') {
      await db.query(`DROP TABLE "cluster_instance"`);
      await db.query(`DROP TABLE "site_lease"`);
    }
    await db.query(`ALTER TABLE "occupancy_snapshot" DROP COLUMN "fence"`);
  }
}
