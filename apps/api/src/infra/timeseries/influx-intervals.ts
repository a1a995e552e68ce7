// Interval summaries (TimeSeriesStore.summarizeIntervals) for InfluxDB, whose InfluxQL has no
// window function: a worker thread fetches the raw points a week at a time, loads them into an
// in-memory SQLite table shaped as the embedded store's, and runs the embedded store's own SQL
// (embedded-intervals.ts). Both engines then give the same summaries, and neither the JSON of
// 300,000 desk changes nor the stays computed from them ever touch the service's event loop.
import { createRequire } from 'node:module';
import { intervalsSql, toIntervalsSummary } from './embedded-intervals.js';
import { POINTS_TABLE } from './embedded-time-series-store.js';
import { buildInfluxPointsQuery } from './influx-query.js';
import type { InfluxConnection } from './influx-url.js';
import type { IntervalsQuery, IntervalsSummary } from './time-series-store.js';
import { WorkerCalls } from './worker-calls.js';

const WEEK_MS = 7 * 86_400_000;

const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
let running = 0;
let closing = false;
const done = () => { if (closing && running === 0) parentPort.close(); };

async function load(db, message) {
  const insert = db.prepare('INSERT OR REPLACE INTO points (measurement, tags, time, fields) VALUES (?, ?, ?, ?)');
  for (const query of message.queries) {
    const url = new URL('query', message.base);
    url.searchParams.set('db', message.database);
    url.searchParams.set('epoch', 'ms');
    url.searchParams.set('q', query.text);
    url.searchParams.set('params', JSON.stringify(query.placeholders));
    const response = await fetch(url, { headers: message.headers });
    const text = await response.text();
    if (!response.ok) throw Object.assign(new Error('InfluxDB answered HTTP ' + response.status + ': ' + text.slice(0, 200)), { code: String(response.status) });
    const result = JSON.parse(text).results?.[0] ?? {};
    if (result.error) throw new Error('InfluxDB query failed: ' + result.error);
    if (result.partial) throw new Error('InfluxDB truncated the answer (max-row-limit)');
    db.transaction(() => {
      for (const series of result.series ?? []) {
        // GROUP BY * reports every tag key of the measurement, '' where a point lacks it.
        const tags = {};
        for (const key of Object.keys(series.tags ?? {}).sort()) if (series.tags[key] !== '') tags[key] = series.tags[key];
        const tagText = JSON.stringify(tags);
        const column = series.columns.indexOf(message.field);
        for (const row of series.values) {
          if (typeof row[column] === 'number') insert.run(message.measurement, tagText, row[0], JSON.stringify({ [message.field]: row[column] }));
        }
      }
    })();
  }
}

parentPort.on('message', async (message) => {
  if (message.type === 'close') { closing = true; done(); return; }
  running += 1;
  const db = new Database(':memory:');
  try {
    db.exec(workerData.schema);
    await load(db, message);
    parentPort.postMessage({ id: message.id, rows: db.prepare(message.sql).raw(true).all(message.params) });
  } catch (error) {
    parentPort.postMessage({ id: message.id, error: { message: error.message, code: error.code } });
  } finally {
    db.close();
    running -= 1;
    done();
  }
});
`;

export class InfluxIntervals {
  private readonly calls: WorkerCalls;
  private readonly base: string;
  private readonly headers: Record<string, string>;

  constructor(private readonly connection: InfluxConnection) {
    this.calls = new WorkerCalls(WORKER_SOURCE, { driver: createRequire(import.meta.url).resolve('better-sqlite3'), schema: POINTS_TABLE }, 'the InfluxDB interval reader');
    this.base = `${connection.protocol}://${connection.host}:${connection.port}/`;
    const { username, password } = connection;
    this.headers = username === undefined ? {} : { authorization: `Basic ${Buffer.from(`${username}:${password ?? ''}`).toString('base64')}` };
  }

  async summarize(q: IntervalsQuery): Promise<IntervalsSummary> {
    const queries = [];
    for (let from = q.readFrom.getTime(); from < q.to.getTime(); from += WEEK_MS) {
      const selection = {
        measurement: q.measurement,
        field: q.field,
        from: new Date(from),
        to: new Date(Math.min(from + WEEK_MS, q.to.getTime())),
      };
      queries.push(buildInfluxPointsQuery(q.where ? { ...selection, where: q.where } : selection));
    }
    const { sql, params } = intervalsSql(q);
    const rows = await this.calls.call({
      base: this.base,
      database: this.connection.database,
      headers: this.headers,
      queries,
      measurement: q.measurement,
      field: q.field,
      sql,
      params,
    });
    return toIntervalsSummary(q, rows as Array<Array<string | number | null>>);
  }

  close(): Promise<void> {
    return this.calls.close();
  }
}
