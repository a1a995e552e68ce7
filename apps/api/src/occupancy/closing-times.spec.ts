import { describe, expect, it } from 'vitest';
import { nextClosing, previousClosing, type ClosingSchedule, type WeeklyHours } from './closing-times.js';

const weekdays = [{ open: '09:00', close: '17:00' }];
const hours: WeeklyHours = {
  monday: weekdays,
  tuesday: weekdays,
  wednesday: [{ open: '09:00', close: '12:00' }, { open: '14:00', close: '19:30' }],
  thursday: weekdays,
  friday: weekdays,
  saturday: [],
  sunday: [],
};
const quimper: ClosingSchedule = { timezone: 'Europe/Paris', hours };

describe('closings of the site day', () => {
  it.each([
    ['Monday morning: last Friday 17:00', '2026-03-02T08:00:00Z', '2026-02-27T16:00:00.000Z', '2026-03-02T16:00:00.000Z'],
    ['Monday 17:00 exactly: that closing', '2026-03-02T16:00:00Z', '2026-03-02T16:00:00.000Z', '2026-03-03T16:00:00.000Z'],
    ['Wednesday noon: the last range closes the day, not the lunch break', '2026-03-04T11:30:00Z', '2026-03-03T16:00:00.000Z', '2026-03-04T18:30:00.000Z'],
    ['Saturday: Friday behind, Monday ahead', '2026-03-07T12:00:00Z', '2026-03-06T16:00:00.000Z', '2026-03-09T16:00:00.000Z'],
  ])('%s', (_case, now, previous, next) => {
    expect(previousClosing(new Date(now), quimper)?.toISOString()).toBe(previous);
    expect(nextClosing(new Date(now), quimper)?.toISOString()).toBe(next);
  });

  it('finds none for a site that never opens', () => {
    const closed: ClosingSchedule = { timezone: 'Europe/Paris', hours: { ...hours, monday: [], tuesday: [], wednesday: [], thursday: [], friday: [] } };
    expect(previousClosing(new Date('2026-03-02T08:00:00Z'), closed)).toBeNull();
    expect(nextClosing(new Date('2026-03-02T08:00:00Z'), closed)).toBeNull();
  });
});
