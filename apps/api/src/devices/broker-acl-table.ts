// Device ACLs in PostgreSQL for a broker that authorises from there (EMQX's `postgresql` authorizer,
// deploy/emqx/emqx.conf): one row per rule, written from `deviceAcl`, the one definition the embedded
// broker and Mosquitto's dynamic security also use. The broker checks the device's password against
// `device.mosquitto_hash` itself (PBKDF2-SHA512, read by its authenticator's query); this table is
// only what each account may touch. Off unless MQTT_ACL_TABLE=1.
import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { AppConfig } from '../infra/config/app-config.js';
import type { DeviceAcl } from './device-acl.js';

/** A row as the broker reads it: EMQX's authorizer takes `permission`, `action`, `topic`. */
export interface BrokerAclRow {
  username: string;
  permission: 'allow';
  action: 'publish' | 'subscribe';
  topic: string;
}

/** Rows per INSERT: 4 parameters each, well under PostgreSQL's 65,535. */
const CHUNK = 1000;
/** Serialises whole-table syncs of instances starting together (an arbitrary constant key). */
const SYNC_LOCK = 0x42a0c1;

/**
 * Only what the device may do: `discard` and `silent` topics stay out, as in Mosquitto's ACL; the
 * broker refuses them quietly (EMQX `deny_action = ignore`), which stock firmwares live with.
 */
export function brokerAclRows(username: string, acl: DeviceAcl): BrokerAclRow[] {
  const rule = (action: BrokerAclRow['action']) => (topic: string): BrokerAclRow => ({ username, permission: 'allow', action, topic });
  const rows = [...acl.publish.map(rule('publish')), ...acl.subscribe.map(rule('subscribe'))];
  return rows.filter((row, index) => rows.findIndex((other) => other.action === row.action && other.topic === row.topic) === index);
}

@Injectable()
export class BrokerAclTable {
  constructor(
    private readonly config: AppConfig,
    private readonly db: DataSource,
  ) {}

  get enabled(): boolean {
    return this.config.mqtt.aclTable;
  }

  /** The device's rules become exactly `acl` (provisioned, re-keyed, moved). */
  async write(username: string, acl: DeviceAcl): Promise<void> {
    if (!this.enabled) return;
    await this.db.transaction(async (tx) => {
      await tx.query(`DELETE FROM "broker_acl" WHERE "username" = $1`, [username]);
      await insert(tx, brokerAclRows(username, acl));
    });
  }

  /** The device is gone: the broker refuses it everything from its next check. */
  async remove(username: string): Promise<void> {
    if (!this.enabled) return;
    await this.db.query(`DELETE FROM "broker_acl" WHERE "username" = $1`, [username]);
  }

  /** At start: the table becomes exactly these accounts' rules (devices deleted meanwhile go). */
  async replaceAll(accounts: ReadonlyArray<[string, DeviceAcl]>): Promise<void> {
    if (!this.enabled) return;
    await this.db.transaction(async (tx) => {
      await tx.query(`SELECT pg_advisory_xact_lock($1)`, [SYNC_LOCK]);
      await tx.query(`DELETE FROM "broker_acl"`);
      await insert(tx, accounts.flatMap(([username, acl]) => brokerAclRows(username, acl)));
    });
  }
}

async function insert(tx: EntityManager, rows: BrokerAclRow[]): Promise<void> {
  for (let start = 0; start < rows.length; start += CHUNK) {
    const chunk = rows.slice(start, start + CHUNK);
    const values = chunk.map((_, i) => `($${4 * i + 1}, $${4 * i + 2}, $${4 * i + 3}, $${4 * i + 4})`).join(', ');
    const parameters = chunk.flatMap((row) => [row.username, row.permission, row.action, row.topic]);
    await tx.query(`INSERT INTO "broker_acl" ("username", "permission", "action", "topic") VALUES ${values} ON CONFLICT DO NOTHING`, parameters);
  }
}
