// What a screen needs after an event: the seats whose state changed (socket.io `seat`, contract §5),
// and a coalescer so a storm of sensor messages sends each desk once, with its last state.

import { DeskTable } from './desk-table.js';
import type { DeskOccupancy, DeskState, OccupancyState } from './occupancy-state.js';

export interface SeatChange {
  readonly id: string;
  readonly state: DeskState;
  readonly since: string;
}

/**
 * Desks whose seat (`state` or `since`) differs between `previous` and `next`, in layout order. A
 * desk that only got a fresher presence shows the same seat and is left out; a desk missing from
 * `previous` counts as changed.
 */
export function listSeatChanges(previous: OccupancyState, next: OccupancyState): SeatChange[] {
  if (previous === next) return [];
  const changes: SeatChange[] = [];
  // Versions of one DeskTable know which desks they replaced: no need to look at every desk.
  const replaced = next.desks instanceof DeskTable && next.desks.replacedSince(previous.desks);
  const candidates: Iterable<DeskOccupancy> = replaced || next.desks.values();
  for (const desk of candidates) {
    const before = previous.desks.get(desk.id);
    // Unchanged desks keep their identity through the reducer, so most are skipped without a look.
    if (before === desk) continue;
    if (before?.state === desk.state && before.since === desk.since) continue;
    changes.push({ id: desk.id, state: desk.state, since: desk.since });
  }
  return changes;
}

/**
 * Keeps only the last change of each desk. The survivors are ordered by when that last change was
 * queued, so replaying them in order still ends on every desk's latest state.
 */
export function coalesceSeatChanges<Change extends { readonly id: string }>(queue: readonly Change[]): Change[] {
  const lastIndex = new Map<string, number>();
  queue.forEach((change, index) => lastIndex.set(change.id, index));
  return queue.filter((change, index) => lastIndex.get(change.id) === index);
}
