// InfluxDB down for 30 s (hardening issue): our own influxd on free ports (never the shared one),
// stopped and started again with scripts/ci/{stop,start}-influxdb.sh while readers badge over MQTT.
// Decisions are unaffected, /health names `timeseries`, the points wait in the writer's buffer and
// all reach InfluxDB once it is back, without anyone stepping in.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { InfluxDB } from 'influx';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BufferedTimeSeriesWriter } from '../../apps/api/src/infra/timeseries/index.js';
import { api } from '../access/helpers.js';
import { json, startTestCantine, type TestCantine } from '../support/app.js';
import { provisioned } from '../support/devices.js';
import { catchUnhandled, influxdAvailable, startOwnInfluxd, summarise, TimedReader } from '../support/faults.js';
import { serviceAvailable } from '../support/services.js';
import { eventually } from '../support/eventually.js';

// CI's InfluxDB being configured says this machine runs InfluxDB suites; the server used is our own.
const available = (await serviceAvailable('InfluxDB', 'TEST_INFLUX_URL', process.env.TEST_INFLUX_URL, 8086)) && influxdAvailable();
const OUTAGE_MS = 30_000;

describe.skipIf(!available)('InfluxDB down for 30 s', () => {
  let dir = '';
  let influxd: Awaited<ReturnType<typeof startOwnInfluxd>>;
  let cantine: TestCantine;
  const readers: TimedReader[] = [];
  const unhandled = catchUnhandled();

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cantine-influx-fault-'));
    influxd = await startOwnInfluxd(dir);
    cantine = await startTestCantine({ INFLUX_URL: `${influxd.url}/cantine_faults` });
    const manager = await api(cantine);
    await manager.member('Anne Staff', '04A224B2C31F80', [{ type: 'staff' }]);
    await manager.member('Bob Nopass', '04A224B2C31F81', []);
    for (const door of ['entrance', 'open-space']) {
      const id = `reader-${door}`;
      const secret = await provisioned(cantine.baseUrl, manager.headers, { id, kind: 'reader', door });
      readers.push(await TimedReader.connect(`mqtt://127.0.0.1:${cantine.mqttPort}`, id, secret));
    }
  }, 60_000);
  afterAll(async () => {
    unhandled.dispose();
    await Promise.all(readers.map((r) => r.close()));
    await cantine?.dispose();
    await influxd?.stop().catch(() => undefined);
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  async function badgeFor(durationMs: number, everyMs: number, during?: () => Promise<void>) {
    const pending: Array<Promise<{ latencyMs: number } | undefined>> = [];
    const started = Date.now();
    let n = 0;
    let nextCheck = 5_000;
    while (Date.now() - started < durationMs) {
      pending.push(readers[n % readers.length]!.badgeAndWait(n % 3 === 0 ? '04A224B2C31F81' : '04A224B2C31F80', 2000));
      n++;
      if (during && Date.now() - started >= nextCheck) {
        await during();
        nextCheck += 10_000;
      }
      await new Promise((resolve) => setTimeout(resolve, everyMs));
    }
    const answers = await Promise.all(pending);
    return { sent: n, latencies: answers.flatMap((a) => (a ? [a.latencyMs] : [])), unanswered: answers.filter((a) => !a).length };
  }

  const decisionsInInflux = async (): Promise<number> => {
    const rows = await new InfluxDB(`${influxd.url}/cantine_faults`).query<{ sum: number }>('SELECT SUM("count") AS "sum" FROM "access_decision"');
    return rows[0]?.sum ?? 0;
  };

  it('decides as before, names timeseries in /health, loses nothing within the buffer, and recovers on its own', { timeout: 150_000 }, async () => {
    const writer = cantine.app.get(BufferedTimeSeriesWriter);
    const before = await badgeFor(3_000, 50);
    await writer.flush();
    expect(await decisionsInInflux()).toBe(before.sent);

    await influxd.stop();
    const health: Array<{ status: number; body: Record<string, any> }> = [];
    const outage = await badgeFor(OUTAGE_MS, 100, async () => {
      const response = await fetch(`${cantine.baseUrl}/health`);
      health.push({ status: response.status, body: await json(response) });
    });
    const statsAtEnd = writer.stats;
    await influxd.start();
    const restartedAt = Date.now();
    // Nobody calls flush(): the writer's own retry (backoff capped at 30 s) must get there.
    await eventually(() => expect(writer.stats.pending).toBe(0), 45_000, 250);
    const recoveryMs = Date.now() - restartedAt;
    const written = await decisionsInInflux();
    await eventually(async () => expect((await fetch(`${cantine.baseUrl}/health`)).status).toBe(200), 10_000, 200);
    const baseline = summarise(before.latencies);
    const during = summarise(outage.latencies);
    console.log(
      `[influx-outage] baseline ${JSON.stringify(baseline)}; outage ${OUTAGE_MS} ms: ${JSON.stringify(during)}, unanswered ${outage.unanswered}; ` +
        `buffer at end ${JSON.stringify({ pending: statsAtEnd.pending, spooled: statsAtEnd.spooled, dropped: statsAtEnd.dropped, failures: statsAtEnd.failures })}; ` +
        `all written ${recoveryMs} ms after influxd was back; access_decision sum ${written} of ${before.sent + outage.sent}; health ${JSON.stringify(health.map((h) => [h.status, h.body.checks?.timeseries, h.body.message]))}`,
    );

    expect(unhandled.errors).toEqual([]);
    // Every badge answered within the readers' 2 s budget; how fast is printed above and measured by npm run bench.
    expect(outage.unanswered).toBe(0);
    expect(statsAtEnd.pending).toBeGreaterThanOrEqual(outage.sent);
    expect(statsAtEnd.dropped).toBe(0);
    expect(written).toBe(before.sent + outage.sent);
    expect(writer.stats.dropped).toBe(0);
    expect(health.length).toBeGreaterThanOrEqual(2);
    for (const h of health) {
      expect(h.status).toBe(503);
      expect(h.body).toMatchObject({ checks: { database: 'up', broker: 'up', timeseries: 'down' }, message: expect.stringContaining('timeseries') });
    }
  });
});
