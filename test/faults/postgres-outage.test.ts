// PostgreSQL down for 30 s (hardening issue), through a TCP proxy between Cantine and the machine's
// PostgreSQL that the test cuts and restores (the server itself is never stopped). Readers badge
// over real MQTT throughout: every badge is answered, as fast as before; the audit entries wait in
// the on-disk queue and reach the database exactly once when it is back; /health names the database.
import fs from 'node:fs';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuditLog } from '../../apps/api/src/access/audit-log.js';
import { api } from '../access/helpers.js';
import { json, startTestCantine, type TestCantine } from '../support/app.js';
import { createPostgresDatabase, postgresAdminUrl } from '../support/databases.js';
import { provisioned } from '../support/devices.js';
import { alwaysOpenSitesDir, catchUnhandled, summarise, TimedReader } from '../support/faults.js';
import { serviceAvailable } from '../support/services.js';
import { startTcpProxy, type TcpProxy } from '../support/tcp-proxy.js';
import { eventually } from '../support/eventually.js';

const available = await serviceAvailable('PostgreSQL', 'TEST_DATABASE_URL', postgresAdminUrl, 5432);
const OUTAGE_MS = 30_000;
const doors = ['entrance', 'open-space', 'event-room'];

describe.skipIf(!available)('PostgreSQL down for 30 s, behind a proxy', () => {
  let database: Awaited<ReturnType<typeof createPostgresDatabase>>;
  let proxy: TcpProxy;
  let cantine: TestCantine;
  const readers: TimedReader[] = [];
  const sitesDir = alwaysOpenSitesDir();
  const uids = Array.from({ length: 10 }, (_, i) => `04A224B2C31F${String(i).padStart(2, '0')}`);
  const memberIds: string[] = [];
  const unhandled = catchUnhandled();

  beforeAll(async () => {
    database = await createPostgresDatabase();
    const target = new URL(database.url);
    proxy = await startTcpProxy({ host: target.hostname, port: Number(target.port || 5432) });
    const proxied = new URL(database.url);
    proxied.hostname = '127.0.0.1';
    proxied.port = String(proxy.port);
    cantine = await startTestCantine({ DATABASE_URL: proxied.toString(), SITES_DIR: sitesDir });
    const manager = await api(cantine);
    // Six staff, two carnets (a day taken during the outage must reach the database once), two without a pass.
    for (const [i, uid] of uids.entries()) {
      const passes = i < 6 ? [{ type: 'staff' }] : i < 8 ? [{ type: 'carnet', credits: 3 }] : [];
      memberIds.push(await manager.member(`Member ${'ABCDEFGHIJKLMNOPQRSTUVWXYZ'[i]}`, uid, passes));
    }
    for (const door of doors) {
      const id = `reader-${door}`;
      const secret = await provisioned(cantine.baseUrl, manager.headers, { id, kind: 'reader', door });
      readers.push(await TimedReader.connect(`mqtt://127.0.0.1:${cantine.mqttPort}`, id, secret));
    }
  });
  afterAll(async () => {
    unhandled.dispose();
    await Promise.all(readers.map((r) => r.close()));
    proxy?.restore();
    await cantine?.dispose();
    await proxy?.close();
    await database?.drop();
    fs.rmSync(sitesDir, { recursive: true, force: true });
  });

  /** Badges every `everyMs` for `durationMs`, rotating readers and members; returns the latencies. */
  async function badgeFor(
    badges: string[],
    durationMs: number,
    everyMs: number,
    during?: (elapsedMs: number) => Promise<void>,
  ): Promise<{ latencies: number[]; sent: number; unanswered: number }> {
    const pending: Array<Promise<{ latencyMs: number } | undefined>> = [];
    const started = Date.now();
    let n = 0;
    let nextCheck = 5_000;
    while (Date.now() - started < durationMs) {
      const reader = readers[n % readers.length]!;
      pending.push(reader.badgeAndWait(badges[n % badges.length]!, 2000));
      n++;
      if (during && Date.now() - started >= nextCheck) {
        await during(Date.now() - started);
        nextCheck += 10_000;
      }
      await new Promise((resolve) => setTimeout(resolve, everyMs));
    }
    const answers = await Promise.all(pending);
    return {
      latencies: answers.filter((a) => a !== undefined).map((a) => a!.latencyMs),
      sent: n,
      unanswered: answers.filter((a) => a === undefined).length,
    };
  }

  async function badgeRows(): Promise<{ total: number; distinct: number }> {
    // Straight to the server, not through the proxy.
    const client = new pg.Client({ connectionString: database.url });
    await client.connect();
    try {
      const { rows } = await client.query(`SELECT count(*)::int AS total, count(DISTINCT id)::int AS distinct FROM access_event WHERE kind = 'badge'`);
      return rows[0] as { total: number; distinct: number };
    } finally {
      await client.end();
    }
  }

  it('keeps deciding at the same speed, queues the audit entries, writes them once, and names the database in /health', { timeout: 120_000 }, async () => {
    const audit = cantine.app.get(AuditLog);
    // Before: staff only; the carnets take their day during the outage.
    const before = await badgeFor(uids.slice(0, 6), 3_000, 50);
    await audit.flush();
    expect(await badgeRows()).toEqual({ total: before.sent, distinct: before.sent });

    proxy.cut();
    const healthDuring: Array<{ status: number; body: Record<string, any> }> = [];
    const queuedDuring: number[] = [];
    const outage = await badgeFor(uids, OUTAGE_MS, 100, async () => {
      const response = await fetch(`${cantine.baseUrl}/health`);
      healthDuring.push({ status: response.status, body: await json(response) });
      queuedDuring.push(audit.stats.queued);
    });
    const statsAtEnd = audit.stats;
    proxy.restore();
    const restoredAt = Date.now();

    await eventually(() => expect(audit.stats).toMatchObject({ pending: 0, queued: 0 }), 20_000, 100);
    const recoveryMs = Date.now() - restoredAt;
    await eventually(async () => expect((await fetch(`${cantine.baseUrl}/health`)).status).toBe(200), 10_000, 200);
    const rows = await badgeRows();
    const baseline = summarise(before.latencies);
    const during = summarise(outage.latencies);
    console.log(
      `[postgres-outage] baseline ${JSON.stringify(baseline)}; outage ${OUTAGE_MS} ms: ${JSON.stringify(during)}, unanswered ${outage.unanswered}; ` +
        `queued on disk at end ${statsAtEnd.queued}, dropped ${statsAtEnd.dropped}; replayed ${recoveryMs} ms after restore; rows ${JSON.stringify(rows)}; ` +
        `health during ${JSON.stringify(healthDuring.map((h) => [h.status, h.body.checks?.database, h.body.message]))}; proxy refused ${proxy.refused}`,
    );

    expect(unhandled.errors).toEqual([]);
    // Doors keep deciding: every badge answered within the readers' 2 s budget (how fast is printed
    // above and measured by npm run bench, not limited here: a busy machine is not a regression).
    expect(outage.unanswered).toBe(0);
    expect(during.count).toBe(outage.sent);
    // Queued, then written: the exact count, each entry once.
    expect(Math.max(...queuedDuring)).toBeGreaterThan(0);
    // At the end of the outage nearly all are on disk (the last ones may still be in memory or being spilled).
    expect(statsAtEnd.dropped).toBe(0);
    expect(statsAtEnd.queued).toBeGreaterThan(outage.sent * 0.9);
    expect(statsAtEnd.queued).toBeLessThanOrEqual(outage.sent);
    expect(rows).toEqual({ total: before.sent + outage.sent, distinct: before.sent + outage.sent });
    // /health said which check was down.
    expect(healthDuring.length).toBeGreaterThanOrEqual(2);
    for (const health of healthDuring) {
      expect(health.status).toBe(503);
      expect(health.body).toMatchObject({ status: 'error', checks: { database: 'down', broker: 'up', timeseries: 'up' }, message: expect.stringContaining('database') });
    }
    // The carnets' day, taken during the outage, reached the database once.
    const manager = await api(cantine);
    for (const id of memberIds.slice(6, 8)) {
      expect((await manager.get(`/api/members/${id}/passes`)).body).toMatchObject([{ type: 'carnet', remaining: 2, usedOn: [expect.anything()] }]);
    }
  });
});
