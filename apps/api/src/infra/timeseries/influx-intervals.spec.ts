// InfluxDB's interval summaries run in a worker thread: a failure there (server down, an error
// answer) comes back as a rejected call, and the worker ends with the store.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { InfluxTimeSeriesStore } from './influx-time-series-store.js';
import type { IntervalsQuery } from './time-series-store.js';

const T0 = Date.UTC(2026, 2, 2);
const query: IntervalsQuery = {
  measurement: 'desk_occupancy',
  field: 'occupied',
  where: { site: 'quimper' },
  seriesTag: 'desk',
  readFrom: new Date(T0),
  from: new Date(T0 + 86_400_000),
  to: new Date(T0 + 20 * 86_400_000),
  summary: { kind: 'durations' },
};

describe('InfluxDB interval summaries in a worker', () => {
  let server: http.Server | undefined;
  afterEach(() => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve())));

  async function fakeInflux(answer: (url: URL) => [number, unknown]): Promise<string> {
    server = http.createServer((request, response) => {
      const [status, body] = answer(new URL(request.url!, 'http://x'));
      response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    });
    await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}/cantine`;
  }

  it('rejects when the server cannot be reached, and closes', async () => {
    const store = new InfluxTimeSeriesStore('http://127.0.0.1:9/cantine');
    await expect(store.summarizeIntervals(query)).rejects.toThrow(/fetch failed/);
    await store.close();
  });

  it('rejects with the server’s own error, and reads every week of the period with bound tag values', async () => {
    const asked: URL[] = [];
    const store = new InfluxTimeSeriesStore(await fakeInflux((url) => (asked.push(url), asked.length < 3 ? [200, { results: [{ statement_id: 0 }] }] : [200, { results: [{ error: 'boom' }] }])));
    await expect(store.summarizeIntervals(query)).rejects.toThrow(/InfluxDB query failed: boom/);
    expect(asked).toHaveLength(3);
    expect(asked[0]!.searchParams.get('q')).toContain('"site"::tag = $w0');
    expect(JSON.parse(asked[0]!.searchParams.get('params')!)).toEqual({ w0: 'quimper' });
    await store.close();
  });

  it('sums up what the server answers', async () => {
    const series = { name: 'desk_occupancy', tags: { desk: 'desk-01', site: 'quimper', zone: '' }, columns: ['time', 'occupied'], values: [[T0 + 86_400_000, 1], [T0 + 86_400_000 + 1_800_000, 0]] };
    let calls = 0;
    const store = new InfluxTimeSeriesStore(await fakeInflux(() => [200, { results: [calls++ === 0 ? { series: [series] } : {}] }]));
    await expect(store.summarizeIntervals(query)).resolves.toEqual({ kind: 'durations', count: 1, ongoing: 0, meanMs: 1_800_000, medianMs: 1_800_000, maxMs: 1_800_000 });
    expect(calls).toBe(3); // 20 days from readFrom: three weeks
    await store.close();
  });
});
