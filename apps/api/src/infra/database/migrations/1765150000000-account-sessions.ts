import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Revocable sessions (docs/security.md, "Accounts"): each token carries its account's
 * `token_version`, raised by a password change, a reset or disabling, which voids every earlier
 * token at once; a logout or a refresh voids one token by its id (`revoked_token`, kept until it
 * would have expired anyway).
 */
export class AccountSessions1765150000000 implements MigrationInterface {
  name = 'AccountSessions1765150000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE "manager" ADD COLUMN "token_version" integer NOT NULL DEFAULT 0`);
    await db.query(`ALTER TABLE "manager" ADD COLUMN "disabled_at" varchar(24)`);
    await db.query(`CREATE TABLE "revoked_token" ("jti" varchar(36) PRIMARY KEY NOT NULL, "expires_at" varchar(24) NOT NULL)`);
    await db.query(`CREATE INDEX "idx_revoked_token_expires" ON "revoked_token" ("expires_at")`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE "revoked_token"`);
    await db.query(`ALTER TABLE "manager" DROP COLUMN "disabled_at"`);
    await db.query(`ALTER TABLE "manager" DROP COLUMN "token_version"`);
  }
}
