// Rule 5: when, over the next hours, a badge would be granted at a door, for the reader's offline
// allow-list. decideAccess only changes its answer at a local minute where the hours, the early
// entry, the half-day split or the date change, or at an event pass's start or end; so it is
// asked once per stretch between such instants, and the granted stretches are the windows.
// Nothing is taken while offline: a day, half-day or carnet credit not yet taken counts as
// available all along (the list shows when it *could* be taken).
import { parseClock, WEEKDAYS } from './calendar-date.js';
import { decideAccess, type AccessRequest } from './access-decision.js';
import { localTime } from './local-time.js';
import type { Pass } from './pass.js';
import type { SiteRules } from './site-rules.js';

const MINUTE_MS = 60_000;

/** `[from, to)` in epoch milliseconds. */
export type GrantWindow = [number, number];

/** Minutes of the day where some rule of the site flips (a superset is harmless; midnight is a new date). */
function flipMinutes(site: SiteRules): Set<number> {
  const minutes = new Set<number>();
  const split = parseClock(site.halfDaySplit);
  if (split !== null) minutes.add(split);
  for (const weekday of WEEKDAYS) {
    for (const range of site.hours[weekday] ?? []) {
      const open = parseClock(range.open);
      const close = parseClock(range.close);
      if (open !== null) minutes.add(Math.max(0, open - site.earlyEntryMinutes));
      if (close !== null) minutes.add(close);
    }
  }
  return minutes;
}

/**
 * Instants in `[from, until)` where a decision at the site may change, sorted, starting with
 * `from`: each minute whose local clock reads a flip minute, jumps (DST) or starts a new date.
 * Shared by every badge and door of the site: computed once per list.
 */
export function siteBoundaries(site: SiteRules, from: number, until: number): number[] {
  const flips = flipMinutes(site);
  const boundaries = [from];
  let previous = localTime(new Date(from), site.timezone);
  for (let t = Math.ceil((from + 1) / MINUTE_MS) * MINUTE_MS; t < until; t += MINUTE_MS) {
    const local = localTime(new Date(t), site.timezone);
    const jumped = local.date !== previous.date || local.minutes !== (previous.minutes + 1) % 1440;
    if (jumped || flips.has(local.minutes)) boundaries.push(t);
    previous = local;
  }
  return boundaries;
}

/**
 * An event pass opens and closes at its own instants, whatever the clock. A bare date's bounds are
 * local midnights, already site boundaries: read as UTC midnight it only adds a harmless cut.
 */
function passBoundaries(passes: readonly Pass[], from: number, until: number): number[] {
  const instants: number[] = [];
  for (const pass of passes) {
    if (pass.type !== 'event') continue;
    for (const bound of [pass.validFrom, pass.validUntil]) {
      const at = Date.parse(bound ?? '');
      if (at > from && at < until) instants.push(at);
    }
  }
  return instants;
}

/**
 * The windows in `[from, until)` where decideAccess grants this badge at this door, merged and
 * sorted. `boundaries` comes from siteBoundaries for the same site and range.
 */
export function grantWindows(request: Omit<AccessRequest, 'now'>, from: number, until: number, boundaries: readonly number[]): GrantWindow[] {
  const cuts = [...new Set([...boundaries, ...passBoundaries(request.passes, from, until)])].sort((a, b) => a - b);
  const windows: GrantWindow[] = [];
  cuts.forEach((start, i) => {
    const end = cuts[i + 1] ?? until;
    if (end <= start || !decideAccess({ ...request, now: new Date(start) }).granted) return;
    const last = windows.at(-1);
    if (last && last[1] === start) last[1] = end;
    else windows.push([start, end]);
  });
  return windows;
}
