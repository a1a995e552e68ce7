import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `broker_acl` (PostgreSQL only): what each device may publish and subscribe to, for an external
 * broker that authorises from PostgreSQL (EMQX's `postgresql` authorizer, deploy/emqx/). The
 * service writes it from `deviceAcl` when MQTT_ACL_TABLE=1; the key makes a row unique per rule,
 * so two instances syncing at once cannot double it.
 */
export class BrokerAcl1765280000000 implements MigrationInterface {
  name = 'BrokerAcl1765280000000';

  async up(db: QueryRunner): Promise<void> {
    if (db.connection.options.type !== 'postgres') return;
    await db.query(`CREATE TABLE "broker_acl" (
      "username" varchar(64) NOT NULL, "permission" varchar(5) NOT NULL, "action" varchar(9) NOT NULL,
      "topic" varchar(250) NOT NULL, PRIMARY KEY ("username", "action", "topic"))`);
  }

  async down(db: QueryRunner): Promise<void> {
    if (db.connection.options.type === 'postgres') await db.query(`DROP TABLE "broker_acl"`);
  }
}
