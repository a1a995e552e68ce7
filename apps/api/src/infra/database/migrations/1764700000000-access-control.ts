import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Members, badges, passes and the days taken from them; the access audit log (access feature).
 * `pass_use`'s primary key is what makes a day taken at most once per pass, date and half
 * (`period` is '' for a whole day: NULLs would not collide in a key), whatever the doors,
 * duplicate deliveries or restarts. An active UID is held by one badge at most (partial index).
 */
export class AccessControl1764700000000 implements MigrationInterface {
  name = 'AccessControl1764700000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`CREATE TABLE "member" (
      "id" varchar(36) PRIMARY KEY NOT NULL, "name" varchar(200) NOT NULL, "email" varchar(320) NOT NULL,
      "adherent" boolean NOT NULL, "active" boolean NOT NULL, "created_at" varchar(24) NOT NULL)`);
    await db.query(`CREATE TABLE "badge" (
      "id" varchar(36) PRIMARY KEY NOT NULL, "uid" varchar(20) NOT NULL,
      "member_id" varchar(36) NOT NULL REFERENCES "member" ("id") ON DELETE CASCADE, "status" varchar(16) NOT NULL,
      "created_at" varchar(24) NOT NULL, "revoked_at" varchar(24))`);
    await db.query(`CREATE UNIQUE INDEX "badge_active_uid" ON "badge" ("uid") WHERE "status" = 'active'`);
    await db.query(`CREATE INDEX "badge_member" ON "badge" ("member_id")`);
    await db.query(`CREATE TABLE "pass" (
      "id" varchar(36) PRIMARY KEY NOT NULL, "member_id" varchar(36) NOT NULL REFERENCES "member" ("id") ON DELETE CASCADE,
      "type" varchar(16) NOT NULL, "valid_from" varchar(32), "valid_until" varchar(32), "credits" integer,
      "zones" text NOT NULL, "title" varchar(200), "sold_on" varchar(10), "created_at" varchar(24) NOT NULL)`);
    await db.query(`CREATE INDEX "pass_member" ON "pass" ("member_id")`);
    await db.query(`CREATE TABLE "pass_use" (
      "pass_id" varchar(36) NOT NULL REFERENCES "pass" ("id") ON DELETE CASCADE, "use_date" varchar(10) NOT NULL,
      "period" varchar(10) NOT NULL, "taken_at" varchar(24) NOT NULL, PRIMARY KEY ("pass_id", "use_date", "period"))`);
    await db.query(`CREATE TABLE "access_event" (
      "id" varchar(36) PRIMARY KEY NOT NULL, "kind" varchar(16) NOT NULL, "site_id" varchar(64) NOT NULL,
      "door_id" varchar(64), "reader_id" varchar(64), "uid" varchar(20), "member_id" varchar(36), "member_name" varchar(200),
      "granted" boolean, "reason" varchar(32) NOT NULL, "detail" varchar(200), "pass_id" varchar(36), "manager_id" varchar(36),
      "at" varchar(24) NOT NULL, "device_time" varchar(24), "latency_ms" real)`);
    await db.query(`CREATE INDEX "access_event_at" ON "access_event" ("at")`);
    await db.query(`CREATE INDEX "access_event_site_at" ON "access_event" ("site_id", "at")`);
  }

  async down(db: QueryRunner): Promise<void> {
    for (const index of ['access_event_site_at', 'access_event_at', 'pass_member', 'badge_member', 'badge_active_uid']) {
      await db.query(`DROP INDEX "${index}"`);
    }
    for (const table of ['access_event', 'pass_use', 'pass', 'badge', 'member']) {
      await db.query(`DROP TABLE "${table}"`);
    }
  }
}
