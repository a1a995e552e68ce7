// The embedded store's file format: a file written by the first version (points keyed series
// first) is rebuilt keyed time first at start, keeping every point and every answer.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { EmbeddedTimeSeriesStore } from './embedded-time-series-store.js';

const VERSION_0 = `
  CREATE TABLE points (measurement TEXT NOT NULL, tags TEXT NOT NULL, time INTEGER NOT NULL, fields TEXT NOT NULL,
    PRIMARY KEY (measurement, tags, time)) WITHOUT ROWID;
  CREATE INDEX points_measurement_time ON points (measurement, time);
  CREATE TABLE rollup_points (measurement TEXT NOT NULL, tags TEXT NOT NULL, time INTEGER NOT NULL, fields TEXT NOT NULL,
    PRIMARY KEY (measurement, tags, time)) WITHOUT ROWID;
  CREATE INDEX rollup_points_time ON rollup_points (time);`;
const T0 = Date.UTC(2026, 10, 30, 9, 0);

describe('EmbeddedTimeSeriesStore file format', () => {
  let dir: string;
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('rebuilds a version 0 file keyed time first, with every point kept and merging as before', async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'cantine-ts-v0-'));
    const old = new Database(path.join(dir, 'timeseries.db'));
    old.exec(VERSION_0);
    const insert = old.prepare('INSERT INTO points VALUES (?, ?, ?, ?)');
    insert.run('desk_occupancy', '{"desk":"desk-01","site":"quimper"}', T0, '{"occupied":1}');
    insert.run('desk_occupancy', '{"desk":"desk-02","site":"quimper"}', T0 + 60_000, '{"occupied":0}');
    old.close();

    const store = new EmbeddedTimeSeriesStore({ dataDir: dir });
    await store.start();
    // The same point again merges its fields, as before the rebuild.
    await store.write([{ measurement: 'desk_occupancy', tags: { site: 'quimper', desk: 'desk-01' }, fields: { offline: 0 }, time: new Date(T0) }]);
    const rows = await store.points({ measurement: 'desk_occupancy', field: 'occupied', from: new Date(T0), to: new Date(T0 + 120_000) });
    expect(rows).toEqual([
      { time: new Date(T0), value: 1, tags: { desk: 'desk-01', site: 'quimper' } },
      { time: new Date(T0 + 60_000), value: 0, tags: { desk: 'desk-02', site: 'quimper' } },
    ]);
    await store.close();

    const file = new Database(path.join(dir, 'timeseries.db'), { readonly: true });
    expect(file.pragma('user_version', { simple: true })).toBe(1);
    expect(file.prepare("SELECT sql FROM sqlite_master WHERE name = 'points'").pluck().get()).toContain('PRIMARY KEY (time, measurement, tags)');
    expect(file.prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'points' AND sql IS NOT NULL").pluck().all()).toEqual(['points_measurement_time']);
    expect(file.prepare("SELECT fields FROM points WHERE time = ? AND tags LIKE '%desk-01%'").pluck().get(T0)).toBe('{"occupied":1,"offline":0}');
    file.close();
  });

  it('starts a new file at the current version, and a second start changes nothing', async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'cantine-ts-new-'));
    for (let start = 0; start < 2; start++) {
      const store = new EmbeddedTimeSeriesStore({ dataDir: dir });
      await store.start();
      await store.write([{ measurement: 'm', tags: {}, fields: { v: start }, time: new Date(T0 + start) }]);
      await store.close();
    }
    const file = new Database(path.join(dir, 'timeseries.db'), { readonly: true });
    expect(file.pragma('user_version', { simple: true })).toBe(1);
    expect(file.prepare('SELECT COUNT(*) FROM points').pluck().get()).toBe(2);
    file.close();
  });
});
