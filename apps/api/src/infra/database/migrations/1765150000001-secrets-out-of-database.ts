import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Secrets leave the database (docs/security.md, "Secrets at rest"): the token signing key now
 * derives from DATA_DIR/secret.key (or CANTINE_SECRET_KEY), so the old one is deleted (everyone
 * signs in again once); decision keys are stored encrypted, which needs a wider column (SQLite
 * does not enforce varchar lengths). The service encrypts the existing ones at start.
 */
export class SecretsOutOfDatabase1765150000001 implements MigrationInterface {
  name = 'SecretsOutOfDatabase1765150000001';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`DELETE FROM "setting" WHERE "key" = 'token-signing-key'`);
    if (db.connection.options.type === 'postgres') await db.query(`ALTER TABLE "device" ALTER COLUMN "decision_key" TYPE varchar(128)`);
  }

  async down(): Promise<void> {
    // Nothing to restore: the deleted key is useless without the tokens it signed.
  }
}
