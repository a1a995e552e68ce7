// `--cluster`'s fleet (bench/cluster-plan.ts) and badge summary (bench/cluster-failover.ts): site
// files the service accepts, where it is about noon whatever the hour of the run (so badges get real
// decisions and the run stays within one local day), device ids the protocol accepts, and badges
// counted lost or late as the README says.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { checkSite } from '../../apps/api/src/sites/site-file.js';
import type { Badge } from '../../bench/cluster-badges.js';
import { badgeLatencies } from '../../bench/cluster-failover.js';
import { planClusterDevices, planSites, writeClusterSites } from '../../bench/cluster-plan.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cantine-cluster-plan-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const localHour = (timezone: string, at: Date) =>
  Number(new Intl.DateTimeFormat('en-GB', { timeZone: timezone, hour: '2-digit', hourCycle: 'h23' }).format(at));

describe('--cluster fleet', () => {
  const sites = planSites({ sites: 3, desksPerSite: 40, readersPerSite: 2, members: 10 });

  it.each([0, 5, 11, 12, 13, 18, 23])('writes site files the service accepts, about noon there when the run starts at %i:30 UTC', (hour) => {
    const now = new Date(Date.UTC(2026, 11, 6, hour, 30));
    const sitesDir = writeClusterSites(path.join(dir, `at-${hour}`), sites, now);
    const files = fs.readdirSync(sitesDir);
    expect(files).toHaveLength(3);
    for (const file of files) {
      const check = checkSite(JSON.parse(fs.readFileSync(path.join(sitesDir, file), 'utf8')));
      expect(check.ok, JSON.stringify(check)).toBe(true);
      if (!check.ok) continue;
      expect(check.site.desks).toHaveLength(40);
      expect(localHour(check.site.timezone, now)).toBe(12);
    }
  });

  it('plans one reader per door slot and one sensor per desk, with ids the protocol accepts', () => {
    const devices = planClusterDevices(sites);
    expect(devices.filter((device) => device.role === 'reader')).toHaveLength(6);
    expect(devices.filter((device) => device.role === 'desk-sensor')).toHaveLength(120);
    expect(new Set(devices.map((device) => device.id)).size).toBe(devices.length);
    for (const device of devices) expect(device.id).toMatch(/^[a-z0-9-]{1,64}$/);
    const desks = new Map(sites.map((site) => [site.id, new Set(site.desks.map((desk) => desk.desk))]));
    for (const sensor of devices.filter((device) => device.role === 'desk-sensor')) expect(desks.get(sensor.site)?.has(sensor.body.desk!)).toBe(true);
  });
});

describe('--cluster badge summary', () => {
  const badge = (firstSentAt: number, decisions: number[], granted = true): Badge =>
    ({ site: 's', reader: 'r', seq: 1, firstSentAt, lastSentAt: firstSentAt, sends: 1, decisions, granted });

  it('times each badge from its first send to its first decision; unanswered is lost, past 2 s is late', () => {
    const summary = badgeLatencies([badge(0, [10]), badge(100, [130, 2200]), badge(200, [2300], false), badge(300, [])]);
    expect(summary.lost).toBe(1);
    expect(summary.late).toBe(1);
    expect(summary.granted).toBe(2);
    expect(summary.p50).toBe(30);
    expect(summary.max).toBe(2100);
  });
});
