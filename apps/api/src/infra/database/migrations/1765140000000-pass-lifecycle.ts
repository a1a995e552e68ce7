import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Pass lifecycle and member edits (issue 12). A pass keeps the price fixed at its sale and how a
 * subscription ended mid-period bills; `pass_change` and `member_change` are the audit trail
 * (who, when, before/after), and statements replay `pass_change` (libs/domain pass-billing.ts).
 *
 * E-mails become unique, case-insensitively. Members already sharing an e-mail are kept as they
 * are: the oldest holds it, the later ones are flagged `email_duplicate` (left out of the unique
 * index) until a manager gives them their own; nothing is renamed or lost. Prices of passes sold
 * before are filled at the next start from the tariffs then in force (MembersService).
 */
export class PassLifecycle1765140000000 implements MigrationInterface {
  name = 'PassLifecycle1765140000000';

  async up(db: QueryRunner): Promise<void> {
    for (const column of ['"price_cents" integer', '"end_mode" varchar(16)', '"cancelled_on" varchar(10)', '"refund" boolean', '"refund_cents" integer', '"cancel_reason" varchar(500)']) {
      await db.query(`ALTER TABLE "pass" ADD COLUMN ${column}`);
    }
    await db.query(`CREATE TABLE "pass_change" (
      "pass_id" varchar(36) NOT NULL REFERENCES "pass" ("id") ON DELETE CASCADE, "seq" integer NOT NULL,
      "kind" varchar(16) NOT NULL, "on_date" varchar(10) NOT NULL, "at" varchar(24) NOT NULL, "account_id" varchar(36),
      "before" text NOT NULL, "after" text NOT NULL, "reason" varchar(500), PRIMARY KEY ("pass_id", "seq"))`);
    await db.query(`ALTER TABLE "member" ADD COLUMN "email_duplicate" boolean NOT NULL DEFAULT false`);
    await db.query(`UPDATE "member" SET "email_duplicate" = true WHERE EXISTS (
      SELECT 1 FROM "member" "o" WHERE lower("o"."email") = lower("member"."email")
      AND ("o"."created_at" < "member"."created_at" OR ("o"."created_at" = "member"."created_at" AND "o"."id" < "member"."id")))`);
    await db.query(`CREATE UNIQUE INDEX "member_email_unique" ON "member" (lower("email")) WHERE "email_duplicate" = false`);
    await db.query(`CREATE TABLE "member_change" (
      "id" varchar(36) PRIMARY KEY NOT NULL, "member_id" varchar(36) NOT NULL REFERENCES "member" ("id") ON DELETE CASCADE,
      "at" varchar(24) NOT NULL, "account_id" varchar(36), "before" text NOT NULL, "after" text NOT NULL)`);
    await db.query(`CREATE INDEX "member_change_member" ON "member_change" ("member_id")`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP INDEX "member_change_member"`);
    await db.query(`DROP TABLE "member_change"`);
    await db.query(`DROP INDEX "member_email_unique"`);
    await db.query(`ALTER TABLE "member" DROP COLUMN "email_duplicate"`);
    await db.query(`DROP TABLE "pass_change"`);
    for (const column of ['cancel_reason', 'refund_cents', 'refund', 'cancelled_on', 'end_mode', 'price_cents']) {
      await db.query(`ALTER TABLE "pass" DROP COLUMN "${column}"`);
    }
  }
}
