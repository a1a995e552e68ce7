// A broker node killed during traffic (issue 15, item 4): a three-node NATS cluster serves MQTT;
// the service is connected to node 1, the readers to node 2 with node 3 as their fallback (MQTT.js
// `servers`). Node 2 is killed (-9) while badges flow: the readers reconnect to node 3 and send
// again, with the same seq, what was not answered (contract §2). Every badge is answered, each is
// recorded once, and no carnet has a day taken twice.
//
// The service takes one MQTT_URL, so it stays on a surviving node; a service that loses its node
// is the Mosquitto restart's case (broker-restart.test.ts). Auth: NATS users in its configuration,
// the service's and one per reader with the secret the service provisioned, as an operator would
// copy them (in external mode without dynamic security the service never sees device passwords;
// the broker checks them). No per-topic permissions: NATS maps MQTT topics onto subjects plus
// internal `$MQTT.>` ones, and this suite tests delivery across nodes, not device isolation.
// NATS's MQTT has no QoS 2: everything here is QoS 1, as the service and the readers use.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decisionTopic } from '#protocol';
import { AuditLog } from '../../apps/api/src/access/audit-log.js';
import { api } from '../access/helpers.js';
import { Reader } from '../cluster/readers.js';
import { startTestCantine, type TestCantine } from '../support/app.js';
import { provisioned } from '../support/devices.js';
import { eventually } from '../support/eventually.js';
import { alwaysOpenSitesDir, catchUnhandled } from '../support/faults.js';
import { natsAvailable, startNatsCluster, type NatsCluster, type NatsUser } from '../support/nats.js';

const available = natsAvailable();
const READERS = 8;
const MEMBERS = 24;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * What a reader's firmware must do on a NATS cluster: check its SUBACK. Right after a node is
 * lost, NATS refuses a QoS 1 subscription (0x80) while JetStream elects new leaders for the
 * consumer behind it ("Unable to add JetStream consumer … timeout"), and MQTT.js's automatic
 * resubscription does not retry a refusal: the reader would badge on and never hear an answer.
 */
async function subscribeUntilGranted(reader: Reader): Promise<void> {
  const topic = decisionTopic(reader.site, reader.id);
  while (reader.client.connected) {
    const granted = await reader.client.subscribeAsync(topic, { qos: 1 }).catch(() => []);
    if (granted.length > 0 && granted.every((grant) => grant.qos !== 128)) return;
    await sleep(500);
  }
}

