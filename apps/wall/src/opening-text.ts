// "Fermé — ouvre lundi à 9 h": the next opening said the way a person would, on the site's own
// clock, relative to the service's `now` (not the TV's, which may be wrong or in another zone).
import type { SiteOpening } from '../../../libs/protocol/src/wall-events.js';
import type { Lang } from './i18n.js';

const DAY_MS = 86_400_000;

function localDate(instant: Date, timeZone: string): number {
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(instant);
  return Date.parse(`${parts}T00:00:00Z`);
}

/** "9 h", "9 h 30" in French; "9:00", "9:30" in English. */
export function clockText(hhmm: string, lang: Lang): string {
  const [hours, minutes] = hhmm.split(':').map(Number) as [number, number];
  if (lang === 'en') return `${hours}:${String(minutes).padStart(2, '0')}`;
  return minutes === 0 ? `${hours} h` : `${hours} h ${String(minutes).padStart(2, '0')}`;
}

function localClock(instant: Date, timeZone: string): string {
  return new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(instant);
}

/** "ouvre lundi à 9 h" / "opens Monday at 9:00"; today and tomorrow said as such, beyond a week the date. */
export function nextOpeningText(opening: SiteOpening, lang: Lang): string {
  if (!opening.nextOpening) return lang === 'en' ? 'no opening planned' : 'pas de réouverture prévue';
  const next = new Date(opening.nextOpening);
  const zone = opening.timezone;
  const days = Math.round((localDate(next, zone) - localDate(new Date(opening.now), zone)) / DAY_MS);
  const at = clockText(localClock(next, zone), lang);
  const locale = lang === 'en' ? 'en-GB' : 'fr-FR';
  const weekday = new Intl.DateTimeFormat(locale, { timeZone: zone, weekday: 'long' }).format(next);
  const date = new Intl.DateTimeFormat(locale, { timeZone: zone, day: 'numeric', month: 'long' }).format(next);
  if (lang === 'en') {
    const day = days === 0 ? '' : days === 1 ? ' tomorrow' : days < 7 ? ` ${weekday}` : ` on ${date}`;
    return `opens${day} at ${at}`;
  }
  const day = days === 0 ? '' : days === 1 ? ' demain' : days < 7 ? ` ${weekday}` : ` le ${date}`;
  return `ouvre${day} à ${at}`;
}

/** "Aujourd'hui 9 h – 17 h" or "Fermé aujourd'hui". */
export function todayHoursText(opening: SiteOpening, lang: Lang): string {
  if (opening.todayHours.length === 0) return lang === 'en' ? 'Closed today' : "Fermé aujourd'hui";
  const ranges = opening.todayHours.map((range) => `${clockText(range.open, lang)} – ${clockText(range.close, lang)}`).join(', ');
  return `${lang === 'en' ? 'Today' : "Aujourd'hui"} ${ranges}`;
}
