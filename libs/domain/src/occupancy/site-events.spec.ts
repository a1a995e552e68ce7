import { describe, expect, it } from 'vitest';
import { makePass } from '../access/test-fixtures.js';
import type { PassInput } from '../access/pass.js';
import { listSiteEvents } from './site-events.js';

const SITE = { timezone: 'Europe/Paris', zones: ['hall', 'open-space', 'event-room', 'meeting-room'] };
// Wednesday 2026-03-04, 10:00 in Quimper.
const NOW = new Date('2026-03-04T09:00:00Z');
const APERO = { type: 'event' as const, title: "Pixel'péro", validFrom: '2026-03-04T17:00:00Z', validUntil: '2026-03-04T20:00:00Z' };

function event(id: string, overrides: Partial<PassInput> = {}) {
  return makePass({ ...APERO, id, memberId: `m-${id}`, ...overrides });
}

describe('site events: one public entry per event from event passes', () => {
  it.each([
    { rule: 'attendees of one event make one entry', passes: [event('a'), event('b'), event('c')], titles: ["Pixel'péro"] },
    { rule: 'non-event passes are not events', passes: [makePass({ ...APERO, type: 'subscription', title: 'Abonnement', zones: ['hall'] })], titles: [] },
    { rule: 'a cancelled pass is left out', passes: [event('a', { cancelledOn: '2026-03-03' })], titles: [] },
    {
      rule: 'a pass corrected and then ended is left out',
      passes: [event('a', { changes: [{ kind: 'correct', on: '2026-03-02', before: {}, after: {} }, { kind: 'end', on: '2026-03-03', before: {}, after: {} }] })],
      titles: [],
    },
    { rule: 'a pass cancelled by a recorded change is left out', passes: [event('a', { changes: [{ kind: 'cancel', on: '2026-03-03', before: {}, after: {} }] })], titles: [] },
    {
      rule: 'a corrected pass is still listed, with its corrected window',
      passes: [event('a', { changes: [{ kind: 'correct', on: '2026-03-03', before: { validFrom: '2026-03-04T18:00:00Z' }, after: { validFrom: APERO.validFrom } }] })],
      titles: ["Pixel'péro"],
    },
    { rule: 'a pass without a title stays private (no title at all)', passes: [makePass({ type: 'event', id: 'a', validFrom: APERO.validFrom, validUntil: APERO.validUntil })], titles: [] },
    { rule: 'a pass without a start is no event', passes: [makePass({ type: 'event', id: 'a', title: 'Atelier', validUntil: APERO.validUntil })], titles: [] },
    { rule: 'a pass without an end is no event', passes: [makePass({ type: 'event', id: 'a', title: 'Atelier', validFrom: APERO.validFrom })], titles: [] },
    { rule: 'an unreadable start is no event', passes: [event('a', { validFrom: 'x2026-03-04' })], titles: [] },
    { rule: 'an unreadable end is no event', passes: [event('a', { validUntil: 'soon' })], titles: [] },
    { rule: 'an empty window is no event', passes: [event('a', { validUntil: APERO.validFrom })], titles: [] },
    { rule: 'a window ending before it starts is no event', passes: [event('a', { validUntil: '2026-03-04T16:00:00Z' })], titles: [] },
    {
      rule: 'an ended pass is left out, its shortened window is no second event',
      passes: [event('a'), event('b', { validUntil: '2026-03-04T23:00:00Z', changes: [{ kind: 'end', on: '2026-03-04', before: {}, after: {} }] })],
      titles: ["Pixel'péro"],
    },
    { rule: 'an event already over is left out', passes: [event('a', { validFrom: '2026-03-04T07:00:00Z', validUntil: '2026-03-04T09:00:00Z' })], titles: [] },
    { rule: 'an event under way is still listed', passes: [event('a', { validFrom: '2026-03-04T08:00:00Z' })], titles: ["Pixel'péro"] },
    { rule: 'a pass without a title stays private', passes: [event('a', { title: '  ' })], titles: [] },
    { rule: 'a pass for zones this site lacks is not at this site', passes: [event('a', { zones: ['rooftop'] })], titles: [] },
    {
      rule: 'two events with the same title at different times are two entries, soonest first',
      passes: [event('a', { validFrom: '2026-03-11T17:00:00Z', validUntil: '2026-03-11T20:00:00Z' }), event('b')],
      titles: ["Pixel'péro", "Pixel'péro"],
    },
  ])('$rule', ({ passes, titles }) => {
    expect(listSiteEvents(passes, SITE, NOW).map((e) => e.title)).toEqual(titles);
  });

  it('lists the soonest first, whatever order the passes come in', () => {
    const later = event('a', { title: 'Atelier', validFrom: '2026-03-11T17:00:00Z', validUntil: '2026-03-11T20:00:00Z' });
    expect(listSiteEvents([later, event('b')], SITE, NOW).map((e) => e.start)).toEqual(['2026-03-04T17:00:00.000Z', '2026-03-11T17:00:00.000Z']);
  });

  it('gives title, window and room, and nothing about attendees', () => {
    const [only, ...rest] = listSiteEvents([event('a'), event('b', { zones: ['hall', 'event-room'] })], SITE, NOW);
    expect(rest).toEqual([]);
    expect(only).toEqual({ title: "Pixel'péro", start: '2026-03-04T17:00:00.000Z', end: '2026-03-04T20:00:00.000Z', zone: 'event-room' });
  });

  it('lists events starting together by title, in French order', () => {
    const titles = ['Zumba', 'Éveil musical', 'Atelier'].map((title, i) => event(`e${i}`, { title }));
    expect(listSiteEvents(titles, SITE, NOW).map((e) => e.title)).toEqual(['Atelier', 'Éveil musical', 'Zumba']);
  });

  it('puts the event in the last of its zones the site has', () => {
    const [only] = listSiteEvents([event('a', { zones: ['hall', 'meeting-room', 'rooftop', 'event-room', 'terrace'] })], SITE, NOW);
    expect(only?.zone).toBe('event-room');
  });

  it('reads a bare date as the whole local day', () => {
    const [day] = listSiteEvents([event('a', { validFrom: '2026-03-05', validUntil: '2026-03-05' })], SITE, NOW);
    expect(day).toMatchObject({ start: '2026-03-04T23:00:00.000Z', end: '2026-03-05T23:00:00.000Z' });
  });
});