describe.skipIf(!available)('a NATS broker node killed during traffic', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cantine-nats-'));
  const sitesDir = alwaysOpenSitesDir();
  const service: NatsUser = { user: 'cantine-service', password: randomBytes(18).toString('base64url') };
  const uids = Array.from({ length: MEMBERS }, (_, i) => `04B224B2C3${String(i).padStart(4, '0')}`);
  let nats: NatsCluster;
  let cantine: TestCantine;
  const readers: Reader[] = [];
  const unhandled = catchUnhandled();

  beforeAll(async () => {
    nats = await startNatsCluster(dir, [service]);
    const [n1] = nats.nodes;
    cantine = await startTestCantine({
      MQTT_URL: n1!.mqttUrl,
      MQTT_USERNAME: service.user,
      MQTT_PASSWORD: service.password,
      SITES_DIR: sitesDir,
      // Simulated readers badge far faster than a person: the per-device flood limit must not drop them.
      DEVICE_RATE_BURST: '1000',
      DEVICE_RATE_PER_SECOND: '1000',
    });
    const manager = await api(cantine);
    for (const [i, uid] of uids.entries()) await manager.member(`Membre ${'ABCDEFGHIJKLMNOPQRSTUVWXYZ'[i]}`, uid, [{ type: 'carnet', credits: 5 }]);
    const users = [service];
    for (let i = 0; i < READERS; i++) {
      const id = `reader-${i}`;
      users.push({ user: id, password: await provisioned(cantine.baseUrl, manager.headers, { id, kind: 'reader', door: 'entrance' }) });
    }
    await nats.setUsers(users);
    const [, n2, n3] = nats.nodes;
    const servers = [n2!, n3!].map((node) => ({ host: '127.0.0.1', port: node.mqttPort }));
    for (const user of users.slice(1)) {
      readers.push(await Reader.connect(n2!.mqttUrl, user.user, 'quimper', 1000, { username: user.user, password: user.password, servers, reconnectPeriod: 100, connectTimeout: 2000 }));
    }
  }, 90_000);

  afterAll(async () => {
    unhandled.dispose();
    await Promise.all(readers.map((reader) => reader.close().catch(() => undefined)));
    await cantine?.dispose();
    await nats?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
    fs.rmSync(sitesDir, { recursive: true, force: true });
  }, 60_000);

  it('answers every badge through another node, records each once and takes no day twice', { timeout: 120_000 }, async () => {
    const [n1, n2, n3] = nats.nodes;
    const reconnectedAt = new Map<string, number>();
    for (const reader of readers) {
      reader.client.on('connect', () => {
        reconnectedAt.set(reader.id, performance.now());
        void subscribeUntilGranted(reader);
      });
    }
    let sending = true;
    const traffic = (async () => {
      for (let round = 0; sending; round++) {
        for (const [i, reader] of readers.entries()) reader.badge(uids[(round * READERS + i) % uids.length]!);
        await sleep(500);
      }
    })();
    await sleep(2000);
    const answeredBefore = readers.reduce((sum, reader) => sum + reader.badges.size - reader.unanswered().length, 0);
    const marks = nats.nodes.map((node) => node.output().length);
    const killedAt = performance.now();
    await n2!.kill();
    // Long enough for JetStream to elect new leaders (~10 s here) and for badges to flow through n3 after.
    await sleep(14_000);
    sending = false;
    await traffic;
    await eventually(() => expect(readers.flatMap((reader) => reader.unanswered())).toEqual([]), 60_000, 100).catch(() => undefined);

    const badges = readers.flatMap((reader) => [...reader.badges.values()]);
    const lost = badges.filter((badge) => badge.decisions.length === 0);
    const retried = badges.filter((badge) => badge.sends > 1);
    const reconnects = readers.map((reader) => ((reconnectedAt.get(reader.id) ?? NaN) - killedAt) / 1000);
    // Back in service: from the kill to the first answer to a badge sent after it, per reader.
    const resumed = readers.map((reader) => {
      const sentAfter = [...reader.badges.values()].filter((badge) => badge.lastSentAt > killedAt);
      const after = sentAfter.flatMap((badge) => badge.decisions.filter((at) => at > killedAt));
      return (Math.min(...after) - killedAt) / 1000;
    });
    await cantine.app.get(AuditLog).flush();
    const db = cantine.app.get(DataSource);
    const entries = (await db.query(`SELECT reader_id, granted, pass_id FROM access_event WHERE kind = 'badge'`)) as Array<{ reader_id: string; granted: number | boolean; pass_id: string | null }>;
    const uses = (await db.query(`SELECT pass_id, count(*) AS days FROM pass_use GROUP BY pass_id`)) as Array<{ pass_id: string; days: number }>;
    const grantedPasses = new Set(entries.filter((entry) => entry.granted && entry.pass_id).map((entry) => entry.pass_id));
    console.log(
      `[nats-cluster] ${badges.length} badges from ${READERS} readers on n2 (fallback n3), service on n1; n2 killed after ${answeredBefore} answers: ` +
        `readers reconnected to n3 in ${reconnects.map((s) => s.toFixed(2)).join('/')} s, answering again after ${resumed.map((s) => s.toFixed(2)).join('/')} s; ` +
        `${retried.length} sent again with the same seq, ${lost.length} lost; ${entries.length} audit entries; ${uses.length} carnets used, days per carnet ${[...new Set(uses.map((u) => Number(u.days)))].join(',')}`,
    );

    if (lost.length) for (const [i, node] of nats.nodes.entries()) console.log(`[nats-cluster] ${node.name} after the kill:\n${node.output().slice(marks[i])}`);
    expect(unhandled.errors).toEqual([]);
    expect(n2!.alive()).toBe(false);
    expect(n1!.alive() && n3!.alive()).toBe(true);
    expect(answeredBefore).toBeGreaterThan(0);
    expect(reconnects.every((seconds) => seconds > 0)).toBe(true);
    expect(lost.map((badge) => `${badge.reader}#${badge.seq}`)).toEqual([]);
    // Badges sent after the kill went through n3 → n1 → n3.
    expect(badges.filter((badge) => badge.firstSentAt > killedAt && badge.decisions.length > 0).length).toBeGreaterThan(0);
    // Each badge decided once: a retry is answered again by the reader guard, not recorded again.
    expect(entries).toHaveLength(badges.length);
    expect(entries.every((entry) => Boolean(entry.granted))).toBe(true);
    // No day taken twice: one pass_use row per carnet that opened the door.
    expect(uses.filter((use) => Number(use.days) !== 1)).toEqual([]);
    expect(uses).toHaveLength(grantedPasses.size);
    expect(uses).toHaveLength(MEMBERS);
  });
});
