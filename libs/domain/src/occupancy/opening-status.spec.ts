import { describe, expect, it } from 'vitest';
import { makeSite } from '../access/test-fixtures.js';
import { openingStatus } from './opening-status.js';

// Quimper (contract §4): Europe/Paris, Monday–Friday 09:00–17:00; March 2026 is UTC+1.
const QUIMPER = makeSite();
const LUNCH_BREAK = makeSite({
  hours: { ...QUIMPER.hours, wednesday: [{ open: '14:00', close: '18:00' }, { open: '09:00', close: '12:30' }] },
});
const WINTER_CLOSURE = makeSite({ closures: [{ from: '2026-03-02', to: '2026-03-06', reason: 'travaux' }] });

describe('opening status: open during a range of an opening day, else the next opening', () => {
  it.each([
    { rule: 'open inside the hours', site: QUIMPER, now: '2026-03-04T10:00:00Z', open: true, closesAt: '2026-03-04T16:00:00.000Z', nextOpening: null },
    { rule: 'closed before the opening, opens this morning', site: QUIMPER, now: '2026-03-04T07:55:00Z', open: false, closesAt: null, nextOpening: '2026-03-04T08:00:00.000Z' },
    { rule: 'the opening minute is open', site: QUIMPER, now: '2026-03-04T08:00:00Z', open: true, closesAt: '2026-03-04T16:00:00.000Z', nextOpening: null },
    { rule: 'the closing minute is closed, opens tomorrow', site: QUIMPER, now: '2026-03-04T16:00:00Z', open: false, closesAt: null, nextOpening: '2026-03-05T08:00:00.000Z' },
    { rule: 'Friday night opens on Monday', site: QUIMPER, now: '2026-03-06T21:00:00Z', open: false, closesAt: null, nextOpening: '2026-03-09T08:00:00.000Z' },
    { rule: 'Sunday opens on Monday', site: QUIMPER, now: '2026-03-08T12:00:00Z', open: false, closesAt: null, nextOpening: '2026-03-09T08:00:00.000Z' },
    { rule: 'a lunch break is closed, reopens in the afternoon', site: LUNCH_BREAK, now: '2026-03-04T12:00:00Z', open: false, closesAt: null, nextOpening: '2026-03-04T13:00:00.000Z' },
    { rule: 'the morning range of a split day closes at its own end', site: LUNCH_BREAK, now: '2026-03-04T09:00:00Z', open: true, closesAt: '2026-03-04T11:30:00.000Z', nextOpening: null },
    { rule: 'a closure keeps it closed during the hours', site: WINTER_CLOSURE, now: '2026-03-04T10:00:00Z', open: false, closesAt: null, nextOpening: '2026-03-09T08:00:00.000Z' },
    { rule: 'a public holiday is closed (Easter Monday 2026)', site: QUIMPER, now: '2026-04-06T10:00:00Z', open: false, closesAt: null, nextOpening: '2026-04-07T07:00:00.000Z' },
    { rule: 'a site without hours never opens', site: makeSite({ hours: { ...QUIMPER.hours, monday: [], tuesday: [], wednesday: [], thursday: [], friday: [] } }), now: '2026-03-04T10:00:00Z', open: false, closesAt: null, nextOpening: null },
    // Wednesday 2026-03-04 + 366 days is Friday 2027-03-05: the last day the search looks at.
    { rule: 'a closure of a year still finds its reopening', site: makeSite({ closures: [{ from: '2026-03-04', to: '2027-03-04' }] }), now: '2026-03-04T10:00:00Z', open: false, closesAt: null, nextOpening: '2027-03-05T08:00:00.000Z' },
    { rule: 'no opening within 366 days is none', site: makeSite({ closures: [{ from: '2026-03-04', to: '2027-03-05' }] }), now: '2026-03-04T10:00:00Z', open: false, closesAt: null, nextOpening: null },
  ])('$rule', ({ site, now, open, closesAt, nextOpening }) => {
    expect(openingStatus(new Date(now), site)).toMatchObject({ open, closesAt, nextOpening });
  });

  it.each([
    { rule: "today's hours on an opening day, earliest first", site: LUNCH_BREAK, now: '2026-03-04T20:00:00Z', hours: [{ open: '09:00', close: '12:30' }, { open: '14:00', close: '18:00' }] },
    { rule: 'no hours on a weekend', site: QUIMPER, now: '2026-03-08T10:00:00Z', hours: [] },
    { rule: 'no hours on a closure day', site: WINTER_CLOSURE, now: '2026-03-04T10:00:00Z', hours: [] },
    {
      rule: 'malformed ranges left out (the site file parser reports them)',
      site: makeSite({ hours: { ...QUIMPER.hours, wednesday: [
        { open: '9h', close: '12:00' },
        { open: '13:00', close: 'late' },
        { open: '15:00', close: '15:00' },
        { open: '16:00', close: '15:00' },
        { open: '10:00', close: '11:00' },
      ] } }),
      now: '2026-03-04T20:00:00Z',
      hours: [{ open: '10:00', close: '11:00' }],
    },
  ])('$rule', ({ site, now, hours }) => {
    expect(openingStatus(new Date(now), site).todayHours).toEqual(hours);
  });
});
