// Rule: free seats for the rest of today = the typical-day curve, scaled by how busy today has
// been so far compared with a typical day:
//   ratio = (observed so far + 1) / (typical so far + 1), summed over the finished slots of today;
//   forecast occupied = typical(slot) × ratio, at most the capacity;  free = capacity − occupied.
// The "+ 1" on both sides (one desk-slot) pulls the ratio towards 1 while little of the day is
// known: at 09:05 a typical 0.2 against an observed 1 would otherwise predict five times the usual.
// The current slot takes the occupancy measured now; a slot without history keeps it too.
import { parseClock } from '../access/calendar-date.js';
import { localTime, zonedInstant } from '../access/local-time.js';
import { isOpeningDay } from '../access/opening-hours.js';
import type { SiteRules } from '../access/site-rules.js';
import { assertSlotMinutes, type DaySlotValue } from './local-slots.js';

export interface SeatForecastInput {
  now: Date;
  site: SiteRules;
  /** Today's typical day (typicalDay(...).slots). */
  typical: readonly DaySlotValue[];
  /** Today's observed means per slot so far (dayProfile). */
  observed: readonly DaySlotValue[];
  /** Desks that can be taken today (the site's desks not offline now). */
  capacity: number;
  /** Desks occupied now. */
  current: number;
  /** Default 60; the slots of `typical` and `observed`. */
  slotMinutes?: number;
}

export interface ForecastSlot {
  at: Date;
  /** Wall-clock start of the slot. */
  minutes: number;
  occupied: number;
  free: number;
  basis: 'current' | 'typical';
}

export interface SeatForecast {
  ratio: number;
  slots: ForecastSlot[];
}

export function forecastFreeSeats(input: SeatForecastInput): SeatForecast {
  const slotMinutes = input.slotMinutes ?? 60;
  assertSlotMinutes(slotMinutes);
  const local = localTime(input.now, input.site.timezone);
  const currentSlot = local.minutes - (local.minutes % slotMinutes);
  const ratio = todayRatio(input.typical, input.observed, currentSlot);
  const typicalAt = new Map(input.typical.map((s) => [s.minutes, s.value]));
  const open = openRanges(local.date, local.weekday, input.site);
  const slots: ForecastSlot[] = [];
  for (let minutes = currentSlot; minutes < 1440; minutes += slotMinutes) {
    if (!open.some((r) => r.open < minutes + slotMinutes && minutes < r.close)) continue;
    const typical = typicalAt.get(minutes) ?? null;
    const fromHistory = minutes !== currentSlot && typical !== null;
    const occupied = Math.min(input.capacity, fromHistory ? typical * ratio : input.current);
    slots.push({
      at: zonedInstant(local.date, minutes, input.site.timezone),
      minutes,
      occupied,
      free: Math.max(0, Math.round(input.capacity - occupied)),
      basis: fromHistory ? 'typical' : 'current',
    });
  }
  return { ratio, slots };
}

/** (observed + 1) / (typical + 1) over the finished slots where both are known. */
function todayRatio(typical: readonly DaySlotValue[], observed: readonly DaySlotValue[], currentSlot: number): number {
  const seen = new Map(observed.map((s) => [s.minutes, s.value]));
  let observedSum = 0;
  let typicalSum = 0;
  for (const slot of typical) {
    const value = seen.get(slot.minutes) ?? null;
    if (slot.minutes >= currentSlot || slot.value === null || value === null) continue;
    observedSum += value;
    typicalSum += slot.value;
  }
  return (observedSum + 1) / (typicalSum + 1);
}

function openRanges(date: string, weekday: ReturnType<typeof localTime>['weekday'], site: SiteRules): Array<{ open: number; close: number }> {
  // isOpeningDay found at least one sound range under this weekday, so its list exists.
  const ranges = isOpeningDay(date, weekday, site) ? site.hours[weekday] : [];
  return ranges.flatMap((range) => {
    const open = parseClock(range.open);
    const close = parseClock(range.close);
    return open === null || close === null || open >= close ? [] : [{ open, close }];
  });
}
