// The embedded store reads in a worker thread: answers as on the main thread, errors come back as
// errors, and the service's event loop keeps turning while a long read runs.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EmbeddedTimeSeriesStore } from './embedded-time-series-store.js';
import { SqliteReadError, SqliteReadWorker } from './sqlite-read-worker.js';
import { WORKER_NICENESS } from './worker-calls.js';

const T0 = Date.UTC(2026, 2, 2, 9, 0);
// About a second of SQLite work on one core here: long enough for many event-loop turns.
const SLOW_SQL = 'WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < @count) SELECT COUNT(*) FROM n';

describe('SqliteReadWorker', () => {
  let dir: string;
  let file: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'cantine-reader-'));
    file = path.join(dir, 'test.db');
    const db = new Database(file);
    db.pragma('journal_mode = WAL');
    db.exec('CREATE TABLE t (k TEXT, v REAL); INSERT INTO t VALUES (\'a\', 1.5), (\'b\', NULL);');
    db.close();
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('answers rows as arrays of column values, with named parameters', async () => {
    const reader = new SqliteReadWorker(file);
    await expect(reader.all('SELECT k, v FROM t WHERE k >= @k ORDER BY k', { k: 'a' })).resolves.toEqual([
      ['a', 1.5],
      ['b', null],
    ]);
    await reader.close();
  });

  it('turns a failed statement into a rejected read, and keeps answering the next ones', async () => {
    const reader = new SqliteReadWorker(file);
    const failed = reader.all('SELECT * FROM missing', {});
    await expect(failed).rejects.toBeInstanceOf(SqliteReadError);
    await expect(failed).rejects.toThrow(/no such table: missing/);
    // Its connection is read-only: a write is refused, not done.
    await expect(reader.all('DELETE FROM t RETURNING k', {})).rejects.toThrow(/readonly/);
    await expect(reader.all('SELECT COUNT(*) FROM t', {})).resolves.toEqual([[2]]);
    await reader.close();
  });

  it('fails the reads of a worker that could not open its file, then starts again', async () => {
    const reader = new SqliteReadWorker(path.join(dir, 'absent.db'));
    await expect(reader.all('SELECT 1', {})).rejects.toThrow(/time-series reader stopped/);
    await reader.close();
  });

  it('keeps the event loop turning while a long read runs', async () => {
    const reader = new SqliteReadWorker(file);
    await reader.all('SELECT 1', {}); // the worker is up
    let turns = 0;
    const ticker = setInterval(() => (turns += 1), 5);
    const rows = await reader.all(SLOW_SQL, { count: 3_000_000 });
    clearInterval(ticker);
    expect(rows).toEqual([[3_000_000]]);
    // On the main thread the same read would leave no turn at all until it returned.
    expect(turns).toBeGreaterThanOrEqual(10);
    await reader.close();
  });

  it.skipIf(process.platform !== 'linux')('runs at a lower priority than the thread that answers the doors', async () => {
    const niceThreads = () =>
      readdirSync('/proc/self/task').filter((tid) => {
        const stat = readFileSync(`/proc/self/task/${tid}/stat`, 'utf8');
        return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[16]) === WORKER_NICENESS;
      }).length;
    const before = niceThreads();
    const reader = new SqliteReadWorker(file);
    await reader.all('SELECT 1', {});
    expect(niceThreads()).toBe(before + 1);
    expect(os.getPriority()).toBe(0); // the main thread keeps its own
    await reader.close();
  });

  it('answers the reads already asked before it closes', async () => {
    const reader = new SqliteReadWorker(file);
    const pending = reader.all(SLOW_SQL, { count: 200_000 });
    await reader.close();
    await expect(pending).resolves.toEqual([[200_000]]);
  });
});

describe('EmbeddedTimeSeriesStore reads', () => {
  let dir: string;
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('sees the points written on the main thread, and is closed with the store', async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'cantine-ts-reader-'));
    const store = new EmbeddedTimeSeriesStore({ dataDir: dir });
    await store.start();
    for (let i = 0; i < 3; i++) {
      await store.write([{ measurement: 'm', tags: { k: 'a' }, fields: { v: i }, time: new Date(T0 + i * 60_000) }]);
      const rows = await store.points({ measurement: 'm', field: 'v', from: new Date(T0), to: new Date(T0 + 3_600_000) });
      expect(rows.map((r) => r.value)).toEqual(Array.from({ length: i + 1 }, (_, j) => j));
    }
    await store.close();
    await expect(store.query({ measurement: 'm', field: 'v', from: new Date(T0), to: new Date(T0 + 1), everyMs: 1000, aggregate: 'sum' })).rejects.toThrow(/not started/);
  });

  it('rejects a query the file cannot answer (its table gone) with the store error, not a crash', async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'cantine-ts-reader-'));
    const store = new EmbeddedTimeSeriesStore({ dataDir: dir });
    await store.start();
    const other = new Database(path.join(dir, 'timeseries.db'));
    other.exec('DROP TABLE points');
    other.close();
    await expect(store.points({ measurement: 'm', field: 'v', from: new Date(T0), to: new Date(T0 + 1000) })).rejects.toThrow(/no such table: points/);
    await store.close();
  });
});
