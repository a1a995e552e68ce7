// Mosquitto restarted in the middle of a burst of 200 badges (hardening issue). Readers use QoS 1
// and persistent sessions (`clean: false`), Mosquitto persistence is on. Every badge is answered
// (late ones after the restart: re-delivered by the reader's MQTT session or by the broker's queue
// for the service) and recorded exactly once in the audit log.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuditLog } from '../../apps/api/src/access/audit-log.js';
import { writeMosquittoFiles, mosquittoFiles } from '../../apps/api/src/devices/mosquitto-files.js';
import { api } from '../access/helpers.js';
import { startTestCantine, type TestCantine } from '../support/app.js';
import { provisioned } from '../support/devices.js';
import { catchUnhandled, summarise, TimedReader } from '../support/faults.js';
import { mosquittoAvailable, startMosquitto, type RunningMosquitto } from '../support/mosquitto.js';
import { eventually } from '../support/eventually.js';

const available = mosquittoAvailable();
const READERS = 10;
const BADGES = 200;

describe.skipIf(!available)('Mosquitto restarted during a burst of 200 badges', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cantine-broker-restart-'));
  const service = { username: 'cantine-service', password: randomBytes(18).toString('base64url') };
  const uids = Array.from({ length: 20 }, (_, i) => `04A224B2C3${String(i).padStart(4, '0')}`);
  let mosquitto: RunningMosquitto;
  let cantine: TestCantine;
  const readers: TimedReader[] = [];
  const unhandled = catchUnhandled();

  beforeAll(async () => {
    const empty = await mosquittoFiles([], service, 'cantine');
    fs.writeFileSync(path.join(dir, 'passwd'), empty.passwd, { mode: 0o600 });
    fs.writeFileSync(path.join(dir, 'acl'), empty.acl);
    mosquitto = await startMosquitto(dir, { persistence: true });
    cantine = await startTestCantine({ MQTT_URL: mosquitto.url, MQTT_USERNAME: service.username, MQTT_PASSWORD: service.password });
    const manager = await api(cantine);
    for (const [i, uid] of uids.entries()) await manager.member(`Staff ${'ABCDEFGHIJKLMNOPQRSTUVWXYZ'[i]}`, uid, [{ type: 'staff' }]);
    const secrets: string[] = [];
    for (let i = 0; i < READERS; i++) secrets.push(await provisioned(cantine.baseUrl, manager.headers, { id: `reader-${i}`, kind: 'reader', door: 'entrance' }));
    await writeMosquittoFiles(cantine.app.get(DataSource), dir, service, 'cantine');
    await mosquitto.reload();
    for (let i = 0; i < READERS; i++) {
      readers.push(await TimedReader.connect(mosquitto.url, `reader-${i}`, secrets[i]!, { clean: false, reconnectPeriod: 100 }));
    }
  }, 60_000);
  afterAll(async () => {
    unhandled.dispose();
    await Promise.all(readers.map((r) => r.close()));
    await cantine?.dispose();
    await mosquitto?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('answers every badge and records each exactly once', { timeout: 60_000 }, async () => {
    let restart: Promise<void> | undefined;
    const restartAfter = Math.floor(BADGES * 0.4);
    const started = Date.now();
    for (let n = 0; n < BADGES; n++) {
      readers[n % READERS]!.badge(uids[n % uids.length]!);
      if (n === restartAfter) restart = mosquitto.restart(200);
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    await restart;
    const restartedAt = Date.now();
    await eventually(() => expect(readers.flatMap((r) => r.unanswered())).toEqual([]), 20_000, 100).catch(() => undefined);
    const lateMs = Date.now() - restartedAt;
    const answered = readers.reduce((sum, r) => sum + r.decisions.size, 0);
    const heard = readers.reduce((sum, r) => sum + r.heard, 0);
    await cantine.app.get(AuditLog).flush();
    const manager = await api(cantine);
    const entries = (await manager.get('/api/access-events?limit=1000')).body as Array<{ id: string; reader: string; granted: boolean }>;
    const perReader = Object.fromEntries(readers.map((r) => [r.id, entries.filter((e) => e.reader === r.id).length]));
    const latencies = summarise(readers.flatMap((r) => [...r.decisions.values()].map((d) => d.latencyMs)));
    console.log(
      `[broker-restart] ${BADGES} badges over ${READERS} readers, Mosquitto restarted after #${restartAfter} (${Date.now() - started} ms in all): ` +
        `${answered} answered (${heard} decisions heard, repeats included), last answer ${lateMs} ms after the restart; latency ${JSON.stringify(latencies)}; ` +
        `audit entries ${entries.length}, per reader ${JSON.stringify(perReader)}; unanswered ${JSON.stringify(readers.map((r) => r.unanswered()))}`,
    );

    expect(unhandled.errors).toEqual([]);
    expect(readers.flatMap((r) => r.unanswered().map((seq) => `${r.id}#${seq}`))).toEqual([]);
    expect(answered).toBe(BADGES);
    expect(entries).toHaveLength(BADGES);
    expect(new Set(entries.map((e) => e.id)).size).toBe(BADGES);
    for (const reader of readers) expect(perReader[reader.id]).toBe(BADGES / READERS);
    expect(entries.every((e) => e.granted)).toBe(true);
  });
});
