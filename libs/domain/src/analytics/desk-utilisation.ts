// Rule: a desk's utilisation is the share of the site's opening hours during which it was
// occupied, over a period. Time occupied outside opening hours (a late evening) is not counted.
import type { SiteRules } from '../access/site-rules.js';
import { occupiedIntervals, overlapMs, type DeskOccupancyChange, type TimeInterval } from './desk-intervals.js';
import { openingIntervals } from './opening-intervals.js';

export interface DeskUtilisationInput {
  /** Changes up to `to`, including some before `from` so that the state at `from` is known. */
  changes: readonly DeskOccupancyChange[];
  from: Date;
  to: Date;
  site: SiteRules;
  /** Every desk to report, in output order; a desk without changes reports 0. */
  desks: readonly string[];
}

export interface DeskUtilisation {
  desk: string;
  occupiedMinutes: number;
  openMinutes: number;
  /** occupiedMinutes / openMinutes; null when the site was not open in the period. */
  ratio: number | null;
}

export function deskUtilisation(input: DeskUtilisationInput): DeskUtilisation[] {
  const opening = openingIntervals(input.from, input.to, input.site);
  const occupied = occupiedIntervals(input.changes, input.from, input.to);
  const busy = new Map(input.desks.map((desk) => [desk, overlapMs(occupied.get(desk) ?? ([] as TimeInterval[]), opening)]));
  return utilisationOfBusyTime(input.desks, busy, opening);
}

/** The same figures from each desk's occupied ms inside the opening intervals (summed by the store). */
export function utilisationOfBusyTime(
  desks: readonly string[],
  busyMs: ReadonlyMap<string, number>,
  opening: readonly TimeInterval[],
): DeskUtilisation[] {
  const openMs = opening.reduce((total, i) => total + (i.end - i.start), 0);
  return desks.map((desk) => {
    const busy = busyMs.get(desk) ?? 0;
    return {
      desk,
      occupiedMinutes: busy / 60_000,
      openMinutes: openMs / 60_000,
      ratio: openMs === 0 ? null : busy / openMs,
    };
  });
}
