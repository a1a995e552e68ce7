// The InfluxDB outage path without InfluxDB (issue #14): the buffered writer and its disk spool
// against a store that refuses writes, then recovers. Timers are faked, so retries fire when the
// test says, and the store records every batch it accepted, in order.
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { BufferedTimeSeriesWriter } from './buffered-time-series-writer.js';
import { TimeSeriesSpool } from './time-series-spool.js';
import type { TimePoint, TimeSeriesStore } from './time-series-store.js';

/** Stands for InfluxDB: down refuses like a closed port; up keeps what it got. */
class FakeStore {
  down = true;
  readonly written: TimePoint[] = [];
  attempts = 0;
  /** Accept this many more writes, then go down (a server dying mid-replay). */
  failAfter = Infinity;
  async write(points: TimePoint[]): Promise<void> {
    this.attempts += 1;
    if (this.failAfter <= 0) this.down = true;
    this.failAfter -= 1;
    if (this.down) throw new Error('connect ECONNREFUSED 127.0.0.1:8086');
    this.written.push(...points);
  }
}

const T0 = Date.UTC(2026, 2, 2, 9, 0);
const point = (i: number): TimePoint => ({ measurement: 'zone_occupancy', tags: { zone: 'open-space' }, fields: { occupied: i }, time: new Date(T0 + i * 1000) });
const points = (n: number, start = 0) => Array.from({ length: n }, (_, i) => point(start + i));
const indexes = (list: readonly TimePoint[]) => list.map((p) => p.fields.occupied);
const range = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => from + i);

