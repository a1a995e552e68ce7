// The wall's public facts through the whole service: the events listed from event passes (one per
// event, never an attendee) and whether the site is open, both on the service's clock.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, setClock } from '../access/helpers.js';
import { startTestCantine, type TestCantine } from '../support/app.js';

// Wednesday 4 March 2026 in Quimper (UTC+1).
const WEDNESDAY_10H = new Date('2026-03-04T10:00:00+01:00');
const APERO = { type: 'event', title: "Pixel'péro", validFrom: '2026-03-04T18:00:00+01:00', validUntil: '2026-03-04T21:00:00+01:00' };

describe('what the wall shows besides seats', () => {
  let cantine: TestCantine;
  let manager: Awaited<ReturnType<typeof api>>;

  beforeAll(async () => {
    cantine = await startTestCantine();
    manager = await api(cantine);
    setClock(cantine, WEDNESDAY_10H);
  });
  afterAll(() => cantine.dispose());

  const publicGet = async (path: string) => {
    const response = await fetch(`${cantine.baseUrl}${path}`);
    return { status: response.status, text: await response.text() };
  };

  it('lists an event once for all its attendees, with title, times and room, and no attendee', async () => {
    for (const name of ['Anne Kerhervé', 'Yann Le Goff', 'Gwen Tanguy']) await manager.member(name, null, [APERO]);
    const cancelled = await manager.member('Soazig Morvan', null, [APERO]);
    const passes = (await manager.get(`/api/members/${cancelled}/passes`)).body as Array<{ id: string }>;
    expect((await manager.post(`/api/passes/${passes[0]!.id}/cancel`, { reason: 'malade', refund: true })).status).toBe(200);
    await manager.member('Loïc Riou', null, [{ type: 'subscription', validFrom: '2026-03-01', validUntil: '2026-03-31' }]);

    const events = await publicGet('/api/sites/quimper/events');
    expect(events.status).toBe(200);
    expect(JSON.parse(events.text)).toEqual([
      { title: "Pixel'péro", start: '2026-03-04T17:00:00.000Z', end: '2026-03-04T20:00:00.000Z', zone: 'event-room' },
    ]);
    for (const personal of ['Anne', 'Kerhervé', 'Yann', 'Gwen', 'Soazig', 'Loïc', '@example.org', 'memberId']) expect(events.text).not.toContain(personal);
  });

  it('drops the event once it is over', async () => {
    setClock(cantine, new Date('2026-03-04T21:00:00+01:00'));
    expect(JSON.parse((await publicGet('/api/sites/quimper/events')).text)).toEqual([]);
    setClock(cantine, WEDNESDAY_10H);
  });

  it('says open with the closing time during the hours', async () => {
    const opening = JSON.parse((await publicGet('/api/sites/quimper/opening')).text);
    expect(opening).toEqual({
      open: true,
      timezone: 'Europe/Paris',
      todayHours: [{ open: '09:00', close: '17:00' }],
      closesAt: '2026-03-04T16:00:00.000Z',
      nextOpening: null,
      now: '2026-03-04T09:00:00.000Z',
    });
  });

  it('says closed on a Friday night and names Monday 9:00 as the next opening', async () => {
    setClock(cantine, new Date('2026-03-06T22:30:00+01:00'));
    const opening = JSON.parse((await publicGet('/api/sites/quimper/opening')).text);
    expect(opening).toMatchObject({ open: false, closesAt: null, nextOpening: '2026-03-09T08:00:00.000Z', todayHours: [{ open: '09:00', close: '17:00' }] });
    setClock(cantine, WEDNESDAY_10H);
  });

  it('answers 404 for an unknown site', async () => {
    expect((await publicGet('/api/sites/nowhere/opening')).status).toBe(404);
    expect((await publicGet('/api/sites/nowhere/events')).status).toBe(404);
  });
});
