// The public seat feed (contract §3 `GET /api/sites/{site}/seats`, §5 socket.io `/wall`): one
// definition for the service, the wall page and the tests. No personal data goes through here.

export const WALL_NAMESPACE = '/wall';

export type SeatState = 'free' | 'occupied' | 'offline';

export interface SeatCounts {
  free: number;
  occupied: number;
  offline: number;
  total: number;
}

/** One desk as the wall shows it. `since`: UTC ISO-8601, when it entered `state`. */
export interface Seat {
  id: string;
  label: string;
  zone: string;
  state: SeatState;
  since: string;
  /** Additive: `true` while no sensor has ever spoken for this desk (state `offline`); the wall estimates it. */
  uncovered?: true;
}

/**
 * Seat counts of one zone, and how many people the doors and sensors count there (an addition to
 * the contract's body: every zone of the site in layout order, zones without desks have total 0).
 */
export interface ZoneSeats extends SeatCounts {
  id: string;
  headcount: number;
  /** Additive, only when some desks of the zone have no sensor yet: how many. */
  uncovered?: number;
  /** Additive, with `uncovered`: free seats counting the uncovered desks the headcount leaves free. */
  estimatedFree?: number;
}

/** The seats body: the contract's fields plus `site` (for a screen that let the server pick) and `zones`. */
export interface SeatsSnapshot extends SeatCounts {
  site: string;
  desks: Seat[];
  zones: ZoneSeats[];
}

/** A change of one seat (`seat` event). */
export interface SeatUpdate {
  id: string;
  state: SeatState;
  since: string;
}

/** Why the server refused a `/wall` connection, sent just before it disconnects the socket. */
export interface WallProblem {
  message: string;
}

/** Server-to-client events of the `/wall` namespace. */
export interface WallServerToClientEvents {
  /** On connect (and so after every reconnect): the whole picture. */
  seats: (snapshot: SeatsSnapshot) => void;
  /** Each change since, coalesced: a burst sends each desk once, with its latest state. */
  seat: (update: SeatUpdate) => void;
  /** Zone counts, whenever one changed (seats or headcount). */
  zones: (zones: ZoneSeats[]) => void;
  /** An unknown `site` in the handshake query; the socket is then disconnected. */
  error: (problem: WallProblem) => void;
}

/** A public event shown on the wall (`GET /api/sites/{site}/events`): no attendee, only a title. */
export interface SiteEvent {
  title: string;
  /** ISO-8601. */
  start: string;
  end: string;
  zone: string;
}

/**
 * Whether a site is open, for the wall (`GET /api/sites/{site}/opening`): its hours only, so the
 * wall can say "Fermé — ouvre lundi à 9 h" instead of "0 place libre" at night.
 */
export interface SiteOpening {
  open: boolean;
  /** IANA zone the times below are shown in. */
  timezone: string;
  /** Today's ranges, local `HH:MM`; empty on a closed day. */
  todayHours: Array<{ open: string; close: string }>;
  /** ISO-8601: the end of the current range while open, else null. */
  closesAt: string | null;
  /** ISO-8601: the next opening while closed (null if none within a year). */
  nextOpening: string | null;
  /** ISO-8601: the service clock the answer was computed at. */
  now: string;
}
