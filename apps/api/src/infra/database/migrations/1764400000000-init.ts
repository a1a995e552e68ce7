import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Init1764400000000 implements MigrationInterface {
  name = 'Init1764400000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`CREATE TABLE "site" (
      "id" varchar(64) PRIMARY KEY NOT NULL, "name" varchar(200) NOT NULL, "timezone" varchar(64) NOT NULL,
      "rules" text NOT NULL, "floor_plan" text NOT NULL, "updated_at" varchar(24) NOT NULL)`);
    await db.query(`CREATE TABLE "zone" (
      "site_id" varchar(64) NOT NULL REFERENCES "site" ("id") ON DELETE CASCADE, "id" varchar(64) NOT NULL,
      "name" varchar(200) NOT NULL, "position" integer NOT NULL, "area" text, PRIMARY KEY ("site_id", "id"))`);
    await db.query(`CREATE TABLE "door" (
      "site_id" varchar(64) NOT NULL REFERENCES "site" ("id") ON DELETE CASCADE, "id" varchar(64) NOT NULL,
      "name" varchar(200) NOT NULL, "zone_id" varchar(64) NOT NULL, "unlock_ms" integer NOT NULL, "position" integer NOT NULL,
      PRIMARY KEY ("site_id", "id"))`);
    await db.query(`CREATE TABLE "desk" (
      "site_id" varchar(64) NOT NULL REFERENCES "site" ("id") ON DELETE CASCADE, "id" varchar(64) NOT NULL,
      "label" varchar(64) NOT NULL, "zone_id" varchar(64) NOT NULL, "x" real NOT NULL, "y" real NOT NULL, "position" integer NOT NULL,
      PRIMARY KEY ("site_id", "id"))`);
    await db.query(`CREATE TABLE "manager" (
      "id" varchar(36) PRIMARY KEY NOT NULL, "email" varchar(320) NOT NULL UNIQUE,
      "password_hash" varchar(200) NOT NULL, "role" varchar(16) NOT NULL, "created_at" varchar(24) NOT NULL)`);
    await db.query(`CREATE TABLE "setting" ("key" varchar(64) PRIMARY KEY NOT NULL, "value" text NOT NULL)`);
  }

  async down(db: QueryRunner): Promise<void> {
    for (const table of ['setting', 'manager', 'desk', 'door', 'zone', 'site']) {
      await db.query(`DROP TABLE "${table}"`);
    }
  }
}
