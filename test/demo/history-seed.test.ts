// `npm run demo` seeds three weeks of history before playing its day (apps/api/src/demo): the
// manager's "Aujourd'hui" and "Historique" must then have something to show, on the demo's clock.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedHistory } from '../../apps/api/src/demo/history-seeder.js';
import { setClock } from '../access/helpers.js';
import { json, managerHeaders, startTestCantine, type TestCantine } from '../support/app.js';

// Monday 7 December 2026, 08:45 in Quimper: the demo's start.
const DEMO_START = new Date('2026-12-07T08:45:00+01:00');

describe('the demo history', () => {
  let cantine: TestCantine;
  let headers: Record<string, string>;
  const lines: string[] = [];
  const get = async (path: string) => json(await fetch(`${cantine.baseUrl}${path}`, { headers }));

  beforeAll(async () => {
    cantine = await startTestCantine();
    headers = await managerHeaders(cantine.baseUrl);
    const summary = await seedHistory(cantine.app, { now: DEMO_START, progress: (line) => lines.push(line) });
    expect(summary).toMatchObject({ skipped: false, days: 21 });
    setClock(cantine, DEMO_START);
  }, 60_000);
  afterAll(() => cantine.dispose());

  it('prints its progress, one line per day', () => {
    expect(lines.filter((line) => /^ {2}2026-1[12]-\d\d /.test(line))).toHaveLength(21);
    expect(lines.at(-1)).toMatch(/^History seeded: /);
  });

  it("gives Aujourd'hui a typical Monday from the three Mondays before", async () => {
    const today = await get('/api/sites/quimper/analytics/today');
    expect(today.date).toBe('2026-12-07');
    expect(today.basedOn).toEqual(['2026-11-30', '2026-11-23', '2026-11-16']);
    const typical = today.slots.map((slot: { typical: number | null }) => slot.typical ?? 0);
    expect(Math.max(...typical)).toBeGreaterThan(8);
    const forecast = await get('/api/sites/quimper/analytics/forecast');
    expect(forecast.slots.length).toBeGreaterThan(0);
  });

  it('gives Historique its heatmap, utilisation, peaks, stays and denials', async () => {
    const heatmap = await get('/api/sites/quimper/analytics/heatmap');
    expect(heatmap.cells.flat().some((value: number | null) => (value ?? 0) > 5)).toBe(true);
    for (const report of ['utilisation', 'peaks', 'stays', 'denials']) {
      const body = await get(`/api/sites/quimper/analytics/${report}`);
      expect(JSON.stringify(body), report).toMatch(/[1-9]/);
    }
    const denials = JSON.stringify(await get('/api/sites/quimper/analytics/denials'));
    expect(denials).toContain('no-valid-pass');
  });

  it('leaves the badge-ins in the access log and the sales in the statements', async () => {
    const events = await get('/api/access-events?site=quimper&from=2026-11-16T00:00:00Z&to=2026-12-07T00:00:00Z');
    const list = Array.isArray(events) ? events : events.items;
    expect(list.filter((event: { granted: boolean }) => event.granted).length).toBeGreaterThan(50);
    for (const month of ['2026-11', '2026-12']) {
      const statements = (await get(`/api/statements?month=${month}`)) as Array<{ lines?: unknown[]; totalCents?: number }>;
      expect(JSON.stringify(statements), month).toMatch(/"(day|subscription|half-day|carnet)"/);
    }
  });

  it("puts tonight's Pixel'péro on the wall", async () => {
    const events = await json(await fetch(`${cantine.baseUrl}/api/sites/quimper/events`));
    expect(events).toContainEqual({ title: "Pixel'péro", start: '2026-12-07T17:00:00.000Z', end: '2026-12-07T20:00:00.000Z', zone: 'event-room' });
  });

  it('does not seed twice into the same data folder', async () => {
    expect(await seedHistory(cantine.app, { now: DEMO_START })).toMatchObject({ skipped: true });
  });
});
