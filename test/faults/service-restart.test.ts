// The service restarted (graceful stop, new process state, same data) while readers badge at
// ~40/s and desk sensors report (hardening issue): no day is taken twice, and the desks come back
// in the state they had, from the snapshot, before any sensor speaks again. On PostgreSQL when the
// machine has it (CI does), else on SQLite.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuditLog } from '../../apps/api/src/access/audit-log.js';
import { api } from '../access/helpers.js';
import { getSeats } from '../occupancy/helpers.js';
import { startTestCantine, type TestCantine } from '../support/app.js';
import { createPostgresDatabase, postgresAdminUrl } from '../support/databases.js';
import { connectDevice, provisioned } from '../support/devices.js';
import { alwaysOpenSitesDir, catchUnhandled, freePort, TimedReader } from '../support/faults.js';
import { serviceAvailable } from '../support/services.js';
import { eventually } from '../support/eventually.js';

const onPostgres = await serviceAvailable('PostgreSQL', 'TEST_DATABASE_URL', postgresAdminUrl, 5432);
const MEMBERS = 30;
const READERS = 6;
const DESKS = ['desk-01', 'desk-02', 'desk-03', 'desk-04', 'desk-05', 'desk-06'];

describe(`the service restarted under load (${onPostgres ? 'PostgreSQL' : 'SQLite'})`, () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cantine-restart-load-'));
  const sitesDir = alwaysOpenSitesDir();
  let database: Awaited<ReturnType<typeof createPostgresDatabase>> | undefined;
  let env: Record<string, string>;
  let cantine: TestCantine;
  const readers: TimedReader[] = [];
  const uids = Array.from({ length: MEMBERS }, (_, i) => `04A224B2${String(i).padStart(6, '0')}`);
  const memberIds: string[] = [];
  const unhandled = catchUnhandled();

  beforeAll(async () => {
    database = onPostgres ? await createPostgresDatabase() : undefined;
    // Fixed ports: devices reconnect to the same broker address after the restart.
    // ~40 badge-ins/s over 6 readers is more than the per-reader rate limit lets through (5/s): six
    // readers stand for a busy fleet here, so the limit is lifted.
    env = { DATA_DIR: dataDir, SITES_DIR: sitesDir, MQTT_PORT: String(await freePort()), DEVICE_RATE_PER_SECOND: '1000', DEVICE_RATE_BURST: '1000', ...(database ? { DATABASE_URL: database.url } : {}) };
    cantine = await startTestCantine(env);
    const manager = await api(cantine);
    for (const [i, uid] of uids.entries()) {
      memberIds.push(await manager.member(`Member ${'ABCDEFGHIJKLMNOPQRSTUVWXYZ'[i % 26]}${'abcd'[Math.floor(i / 26)]}`, uid, [{ type: 'carnet', credits: 3 }]));
    }
    for (let i = 0; i < READERS; i++) {
      const secret = await provisioned(cantine.baseUrl, manager.headers, { id: `reader-${i}`, kind: 'reader', door: i % 2 ? 'open-space' : 'entrance' });
      readers.push(await TimedReader.connect(`mqtt://127.0.0.1:${cantine.mqttPort}`, `reader-${i}`, secret, { reconnectPeriod: 200 }));
    }
    // Desk sensors: three occupied, three free; they say it once and then stay silent.
    for (const [i, desk] of DESKS.entries()) {
      const id = `${desk}-sensor`;
      const secret = await provisioned(cantine.baseUrl, manager.headers, { id, kind: 'desk-sensor', desk });
      const sensor = await connectDevice(cantine.mqttPort, id, secret);
      await sensor.publishAsync(`cantine/quimper/devices/${id}/status`, '{"online":true,"battery":80}', { qos: 1 });
      await sensor.publishAsync(`cantine/quimper/desks/${desk}/presence`, JSON.stringify({ occupied: i < 3 }), { qos: 1 });
      await sensor.endAsync();
    }
    await eventually(async () => expect(await getSeats(cantine)).toMatchObject({ occupied: 3, free: 3 }), 5000);
  }, 120_000);
  afterAll(async () => {
    unhandled.dispose();
    await Promise.all(readers.map((r) => r.close()));
    await cantine?.dispose();
    await database?.drop();
    fs.rmSync(sitesDir, { recursive: true, force: true });
  });

  it('takes no day twice and restores every desk', { timeout: 90_000 }, async () => {
    const sentCount = () => readers.reduce((sum, r) => sum + r.sent, 0);
    /** Every member badges until one of its badge-ins is answered (a person whose door stayed shut badges again). */
    const everyMemberAnswered = () =>
      Promise.all(
        uids.map((uid, i) => {
          const reader = readers[i % READERS]!;
          return eventually(async () => expect(await reader.badgeAndWait(uid, 2000)).toBeDefined(), 40_000, 0);
        }),
      );
    // Each member takes its day before the restart.
    await everyMemberAnswered();
    const seatsBefore = await getSeats(cantine);
    const sentBeforeStop = sentCount();
    // Badge-ins keep coming (~40/s) while the service stops and starts again.
    let restarting = true;
    const load = (async () => {
      for (let n = 0; restarting; n++) {
        readers[n % READERS]!.badge(uids[n % MEMBERS]!);
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
    })();
    const stoppedAt = Date.now();
    await cantine.close();
    cantine = await startTestCantine(env);
    const downMs = Date.now() - stoppedAt;
    // The snapshot, before any sensor has spoken again (they stay silent).
    const seatsAfter = await getSeats(cantine);
    restarting = false;
    await load;
    // Readers reconnect with backoff: every member gets in again once they are back, on the day already taken.
    await everyMemberAnswered();
    const sent = sentCount();
    const answered = readers.reduce((sum, r) => sum + r.decisions.size, 0);
    const granted = readers.reduce((sum, r) => sum + [...r.decisions.values()].filter((d) => d.granted).length, 0);
    await cantine.app.get(AuditLog).flush();

    const manager = await api(cantine);
    const passes = await Promise.all(memberIds.map(async (id) => ((await manager.get(`/api/members/${id}/passes`)).body as Array<{ remaining: number; usedOn: unknown[] }>)[0]!));
    const audit = (await manager.get('/api/access-events?limit=1000')).body as unknown[];
    const useRows = database ? await passUseRows(database.url) : undefined;
    console.log(
      `[service-restart] ${sent} badges (${sentBeforeStop} before the stop), service down ${downMs} ms; ${answered} answered (${granted} granted), ` +
        `${sent - answered} unanswered (sent while it was down or stopping); audit entries ${audit.length}; ` +
        `carnets remaining ${JSON.stringify(countBy(passes.map((p) => p.remaining)))}, days used ${JSON.stringify(countBy(passes.map((p) => p.usedOn.length)))}; pass_use rows ${useRows ?? 'n/a (SQLite)'}; ` +
        `seats before ${seatsBefore.occupied}/${seatsBefore.free}/${seatsBefore.offline}, after ${seatsAfter.occupied}/${seatsAfter.free}/${seatsAfter.offline}`,
    );

    expect(unhandled.errors).toEqual([]);
    // Every member badged several times on both sides of the restart: one day each, once.
    for (const pass of passes) expect(pass).toMatchObject({ remaining: 2, usedOn: [expect.anything()] });
    if (useRows !== undefined) expect(useRows).toBe(MEMBERS);
    expect(granted).toBe(answered);
    // Each answered badge was recorded (a badge decided while stopping may be recorded without its answer arriving).
    expect(audit.length).toBeGreaterThanOrEqual(answered);
    expect(audit.length).toBeLessThanOrEqual(sent);
    expect(seatsAfter.desks).toEqual(seatsBefore.desks);
    expect(seatsAfter).toMatchObject({ occupied: 3, free: 3 });
  });
});

async function passUseRows(url: string): Promise<number> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(`SELECT count(*)::int AS n FROM pass_use`)).rows[0].n as number;
  } finally {
    await client.end();
  }
}

function countBy(values: number[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const value of values) counts[value] = (counts[value] ?? 0) + 1;
  return counts;
}