describe('time-series outage: spool and replay with a store that fails, then recovers', () => {
  let dir: string;
  let store: FakeStore;
  let writers: BufferedTimeSeriesWriter[];
  const spoolDir = () => path.join(dir, 'spool');
  const open = (spoolOptions: { segmentPoints?: number; maxBytes?: number } = {}, drops: number[] = []) => {
    const writer = new BufferedTimeSeriesWriter(store as unknown as TimeSeriesStore, {
      spool: new TimeSeriesSpool({ dir: spoolDir(), segmentPoints: 10, ...spoolOptions }),
      memoryLimit: 20,
      batchSize: 10,
      flushIntervalMs: 60_000,
      retryInitialMs: 1_000,
      retryMaxMs: 4_000,
      closeTimeoutMs: 0,
      onSpoolDrop: (n) => drops.push(n),
    });
    writers.push(writer);
    return writer;
  };

  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'] });
    dir = mkdtempSync(path.join(os.tmpdir(), 'cantine-spool-outage-'));
    store = new FakeStore();
    writers = [];
  });
  afterEach(async () => {
    store.down = false;
    store.failAfter = Infinity;
    for (const writer of writers) await writer.close();
    vi.useRealTimers();
    rmSync(dir, { recursive: true, force: true });
  });

  it('keeps memory to its limit during an outage, spilling the oldest points to disk', async () => {
    const writer = open();
    writer.write(points(10));
    await vi.advanceTimersByTimeAsync(0); // the first batch fails: an outage begins
    expect(store.attempts).toBe(1);
    writer.write(points(45, 10));
    expect(writer.stats).toMatchObject({ pending: 55, spooled: 35, dropped: 0, failures: 1, lastError: 'connect ECONNREFUSED 127.0.0.1:8086' });
    const spool = new TimeSeriesSpool({ dir: spoolDir(), segmentPoints: 10 });
    expect(indexes(spool.oldest()!)).toEqual(range(0, 10));
    expect(readdirSync(spoolDir())).toHaveLength(4);
  });

  it('retries with a doubling wait up to its maximum while the store stays down', async () => {
    const writer = open();
    writer.write(points(10));
    await vi.advanceTimersByTimeAsync(0);
    const attemptsAt = (ms: number) => vi.advanceTimersByTimeAsync(ms).then(() => store.attempts);
    expect(await attemptsAt(999)).toBe(1);
    expect(await attemptsAt(1)).toBe(2); // 1 s
    expect(await attemptsAt(1_999)).toBe(2);
    expect(await attemptsAt(1)).toBe(3); // 2 s
    expect(await attemptsAt(4_000)).toBe(4); // 4 s
    expect(await attemptsAt(4_000)).toBe(5); // still 4 s: the maximum
    expect(writer.stats.failures).toBe(5);
    expect(writer.stats.written).toBe(0);
  });

  it('replays the spool oldest first, then memory, once the store is back, and empties the disk', async () => {
    const writer = open();
    writer.write(points(10));
    await vi.advanceTimersByTimeAsync(0);
    writer.write(points(45, 10));
    store.down = false;
    await vi.advanceTimersByTimeAsync(1_000); // the scheduled retry
    expect(indexes(store.written)).toEqual(range(0, 55));
    expect(writer.stats).toMatchObject({ pending: 0, spooled: 0, written: 55, dropped: 0 });
    expect(readdirSync(spoolDir())).toEqual([]);
  });

  it('keeps the segment that failed mid-replay, and writes it again, whole, on the next retry', async () => {
    const writer = open();
    writer.write(points(10));
    await vi.advanceTimersByTimeAsync(0);
    writer.write(points(40, 10));
    store.down = false;
    store.failAfter = 2; // two segments go through, then the store dies again
    await vi.advanceTimersByTimeAsync(1_000);
    expect(indexes(store.written)).toEqual(range(0, 20));
    expect(writer.stats).toMatchObject({ pending: 30, written: 20, spooled: 10 });
    store.down = false;
    store.failAfter = Infinity;
    await vi.advanceTimersByTimeAsync(1_000);
    expect(indexes(store.written)).toEqual(range(0, 50));
    expect(writer.stats).toMatchObject({ pending: 0, written: 50 });
  });

  it('puts what is still in memory on disk at close, and a new writer replays it after a restart', async () => {
    const first = open();
    first.write(points(15));
    await vi.advanceTimersByTimeAsync(0);
    await first.close();
    expect(first.stats).toMatchObject({ pending: 15, spooled: 15, dropped: 0 });
    const second = open();
    expect(second.stats).toMatchObject({ pending: 15, spooled: 15 });
    store.down = false;
    expect(await second.flush()).toBe(true);
    expect(indexes(store.written)).toEqual(range(0, 15));
    expect(second.stats).toMatchObject({ pending: 0, written: 15, dropped: 0 });
  });

  it('drops the oldest segments past its byte bound, counts them, and writes the newest when back', async () => {
    const drops: number[] = [];
    // Room for three and a half segments of points 10 to 99 (their lines are all the same length).
    const segmentBytes = Buffer.byteLength(points(10, 50).map((p) => `${JSON.stringify({ ...p, time: p.time.toISOString() })}\n`).join(''));
    const writer = open({ maxBytes: Math.floor(segmentBytes * 3.5) }, drops);
    writer.write(points(10));
    await vi.advanceTimersByTimeAsync(0);
    writer.write(points(90, 10)); // 100 points: 20 in memory, 80 to disk, of which 3 segments fit
    const full = writer.stats;
    expect(full).toMatchObject({ pending: 50, spooled: 30, dropped: 50 });
    expect(drops.reduce((a, b) => a + b, 0)).toBe(50);
    store.down = false;
    expect(await writer.flush()).toBe(true);
    expect(indexes(store.written)).toEqual(range(50, 100));
  });

  it('counts a line torn by a crash as dropped and replays the rest of its segment', async () => {
    const spool = new TimeSeriesSpool({ dir: spoolDir(), segmentPoints: 10 });
    spool.append(points(3));
    const [segment] = readdirSync(spoolDir());
    writeFileSync(path.join(spoolDir(), segment!), '{"measurement":"zone_occ', { flag: 'a' });
    const writer = open();
    store.down = false;
    expect(await writer.flush()).toBe(true);
    expect(indexes(store.written)).toEqual([0, 1, 2]);
    expect(writer.stats.dropped).toBe(1);
  });
});
