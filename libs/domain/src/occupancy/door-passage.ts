// Rule: which way a passage at a door goes, so "Présents" counts people out as well as in
// (docs/occupancy.md, "Who is present" and "Exits").
// - A door's `zone` is the zone it opens into. A reader the site file lists in the door's
//   `exitReaders` stands on the inside: a badge there lets its holder out of that zone.
// - On an `exitOnly` door (push bar, emergency exit) every reader is an exit reader, and each
//   opening its contact reports with no badge granted in its unlock window lets one person out
//   (whoever came into the zone earliest, the exit naming no one).
// - An opening within a granted badge's window is that badge's passage, counted once, at the badge.
// - A badge at an exit reader always opens: nobody is locked in (free egress), whatever the hours,
//   a lockdown or the badge's state; it names the member only when the badge is theirs.
import type { Badge, Member } from '../access/pass.js';

export interface PassageDoor {
  /** The zone the door opens into, and so the zone its exits lead out of. */
  readonly zone: string;
  readonly exitReaders?: readonly string[];
  readonly exitOnly?: boolean;
}

export type PassageSide = 'entry' | 'exit';

export function readerSide(door: PassageDoor, readerId: string): PassageSide {
  return door.exitOnly || door.exitReaders?.includes(readerId) ? 'exit' : 'entry';
}

/** Whether a door opening lets someone out uncounted: only an exit-only door opened without a badge. */
export function openingIsExit(door: PassageDoor, withinGrant: boolean): boolean {
  return door.exitOnly === true && !withinGrant;
}

export interface ExitDecision {
  granted: true;
  reason: 'exit';
  /** The member leaving, when the badge is theirs (any state: a revoked badge still lets one out). */
  memberId?: string;
}

export function decideExit(badge: Badge | null | undefined, member: Member | null | undefined): ExitDecision {
  const named = badge && member && badge.memberId === member.id ? { memberId: member.id } : {};
  return { granted: true, reason: 'exit', ...named };
}
