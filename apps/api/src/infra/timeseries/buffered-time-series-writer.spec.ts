import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { BufferedTimeSeriesWriter, type BufferedWriterOptions } from './buffered-time-series-writer.js';
import { EmbeddedTimeSeriesStore } from './embedded-time-series-store.js';
import type { TimePoint } from './time-series-store.js';

/** The real embedded store, with a switch that makes it fail like an unreachable server. */
class SwitchableStore extends EmbeddedTimeSeriesStore {
  down = false;
  readonly batchSizes: number[] = [];
  override async write(points: TimePoint[]): Promise<void> {
    if (this.down) throw new Error('store down');
    this.batchSizes.push(points.length);
    return super.write(points);
  }
}

const T0 = Date.UTC(2024, 0, 15, 9, 0);
const makePoint = (i: number, overrides: Partial<TimePoint> = {}): TimePoint => ({
  measurement: 'desk_presence',
  tags: { desk: `d${i}` },
  fields: { occupied: 1 },
  time: new Date(T0 + i * 1000),
  ...overrides,
});
const makePoints = (n: number, start = 0) => Array.from({ length: n }, (_, i) => makePoint(start + i));

describe('BufferedTimeSeriesWriter', () => {
  let dir: string;
  let store: SwitchableStore;
  let writer: BufferedTimeSeriesWriter | undefined;
  const open = (options: BufferedWriterOptions) => (writer = new BufferedTimeSeriesWriter(store, options));
  /** Which points the store holds, by the desk tag's index. */
  const stored = async () => {
    const rows = await store.query({
      measurement: 'desk_presence',
      field: 'occupied',
      from: new Date(T0),
      to: new Date(T0 + 3_600_000),
      everyMs: 3_600_000,
      aggregate: 'count',
      groupBy: 'desk',
    });
    return rows.map((r) => Number(r.group!.slice(1))).sort((a, b) => a - b);
  };

  beforeEach(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'cantine-writer-'));
    store = new SwitchableStore({ dataDir: dir });
    await store.start();
  });
  afterEach(async () => {
    vi.useRealTimers();
    store.down = false;
    await writer?.close();
    writer = undefined;
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('writes a batch as soon as batchSize points wait', async () => {
    const w = open({ batchSize: 3, flushIntervalMs: 60_000 });
    w.write(makePoints(7));
    await expect.poll(() => store.batchSizes).toEqual([3, 3]);
    expect(w.stats.pending).toBe(1);
    await expect(w.flush()).resolves.toBe(true);
    expect(store.batchSizes).toEqual([3, 3, 1]);
    expect(w.stats).toMatchObject({ written: 7, pending: 0, dropped: 0, failures: 0 });
    expect(await stored()).toEqual([0, 1, 2, 3, 4, 5, 6]);
  });

  it('writes what waits every flushIntervalMs', async () => {
    const w = open({ batchSize: 500, flushIntervalMs: 20 });
    w.write(makePoint(0));
    w.write(makePoint(1));
    await expect.poll(() => w.stats.written).toBe(2);
    expect(store.batchSizes).toEqual([2]);
  });

  it('flushes on close, then drops (counts) points written after it', async () => {
    const w = open({ batchSize: 500, flushIntervalMs: 60_000 });
    w.write(makePoints(5));
    await w.close();
    expect(w.stats).toMatchObject({ written: 5, pending: 0, dropped: 0 });
    w.write(makePoint(9));
    expect(w.stats.dropped).toBe(1);
    expect(await stored()).toEqual([0, 1, 2, 3, 4]);
  });

  it('keeps the points through a store failure and writes them once it is back', async () => {
    const errors: string[] = [];
    const w = open({ batchSize: 2, flushIntervalMs: 10, retryInitialMs: 10, retryMaxMs: 20, onError: (e) => errors.push(e.message) });
    store.down = true;
    w.write(makePoints(4));
    await expect.poll(() => w.stats.failures).toBeGreaterThanOrEqual(2);
    expect(w.stats).toMatchObject({ written: 0, pending: 4, lastError: 'store down' });
    expect(errors[0]).toBe('store down');
    store.down = false;
    await expect.poll(() => w.stats.written).toBe(4);
    expect(w.stats.pending).toBe(0);
    expect(await stored()).toEqual([0, 1, 2, 3]);
  });

  it('backs off exponentially up to retryMaxMs between attempts', async () => {
    vi.useFakeTimers();
    const w = open({ batchSize: 1, flushIntervalMs: 3_600_000, retryInitialMs: 100, retryMaxMs: 400 });
    store.down = true;
    w.write(makePoint(0));
    await vi.advanceTimersByTimeAsync(0);
    const attemptsAt: number[] = [];
    for (let ms = 1; ms <= 1_500; ms += 1) {
      const before = w.stats.failures;
      await vi.advanceTimersByTimeAsync(1);
      if (w.stats.failures > before) attemptsAt.push(ms);
    }
    // First failure at 0, retries after 100, 200, 400, 400… ms.
    expect(attemptsAt).toEqual([100, 300, 700, 1100, 1500]);
    store.down = false;
    await vi.advanceTimersByTimeAsync(400);
    expect(w.stats).toMatchObject({ written: 1, pending: 0 });
  });

  it('keeps at most maxPending points while the store is down, dropping the oldest', async () => {
    const w = open({ batchSize: 5, maxPending: 5, flushIntervalMs: 60_000, retryInitialMs: 60_000 });
    store.down = true;
    for (const p of makePoints(8)) w.write(p);
    await expect.poll(() => w.stats.failures).toBe(1);
    expect(w.stats).toMatchObject({ pending: 5, dropped: 3, written: 0 });
    store.down = false;
    await expect(w.flush()).resolves.toBe(true);
    expect(await stored()).toEqual([3, 4, 5, 6, 7]);
  });

  it('counts invalid points as rejected without throwing, and writes the rest', async () => {
    const w = open({ batchSize: 500, flushIntervalMs: 60_000 });
    expect(() =>
      w.write([makePoint(0), makePoint(1, { tags: { desk: 'bad\nvalue' } }), makePoint(2, { fields: { occupied: Number.NaN } }), null as unknown as TimePoint]),
    ).not.toThrow();
    await w.flush();
    expect(w.stats).toMatchObject({ written: 1, rejected: 3, pending: 0 });
    expect(w.stats.lastError).toMatch(/measurement/);
  });

  it('gives up on close after closeTimeoutMs when the store stays down, counting the loss', async () => {
    const w = open({ batchSize: 500, flushIntervalMs: 60_000, retryInitialMs: 20, closeTimeoutMs: 100 });
    store.down = true;
    w.write(makePoints(3));
    const started = Date.now();
    await expect(w.close()).resolves.toBeUndefined();
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(w.stats).toMatchObject({ written: 0, pending: 0, dropped: 3 });
    expect(w.stats.failures).toBeGreaterThanOrEqual(2);
  });
});
