import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Cluster mode reads recent days taken every few seconds (members/taken-days-sync.ts): PostgreSQL only. */
export class PassUseTakenAt1765230000001 implements MigrationInterface {
  name = 'PassUseTakenAt1765230000001';

  async up(db: QueryRunner): Promise<void> {
    if (db.connection.options.type === 'postgres') await db.query(`CREATE INDEX "pass_use_taken_at" ON "pass_use" ("taken_at")`);
  }

  async down(db: QueryRunner): Promise<void> {
    if (db.connection.options.type === 'postgres') await db.query(`DROP INDEX "pass_use_taken_at"`);
  }
}
