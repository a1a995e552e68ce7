import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Provisioned devices with their hashed MQTT secrets and last known state (devices feature). */
export class Devices1764600000000 implements MigrationInterface {
  name = 'Devices1764600000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`CREATE TABLE "device" (
      "id" varchar(64) PRIMARY KEY NOT NULL, "kind" varchar(16) NOT NULL,
      "site_id" varchar(64) NOT NULL REFERENCES "site" ("id") ON DELETE CASCADE, "protocol" varchar(16) NOT NULL,
      "door_id" varchar(64), "desk_id" varchar(64), "topic" varchar(200), "bridge_id" varchar(64), "uid_format" varchar(8),
      "secret_hash" varchar(200), "mosquitto_hash" varchar(200), "created_at" varchar(24) NOT NULL,
      "online" boolean NOT NULL, "last_seen" varchar(24), "battery" integer, "rssi" integer, "linkquality" integer,
      "fw" varchar(64), "ip" varchar(64))`);
    await db.query(`CREATE INDEX "device_site" ON "device" ("site_id")`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP INDEX "device_site"`);
    await db.query(`DROP TABLE "device"`);
  }
}
