// Rule 2: French public holidays (Code du travail, art. L3133-1), the site being closed on them.
// Alsace-Moselle's extra days (Good Friday, 26 December) are left to closures in the site file.
import { addDays, calendarDate } from './calendar-date.js';

export type PublicHolidayCalendar = 'fr' | 'none';

export interface PublicHoliday {
  date: string;
  name: string;
}

/** Easter Sunday of the Gregorian calendar (anonymous Gregorian algorithm, Meeus/Jones/Butcher). */
export function easterSunday(year: number): string {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return calendarDate(year, month, day);
}

/** The eleven French public holidays of `year`, in date order. */
export function frenchPublicHolidays(year: number): PublicHoliday[] {
  const easter = easterSunday(year);
  const fixed = (month: number, day: number, name: string): PublicHoliday => ({
    date: calendarDate(year, month, day),
    name,
  });
  const holidays: PublicHoliday[] = [
    fixed(1, 1, "Jour de l'an"),
    { date: addDays(easter, 1), name: 'Lundi de Pâques' },
    fixed(5, 1, 'Fête du Travail'),
    fixed(5, 8, 'Victoire 1945'),
    { date: addDays(easter, 39), name: 'Ascension' },
    { date: addDays(easter, 50), name: 'Lundi de Pentecôte' },
    fixed(7, 14, 'Fête nationale'),
    fixed(8, 15, 'Assomption'),
    fixed(11, 1, 'Toussaint'),
    fixed(11, 11, 'Armistice 1918'),
    fixed(12, 25, 'Noël'),
  ];
  return holidays.sort((x, y) => x.date.localeCompare(y.date));
}

const cache = new Map<number, Map<string, string>>();

/** The holiday falling on a local date, or null. */
export function publicHolidayOn(date: string, calendar: PublicHolidayCalendar): PublicHoliday | null {
  if (calendar === 'none') return null;
  const year = Number(date.slice(0, 4));
  let byDate = cache.get(year);
  if (!byDate) {
    byDate = new Map(frenchPublicHolidays(year).map((h) => [h.date, h.name]));
    cache.set(year, byDate);
  }
  const name = byDate.get(date);
  return name === undefined ? null : { date, name };
}
