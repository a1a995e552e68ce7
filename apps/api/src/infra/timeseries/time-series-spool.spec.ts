// The on-disk buffer: points survive an outage and a restart, oldest first, within a bound.
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BufferedTimeSeriesWriter } from './buffered-time-series-writer.js';
import { EmbeddedTimeSeriesStore } from './embedded-time-series-store.js';
import { TimeSeriesSpool } from './time-series-spool.js';
import type { TimePoint } from './time-series-store.js';

const T0 = Date.UTC(2026, 10, 30, 9, 0);
const point = (i: number): TimePoint => ({ measurement: 'zone_occupancy', tags: { zone: `z${i}` }, fields: { occupied: i }, time: new Date(T0 + i * 1000) });
const points = (n: number, start = 0) => Array.from({ length: n }, (_, i) => point(start + i));

class SwitchableStore extends EmbeddedTimeSeriesStore {
  down = false;
  override async write(batch: TimePoint[]): Promise<void> {
    if (this.down) throw new Error('store down');
    return super.write(batch);
  }
}

describe('TimeSeriesSpool', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(path.join(os.tmpdir(), 'cantine-spool-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('gives points back oldest segment first, with their times, across a reopen', () => {
    const spool = new TimeSeriesSpool({ dir, segmentPoints: 3 });
    spool.append(points(5));
    expect(spool.size).toBe(5);
    const reopened = new TimeSeriesSpool({ dir, segmentPoints: 3 });
    expect(reopened.size).toBe(5);
    expect(reopened.oldest()).toEqual(points(3));
    reopened.removeOldest();
    expect(reopened.oldest()).toEqual(points(2, 3));
    reopened.append(points(1, 5));
    expect(reopened.oldest()).toEqual(points(3, 3));
  });

  it('deletes the oldest segments past its byte bound and counts their points', () => {
    const spool = new TimeSeriesSpool({ dir, segmentPoints: 10, maxBytes: 2_500 });
    const dropped = spool.append(points(50));
    expect(dropped).toBeGreaterThan(0);
    expect(spool.dropped).toBe(dropped);
    expect(spool.size).toBe(50 - dropped);
    expect(spool.oldest()![0]).toEqual(point(dropped));
    expect(readdirSync(dir).length).toBe(Math.ceil((50 - dropped) / 10));
  });
});

describe('BufferedTimeSeriesWriter with a spool', () => {
  let dir: string;
  let store: SwitchableStore;
  beforeEach(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'cantine-spooled-writer-'));
    store = new SwitchableStore({ dataDir: dir });
    await store.start();
  });
  afterEach(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const stored = async () =>
    (await store.points({ measurement: 'zone_occupancy', field: 'occupied', from: new Date(T0), to: new Date(T0 + 86_400_000) })).length;
  const writerFor = () =>
    new BufferedTimeSeriesWriter(store, {
      spool: new TimeSeriesSpool({ dir: path.join(dir, 'buffer'), segmentPoints: 100 }),
      memoryLimit: 50,
      batchSize: 20,
      flushIntervalMs: 20,
      retryInitialMs: 20,
      retryMaxMs: 40,
      closeTimeoutMs: 50,
    });

  it('spills to disk during an outage, keeps it across a restart, and writes every point once the store is back', async () => {
    store.down = true;
    const first = writerFor();
    first.write(points(30));
    await new Promise((resolve) => setTimeout(resolve, 60)); // the first write fails: an outage
    first.write(points(270, 30));
    expect(first.stats.spooled).toBeGreaterThan(0);
    expect(first.stats.pending).toBe(300);
    await first.close(); // still down: what is in memory goes to disk too
    expect(first.stats.dropped).toBe(0);

    const second = writerFor();
    expect(second.stats.pending).toBe(300);
    store.down = false;
    expect(await second.flush()).toBe(true);
    expect(await stored()).toBe(300);
    expect(second.stats).toMatchObject({ pending: 0, spooled: 0, dropped: 0, written: 300 });
    await second.close();
  });
});
