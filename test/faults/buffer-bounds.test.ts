// The outage buffers reaching their bounds (hardening issue), never a crash:
// - the audit log's on-disk queue, full: NEW entries are dropped and counted (`accessLogDropped` in
//   /health), except entries that took a day, which are kept past the bound (dropped, the day could
//   be taken twice after a restart); doors keep deciding;
// - the time-series buffer (memory, then disk spool), full: the OLDEST points are dropped and
//   counted (`stats.dropped`, `timeseriesDropped` in /health), the newest are kept and written once
//   InfluxDB answers. Shown on the writer and spool the service builds, small bounds, a real store.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { InfluxDB } from 'influx';
import { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AccessEventsRepository } from '../../apps/api/src/access/access-events.repository.js';
import { AccessSettings } from '../../apps/api/src/access/access-settings.js';
import { AuditLog } from '../../apps/api/src/access/audit-log.js';
import { BufferedTimeSeriesWriter, InfluxTimeSeriesStore, TimeSeriesSpool, type TimePoint } from '../../apps/api/src/infra/timeseries/index.js';
import { api, at, badgeIn, captureAnswers } from '../access/helpers.js';
import { json, startTestCantine, type TestCantine } from '../support/app.js';
import { catchUnhandled, influxdAvailable, startOwnInfluxd } from '../support/faults.js';
import { serviceAvailable } from '../support/services.js';
import { eventually } from '../support/eventually.js';

describe('the audit queue at its bound', () => {
  let cantine: TestCantine;
  const unhandled = catchUnhandled();

  beforeAll(async () => {
    // The badge-ins are dated March 2026: keep them from the purge that runs at start.
    cantine = await startTestCantine({ ACCESS_LOG_RETENTION_DAYS: '3650' });
  });
  afterAll(async () => {
    unhandled.dispose();
    await cantine?.dispose();
  });

  it('drops new entries with a count, keeps those that took a day, and keeps deciding', async () => {
    const manager = await api(cantine);
    await manager.member('Anne Staff', '04A224B2C31F80', [{ type: 'staff' }]);
    const carnets = [];
    for (const [i, name] of ['Bruno Carnet', 'Chloe Carnet', 'Denis Carnet'].entries()) carnets.push(await manager.member(name, `04A224B2C31F9${i}`, [{ type: 'carnet', credits: 3 }]));
    const settings = cantine.app.get(AccessSettings);
    const audit = cantine.app.get(AuditLog);
    const events = cantine.app.get(AccessEventsRepository);
    settings.queueMaxEntries = 50;
    settings.replayIntervalMs = 100;
    await audit.flush();
    const before = await events.count();
    const db = cantine.app.get(DataSource);
    await db.destroy();

    const answers = captureAnswers(cantine);
    for (let i = 0; i < 80; i++) badgeIn(cantine, answers, { uid: '04A224B2C31F80', reader: `reader-${i % 3}`, at: at('10:00') });
    await eventually(() => expect(audit.stats).toMatchObject({ pending: 0, queued: 50, dropped: 30 }));
    // The queue is full: these three take their day all the same.
    for (let i = 0; i < 3; i++) expect(badgeIn(cantine, answers, { uid: `04A224B2C31F9${i}`, at: at('10:05') })).toMatchObject({ granted: true, reason: 'carnet' });
    await eventually(() => expect(audit.stats).toMatchObject({ pending: 0, queued: 53, dropped: 30 }));
    const health = await fetch(`${cantine.baseUrl}/health`);
    const report = await json(health);
    console.log(`[buffer-bounds] audit queue bound 50: 83 entries while the database was down → ${JSON.stringify(audit.stats)}; /health ${health.status} ${JSON.stringify(report.details)}`);
    expect(health.status).toBe(503);
    expect(report.details).toMatchObject({ accessLogQueued: 53, accessLogDropped: 30 });
    expect(answers).toHaveLength(83);

    await db.initialize();
    await eventually(() => expect(audit.stats.queued).toBe(0));
    expect(await events.count()).toBe(before + 53);
    for (const id of carnets) expect((await manager.get(`/api/members/${id}/passes`)).body).toMatchObject([{ remaining: 2, usedOn: [{ date: '2026-03-02' }] }]);
    expect(unhandled.errors).toEqual([]);
  });
});

