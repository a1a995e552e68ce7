// Rule: the wall lists today's and upcoming events from event passes. Every attendee holds a pass
// with the event's title and window, so passes are grouped into one entry per event, and an entry
// says nothing about who holds them. Cancelled and ended passes are left out: the event goes on for
// the others, and an ended pass's shortened window would otherwise show as a second event.
import { addDays } from '../access/calendar-date.js';
import { startOfLocalDay } from '../access/local-time.js';
import { ANY_ZONE, type Pass } from '../access/pass.js';

export interface PublicEvent {
  readonly title: string;
  /** ISO-8601 instants; `end` is exclusive. */
  readonly start: string;
  readonly end: string;
  /** The room: the pass's last zone that the site has (event passes default to hall, event room). */
  readonly zone: string;
}

export interface EventSite {
  readonly timezone: string;
  readonly zones: readonly string[];
}

/** Events ending after `now` at this site, soonest first; passes without a title stay private. */
export function listSiteEvents(passes: Iterable<Pass>, site: EventSite, now: Date): PublicEvent[] {
  const events = new Map<string, PublicEvent>();
  for (const pass of passes) {
    const event = publicEventOf(pass, site);
    if (!event || Date.parse(event.end) <= now.getTime()) continue;
    events.set(JSON.stringify([event.title, event.start, event.end, event.zone]), event);
  }
  return [...events.values()].sort((a, b) => a.start.localeCompare(b.start) || a.title.localeCompare(b.title, 'fr'));
}

function publicEventOf(pass: Pass, site: EventSite): PublicEvent | null {
  if (pass.type !== 'event' || pass.cancelledOn !== undefined) return null;
  if (pass.changes?.some((change) => change.kind === 'end' || change.kind === 'cancel')) return null;
  const title = pass.title?.trim();
  if (!title) return null;
  const start = boundOf(pass.validFrom, site.timezone, 0);
  const end = boundOf(pass.validUntil, site.timezone, 1);
  if (start === null || end === null || end <= start) return null;
  const zone = pass.zones.filter((z) => z !== ANY_ZONE && site.zones.includes(z)).at(-1);
  if (zone === undefined) return null;
  return { title, start: new Date(start).toISOString(), end: new Date(end).toISOString(), zone };
}

/** An ISO instant as is; a bare date is the whole local day (its start, or the next day's start). */
function boundOf(value: string | undefined, timeZone: string, dayOffset: 0 | 1): number | null {
  if (value === undefined) return null;
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) return startOfLocalDay(addDays(value, dayOffset), timeZone).getTime();
  const at = Date.parse(value);
  return Number.isNaN(at) ? null : at;
}
