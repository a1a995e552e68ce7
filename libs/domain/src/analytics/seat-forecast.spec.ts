import { describe, expect, it } from 'vitest';
import { makeSite } from '../access/test-fixtures.js';
import type { DaySlotValue } from './local-slots.js';
import { forecastFreeSeats } from './seat-forecast.js';

const site = makeSite(); // Europe/Paris, Monday–Friday 09:00–17:00
const slots = (values: Record<number, number | null>): DaySlotValue[] =>
  Object.entries(values).map(([hour, value]) => ({ minutes: Number(hour) * 60, value }));

// Typical Monday: 3 at 09h, 6 at 10h, 10 at 11h, 6 at 12h, 10 at 13h, 16 at 14h, unknown at 15h, 2 at 16h.
const typical = slots({ 9: 3, 10: 6, 11: 10, 12: 6, 13: 10, 14: 16, 15: null, 16: 2 });

describe('forecast of free seats for the rest of today', () => {
  it('scales the typical curve by (observed + 1) / (typical + 1) over the finished slots', () => {
    // 11:20: slots 09h and 10h are finished; observed 4 + 10 = 14 against typical 3 + 6 = 9 → ratio 15 / 10 = 1.5.
    const forecast = forecastFreeSeats({
      now: new Date('2026-03-02T11:20:00+01:00'),
      site,
      typical,
      observed: slots({ 9: 4, 10: 10, 11: 11 }),
      capacity: 20,
      current: 11,
    });
    expect(forecast.ratio).toBe(1.5);
    expect(forecast.slots.map((s) => [s.at.toISOString(), s.occupied, s.free, s.basis])).toEqual([
      ['2026-03-02T10:00:00.000Z', 11, 9, 'current'], // the slot under way: what is measured now
      ['2026-03-02T11:00:00.000Z', 9, 11, 'typical'], // 6 × 1.5
      ['2026-03-02T12:00:00.000Z', 15, 5, 'typical'], // 10 × 1.5
      ['2026-03-02T13:00:00.000Z', 20, 0, 'typical'], // 16 × 1.5 = 24, capped at the 20 desks
      ['2026-03-02T14:00:00.000Z', 11, 9, 'current'], // no history: stays at the current level
      ['2026-03-02T15:00:00.000Z', 3, 17, 'typical'], // 2 × 1.5
    ]);
  });

  it('before opening knows nothing of today: ratio 1, the typical curve as is, from the first open slot', () => {
    const forecast = forecastFreeSeats({ now: new Date('2026-03-02T08:30:00+01:00'), site, typical, observed: [], capacity: 20, current: 0 });
    expect(forecast.ratio).toBe(1);
    expect(forecast.slots[0]).toMatchObject({ minutes: 540, occupied: 3, free: 17, basis: 'typical' });
    expect(forecast.slots).toHaveLength(8);
  });

  it.each<[string, string]>([
    ['on a Saturday', '2026-03-07T10:00:00+01:00'],
    ['after closing', '2026-03-02T17:30:00+01:00'],
    ['on a public holiday', '2026-05-14T10:00:00+02:00'],
  ])('forecasts nothing %s', (_scenario, now) => {
    expect(forecastFreeSeats({ now: new Date(now), site, typical, observed: [], capacity: 20, current: 0 }).slots).toEqual([]);
  });

  // 11:20, the 09h and 10h slots finished; only 10h has both a history (6) and a measure (10).
  it.each<[string, DaySlotValue[], DaySlotValue[]]>([
    ['a finished slot without history is left out of the ratio', slots({ 9: null, 10: 6, 11: 10 }), slots({ 9: 4, 10: 10 })],
    ['a finished slot without a measure is left out of the ratio', slots({ 9: 3, 10: 6, 11: 10 }), slots({ 10: 10 })],
  ])('%s', (_scenario, history, observed) => {
    const forecast = forecastFreeSeats({ now: new Date('2026-03-02T11:20:00+01:00'), site, typical: history, observed, capacity: 20, current: 11 });
    expect(forecast.ratio).toBe((10 + 1) / (6 + 1));
  });

  it('forecasts only the sound ranges of a day whose hours hold malformed ones', () => {
    const odd = makeSite({
      hours: { ...site.hours, monday: [{ open: '9h', close: '12:00' }, { open: '10:00', close: 'late' }, { open: '12:00', close: '12:00' }, { open: '15:00', close: '14:00' }, { open: '16:00', close: '17:00' }] },
    });
    const forecast = forecastFreeSeats({ now: new Date('2026-03-02T08:30:00+01:00'), site: odd, typical, observed: [], capacity: 20, current: 0 });
    expect(forecast.slots.map((s) => s.minutes)).toEqual([960]);
  });

  it('refuses slots that do not divide a day', () => {
    expect(() => forecastFreeSeats({ now: new Date('2026-03-02T11:20:00+01:00'), site, typical, observed: [], capacity: 20, current: 0, slotMinutes: 7 })).toThrow(
      new RangeError('slotMinutes must divide 1440, got 7'),
    );
  });
});