const influxReady = (await serviceAvailable('InfluxDB', 'TEST_INFLUX_URL', process.env.TEST_INFLUX_URL, 8086)) && influxdAvailable();

describe.skipIf(!influxReady)('the time-series buffer at its bound', () => {
  const dir = path.join(os.tmpdir(), `cantine-spool-bound-${process.pid}-${Date.now()}`);
  let influxd: Awaited<ReturnType<typeof startOwnInfluxd>>;
  afterAll(async () => {
    await influxd?.stop().catch(() => undefined);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('drops the oldest points with a count, keeps the newest, and writes them when InfluxDB is back', { timeout: 90_000 }, async () => {
    // InfluxDB not started yet: the store's port refuses connections.
    influxd = await startOwnInfluxd(path.join(dir, 'influxd'), { startNow: false });
    const store = new InfluxTimeSeriesStore(`${influxd.url}/cantine_bound`, { requestTimeoutMs: 2_000 });
    const spoolDrops: number[] = [];
    const spool = new TimeSeriesSpool({ dir: path.join(dir, 'spool'), segmentPoints: 500, maxBytes: 150_000 });
    const writer = new BufferedTimeSeriesWriter(
      store,
      { batchSize: 500, memoryLimit: 1_000, spool, retryInitialMs: 200, retryMaxMs: 1_000, onSpoolDrop: (n) => spoolDrops.push(n) },
    );
    const t0 = Date.now() - 60_000;
    const point = (i: number): TimePoint => ({ measurement: 'zone_occupancy', tags: { site: 'quimper', zone: 'open-space' }, fields: { occupied: i % 24, free: 24 - (i % 24) }, time: new Date(t0 + i * 5) });
    const TOTAL = 10_000;
    for (let i = 0; i < TOTAL; i += 250) {
      writer.write(Array.from({ length: 250 }, (_, k) => point(i + k)));
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    const full = writer.stats;
    const oldestKept = spool.oldest()?.[0]?.time.getTime();
    await influxd.start();
    await store.start();
    await eventually(async () => expect(await writer.flush()).toBe(true), 30_000, 250);
    const rows = await new InfluxDB(`${influxd.url}/cantine_bound`).query<{ count: number }>('SELECT COUNT("occupied") AS "count" FROM "zone_occupancy"');
    const first = await new InfluxDB(`${influxd.url}/cantine_bound`).query<{ time: Date }>('SELECT FIRST("occupied") FROM "zone_occupancy"');
    const last = await new InfluxDB(`${influxd.url}/cantine_bound`).query<{ time: Date }>('SELECT LAST("occupied") FROM "zone_occupancy"');
    console.log(
      `[buffer-bounds] time series: ${TOTAL} points, memory 1,000 + spool 150 kB: at the bound ${JSON.stringify({ pending: full.pending, spooled: full.spooled, dropped: full.dropped })}, ` +
        `spool drops reported ${spoolDrops.reduce((a, b) => a + b, 0)}; after InfluxDB is back: ${rows[0]?.count} written, first kept #${Math.round((first[0]!.time.getTime() - t0) / 5)}, last #${Math.round((last[0]!.time.getTime() - t0) / 5)}`,
    );
    await writer.close();

    expect(full.dropped).toBeGreaterThan(0);
    expect(full.dropped).toBe(spoolDrops.reduce((a, b) => a + b, 0));
    expect(full.pending + full.dropped).toBe(TOTAL);
    // The oldest went, the newest stayed.
    expect(oldestKept).toBeGreaterThan(t0);
    expect(rows[0]?.count).toBe(TOTAL - full.dropped);
    expect(first[0]!.time.getTime()).toBe(t0 + full.dropped * 5);
    expect(last[0]!.time.getTime()).toBe(t0 + (TOTAL - 1) * 5);
  });
});
