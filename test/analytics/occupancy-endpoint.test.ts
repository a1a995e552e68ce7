// The contract's occupancy series (§3) and the analytics endpoints through the whole service.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { zoneOccupancyPoint } from '../../apps/api/src/analytics/series-schema.js';
import { TimeSeriesStore } from '../../apps/api/src/infra/timeseries/index.js';
import { json, managerHeaders, startTestCantine, type TestCantine } from '../support/app.js';

const HOUR_MS = 3_600_000;
const HOUR_AGO_48 = new Date(Math.floor(Date.now() / HOUR_MS) * HOUR_MS - 48 * HOUR_MS);
const iso = (ms: number) => new Date(ms).toISOString();

describe('GET /api/sites/{site}/occupancy and the analytics endpoints', () => {
  let cantine: TestCantine;
  let headers: Record<string, string>;
  const get = (path: string, withToken = true) => fetch(`${cantine.baseUrl}${path}`, withToken ? { headers } : {});

  beforeAll(async () => {
    cantine = await startTestCantine();
    headers = await managerHeaders(cantine.baseUrl);
    // Recent: a period older than the raw retention (90 days) would be read from the hourly rollups.
    const at = HOUR_AGO_48;
    await cantine.app.get(TimeSeriesStore).write([
      zoneOccupancyPoint({ site: 'quimper', zone: 'open-space', occupied: 7, free: 17, offline: 0, headcount: 8, at }),
      zoneOccupancyPoint({ site: 'quimper', zone: 'hall', occupied: 0, free: 0, offline: 0, headcount: 3, at }),
    ]);
  });
  afterAll(() => cantine?.dispose());

  it('refuses a request without a manager token (401)', async () => {
    expect((await get('/api/sites/quimper/occupancy', false)).status).toBe(401);
    expect((await get('/api/sites/quimper/analytics/forecast', false)).status).toBe(401);
  });

  it.each([
    ['every=2h', 'every'],
    ['every=', 'every'],
    ['from=yesterday', 'from'],
    ['to=2026-13-01', 'to'],
    ['from=2026-03-02&to=2026-03-01', 'to'],
    ['from=2026-03-01&to=2026-03-08&every=1m', 'every'],
  ])('answers 400 naming the field for %s', async (query, field) => {
    const response = await get(`/api/sites/quimper/occupancy?${query}`);
    expect(response.status).toBe(400);
    const body = await json(response);
    expect(body.errors.map((e: { field: string }) => e.field)).toContain(field);
    // French, as every other refusal (ZodPipe's "Champ invalide : …").
    expect(body.message).toBe(`Champ invalide : ${field}`);
  });

  it('answers 404 for an unknown site', async () => {
    expect((await get('/api/sites/nowhere/occupancy')).status).toBe(404);
  });

  it('answers today by the hour by default', async () => {
    const response = await get('/api/sites/quimper/occupancy');
    expect(response.status).toBe(200);
    const body = await json(response);
    expect(body).toMatchObject({ site: 'quimper', every: '1h', from: expect.any(String), to: expect.any(String) });
    expect(body.points.length).toBeGreaterThanOrEqual(23); // 23 to 25 hours, DST days included
    expect(body.points.length).toBeLessThanOrEqual(25);
    expect(Object.keys(body.points[0]).sort()).toEqual(['headcount', 'occupied', 'time']);
  });

  it('answers the series of a period: occupied desks and headcount summed over zones', async () => {
    const t = HOUR_AGO_48.getTime();
    const response = await get(`/api/sites/quimper/occupancy?from=${iso(t)}&to=${iso(t + 2 * HOUR_MS)}&every=1h`);
    expect(response.status).toBe(200);
    expect(await json(response)).toEqual({
      site: 'quimper',
      from: iso(t),
      to: iso(t + 2 * HOUR_MS),
      every: '1h',
      points: [
        { time: iso(t), occupied: 7, headcount: 11 },
        { time: iso(t + HOUR_MS), occupied: null, headcount: null },
      ],
    });
  });

  it.each([
    ['today', ['date', 'basedOn', 'slots']],
    ['heatmap?weeks=2&unit=ratio', ['unit', 'weekdays', 'cells']],
    ['utilisation?from=2026-03-02&to=2026-03-03', ['openMinutes', 'desks']],
    ['peaks?days=3', ['days']],
    ['stays', ['stays', 'averageMinutes']],
    ['denials', ['granted', 'denied', 'reasons']],
    ['forecast', ['ratio', 'capacity', 'slots']],
  ])('answers /analytics/%s', async (path, keys) => {
    const response = await get(`/api/sites/quimper/analytics/${path}`);
    expect(response.status).toBe(200);
    const body = await json(response);
    for (const key of keys) expect(body).toHaveProperty(key);
  });

  it('refuses bad analytics parameters with 400', async () => {
    for (const path of ['heatmap?weeks=0', 'heatmap?unit=percent', 'peaks?days=abc', 'stays?from=2025-01-01&to=2026-06-01']) {
      expect((await get(`/api/sites/quimper/analytics/${path}`)).status, path).toBe(400);
    }
  });
});
