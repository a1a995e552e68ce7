// Rule: a desk is occupied from a change to occupied until its next change to free (or offline).
// Every desk-based figure (utilisation, peaks, stays) reads desk history through these intervals.

/** One point of the `desk_occupancy` series: the desk's state from `at` on. */
export interface DeskOccupancyChange {
  desk: string;
  at: Date;
  occupied: boolean;
}

/** Half-open interval [start, end) in ms since the epoch. */
export interface TimeInterval {
  start: number;
  end: number;
}

/** Each desk's changes in time order (a stable sort keeps same-time changes in input order). */
export function changesByDesk(changes: readonly DeskOccupancyChange[]): Map<string, DeskOccupancyChange[]> {
  const byDesk = new Map<string, DeskOccupancyChange[]>();
  for (const change of changes) {
    const list = byDesk.get(change.desk);
    if (list) list.push(change);
    else byDesk.set(change.desk, [change]);
  }
  for (const list of byDesk.values()) list.sort((a, b) => a.at.getTime() - b.at.getTime());
  return byDesk;
}

/**
 * Occupied intervals of one desk, not clipped; `open` is true for the last one when no change
 * ended it (it then ends at `until`). A repeated "occupied" does not start a new interval.
 * Before its first change a desk is taken as free.
 */
export function deskStays(changes: readonly DeskOccupancyChange[], until: number): Array<TimeInterval & { open: boolean }> {
  const stays: Array<TimeInterval & { open: boolean }> = [];
  let since: number | null = null;
  for (const change of changes) {
    const t = change.at.getTime();
    if (change.occupied && since === null) since = t;
    else if (!change.occupied && since !== null) {
      stays.push({ start: since, end: t, open: false });
      since = null;
    }
  }
  if (since !== null) stays.push({ start: since, end: Math.max(since, until), open: true });
  return stays;
}

/** Occupied intervals of every desk clipped to [from, to); changes before `from` set the state at `from`. */
export function occupiedIntervals(changes: readonly DeskOccupancyChange[], from: Date, to: Date): Map<string, TimeInterval[]> {
  const result = new Map<string, TimeInterval[]>();
  for (const [desk, list] of changesByDesk(changes)) {
    result.set(desk, clipIntervals(deskStays(list, to.getTime()), from.getTime(), to.getTime()));
  }
  return result;
}

export function clipIntervals(intervals: readonly TimeInterval[], from: number, to: number): TimeInterval[] {
  return intervals
    .map((i) => ({ start: Math.max(i.start, from), end: Math.min(i.end, to) }))
    .filter((i) => i.start < i.end);
}

/** Total ms two sorted lists of non-overlapping intervals share. */
export function overlapMs(a: readonly TimeInterval[], b: readonly TimeInterval[]): number {
  let total = 0;
  let j = 0;
  for (const x of a) {
    while (j < b.length && b[j]!.end <= x.start) j += 1;
    for (let k = j; k < b.length && b[k]!.start < x.end; k += 1) {
      total += Math.min(x.end, b[k]!.end) - Math.max(x.start, b[k]!.start);
    }
  }
  return total;
}
