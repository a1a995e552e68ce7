import { describe, expect, it } from 'vitest';
import type { SiteOpening } from '../../../libs/protocol/src/wall-events.js';
import { nextOpeningText, todayHoursText } from './opening-text.js';

const closed = (now: string, nextOpening: string | null, todayHours = [{ open: '09:00', close: '17:00' }]): SiteOpening => ({
  open: false, timezone: 'Europe/Paris', todayHours, closesAt: null, nextOpening, now,
});

describe('the next opening as the wall says it, on the site clock relative to the service clock', () => {
  it.each([
    { rule: 'later today', opening: closed('2026-03-04T06:00:00Z', '2026-03-04T08:00:00Z'), fr: 'ouvre à 9 h', en: 'opens at 9:00' },
    { rule: 'tomorrow', opening: closed('2026-03-04T20:00:00Z', '2026-03-05T08:00:00Z'), fr: 'ouvre demain à 9 h', en: 'opens tomorrow at 9:00' },
    { rule: 'tomorrow though UTC is still the same day (23:30 in Paris)', opening: closed('2026-03-04T22:30:00Z', '2026-03-05T08:00:00Z'), fr: 'ouvre demain à 9 h', en: 'opens tomorrow at 9:00' },
    { rule: 'within the week: the weekday', opening: closed('2026-03-06T21:30:00Z', '2026-03-09T08:00:00Z'), fr: 'ouvre lundi à 9 h', en: 'opens Monday at 9:00' },
    { rule: 'half past', opening: closed('2026-03-04T12:00:00Z', '2026-03-04T13:30:00Z'), fr: 'ouvre à 14 h 30', en: 'opens at 14:30' },
    { rule: 'beyond a week: the date', opening: closed('2026-03-04T12:00:00Z', '2026-03-23T08:00:00Z'), fr: 'ouvre le 23 mars à 9 h', en: 'opens on 23 March at 9:00' },
    { rule: 'no opening at all', opening: closed('2026-03-04T12:00:00Z', null), fr: 'pas de réouverture prévue', en: 'no opening planned' },
  ])('$rule', ({ opening, fr, en }) => {
    expect(nextOpeningText(opening, 'fr')).toBe(fr);
    expect(nextOpeningText(opening, 'en')).toBe(en);
  });

  it.each([
    { rule: 'one range', hours: [{ open: '09:00', close: '17:00' }], fr: "Aujourd'hui 9 h – 17 h" },
    { rule: 'a lunch break', hours: [{ open: '09:00', close: '12:30' }, { open: '14:00', close: '18:00' }], fr: "Aujourd'hui 9 h – 12 h 30, 14 h – 18 h" },
    { rule: 'a closed day', hours: [], fr: "Fermé aujourd'hui" },
  ])("today's hours: $rule", ({ hours, fr }) => {
    expect(todayHoursText(closed('2026-03-04T06:00:00Z', null, hours), 'fr')).toBe(fr);
  });
});
