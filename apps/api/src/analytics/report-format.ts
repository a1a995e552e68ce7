// Shared helpers of the analytics reports: rounding for JSON and the site's local days.
import { addDays, localTime, zonedInstant } from '#domain';

/** Rounds for display; null stays null. Charts need no more than two decimals of a desk. */
export function round(value: number | null, digits = 2): number | null {
  if (value === null) return null;
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}

/** Local midnight of the day holding `at`, `days` days later (negative: earlier). */
export function startOfLocalDay(at: Date, timeZone: string, days = 0): Date {
  return zonedInstant(addDays(localTime(at, timeZone).date, days), 0, timeZone);
}

/** `HH:MM` of wall-clock minutes. */
export function clock(minutes: number): string {
  return `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
}
