// Every list route pages (issue 15): members and devices by ?limit&offset with X-Total-Count, the
// audit log by ?limit&before with X-Next-Cursor. Without those parameters each answers as before.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuditLog } from '../../apps/api/src/access/audit-log.js';
import { startTestCantine, type TestCantine } from '../support/app.js';
import { api, at, badgeIn, captureAnswers, type Answered } from './helpers.js';

type Item = { id: string };

describe('paginated lists', () => {
  let cantine: TestCantine;
  let manager: Awaited<ReturnType<typeof api>>;
  let answers: Answered[];

  beforeAll(async () => {
    cantine = await startTestCantine();
    manager = await api(cantine);
    answers = captureAnswers(cantine);
  });
  afterAll(() => cantine.dispose());

  /** Every page of `path` by offset, `limit` at a time; each page's total header too. */
  async function byOffset(path: string, limit: number): Promise<{ items: Item[]; totals: string[]; sizes: number[] }> {
    const items: Item[] = [];
    const totals: string[] = [];
    const sizes: number[] = [];
    for (let offset = 0; ; offset += limit) {
      const page = await manager.get(`${path}?limit=${limit}&offset=${offset}`);
      expect(page.status).toBe(200);
      totals.push(page.headers.get('x-total-count') ?? '');
      const body = page.body as Item[];
      sizes.push(body.length);
      items.push(...body);
      if (body.length < limit) return { items, totals, sizes };
    }
  }

  it('pages the members: the pages put together are the whole list, the total on each', async () => {
    for (let i = 0; i < 7; i++) await manager.post('/api/members', { name: `Page Member ${i}`, email: `page${i}@example.org`, adherent: true });
    const all = await manager.get('/api/members');
    const everyone = all.body as Item[];
    expect(everyone.length).toBeGreaterThanOrEqual(7);
    expect(all.headers.get('x-total-count')).toBe(String(everyone.length));
    const paged = await byOffset('/api/members', 3);
    expect(paged.items.map((m) => m.id)).toEqual(everyone.map((m) => m.id));
    expect(paged.sizes.slice(0, -1).every((n) => n === 3)).toBe(true);
    expect(new Set(paged.totals)).toEqual(new Set([String(everyone.length)]));
  });

  it('pages the devices the same way', async () => {
    for (let i = 0; i < 5; i++) {
      const created = await manager.post('/api/devices', { id: `page-reader-${i}`, kind: 'reader', site: 'quimper', protocol: 'native', door: 'entrance' });
      expect(created.status).toBe(201);
    }
    const all = await manager.get('/api/devices');
    const devices = all.body as Item[];
    expect(devices.length).toBeGreaterThanOrEqual(5);
    expect(all.headers.get('x-total-count')).toBe(String(devices.length));
    const paged = await byOffset('/api/devices', 2);
    expect(paged.items.map((d) => d.id)).toEqual(devices.map((d) => d.id));
    expect(new Set(paged.totals)).toEqual(new Set([String(devices.length)]));
  });

  it.each([
    ['limit=0', 'limit'],
    ['limit=1001', 'limit'],
    ['limit=abc', 'limit'],
    ['offset=-1', 'offset'],
    ['limit=2&offset=1.5', 'offset'],
  ])('answers 400 naming the field for ?%s', async (query, field) => {
    for (const path of ['/api/members', '/api/devices']) {
      const response = await manager.get(`${path}?${query}`);
      expect(response.status, path).toBe(400);
      expect((response.body as { errors: Array<{ field: string }> }).errors.map((e) => e.field)).toEqual([field]);
    }
  });

  it('pages the audit log by cursor, newest first, events of one instant neither lost nor repeated', async () => {
    // Seven badge-ins, three of them at the same instant (same time, different ids).
    const times = ['09:01', '09:02', '09:03', '09:03', '09:03', '09:04', '09:05'];
    for (const time of times) badgeIn(cantine, answers, { uid: 'DEADBEEF', at: at(time, '2026-03-03') });
    await cantine.app.get(AuditLog).flush();
    const range = 'site=quimper&from=2026-03-03T00:00:00Z&to=2026-03-04T00:00:00Z';
    const whole = await manager.get(`/api/access-events?${range}`);
    const everything = whole.body as Item[];
    expect(everything).toHaveLength(7);
    expect(whole.headers.get('x-next-cursor')).toBeNull();

    const seen: Item[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page = await manager.get(`/api/access-events?${range}&limit=2${cursor ? `&before=${cursor}` : ''}`);
      expect(page.status).toBe(200);
      seen.push(...(page.body as Item[]));
      cursor = page.headers.get('x-next-cursor');
      pages += 1;
    } while (cursor && pages < 10);
    expect(seen.map((e) => e.id)).toEqual(everything.map((e) => e.id));
    expect(pages).toBe(4);
  });

  it('answers 400 naming `before` for a cursor it did not give', async () => {
    for (const cursor of ['nonsense', Buffer.from('2026-03-03T09:00:00Z').toString('base64url'), Buffer.from('not-a-date|abc').toString('base64url')]) {
      const response = await manager.get(`/api/access-events?before=${cursor}`);
      expect(response.status, cursor).toBe(400);
      expect((response.body as { errors: Array<{ field: string }> }).errors.map((e) => e.field)).toEqual(['before']);
    }
  });
});
