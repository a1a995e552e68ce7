// The desks of a site's occupancy state: an immutable map whose versions share structure. A new
// version keeps the layout-ordered base of the one it came from and holds only the desks changed
// since on the side, so a sensor message that changes one desk costs about √n work instead of a
// copy of every desk (on a 2,000-desk site the copy, the seat diff and the occupied count were a
// third of the service's time per message). It also keeps each zone's desks counted by state, so
// the wall's zone counts after a batch cost nothing per desk (a reconnect storm of 10,000 sensors
// spent a third of its time recounting every desk of every zone on each 100 ms batch).
import type { DeskOccupancy } from './occupancy-state.js';

/** A zone's desks by state; `uncovered` are the offline ones no sensor ever spoke for (seat-estimate.ts). */
export interface DeskTally {
  readonly free: number;
  readonly occupied: number;
  readonly offline: number;
  readonly uncovered: number;
}

interface Step {
  readonly from: object;
  readonly desks: readonly DeskOccupancy[];
}

const EMPTY_TALLY: DeskTally = { free: 0, occupied: 0, offline: 0, uncovered: 0 };

export class DeskTable implements ReadonlyMap<string, DeskOccupancy> {
  private constructor(
    /** Never mutated once built; shared by every version derived from it. */
    private readonly base: ReadonlyMap<string, DeskOccupancy>,
    /** Desks replaced since `base` was built; never mutated once built. */
    private readonly changes: ReadonlyMap<string, DeskOccupancy>,
    /** Per zone; never mutated once built. */
    private readonly tallies: ReadonlyMap<string, DeskTally>,
    /** Layout position of each desk, shared by every version with the same base. */
    private readonly order: ReadonlyMap<string, number>,
    /** The desks `with` was given to make this version, and the identity of the version it was made from. */
    private readonly step?: Step,
  ) {}

  /**
   * Identifies this version to the one made from it (`step.from`) without that one holding this one:
   * a chain of references would keep every version of a site alive.
   */
  private readonly identity: object = {};

  static from(desks: Iterable<DeskOccupancy>): DeskTable {
    const base = new Map<string, DeskOccupancy>();
    for (const desk of desks) base.set(desk.id, desk);
    const tallies = new Map<string, Record<keyof DeskTally, number>>();
    for (const desk of base.values()) count(tallies, desk, 1);
    return new DeskTable(base, new Map(), tallies, new Map([...base.keys()].map((id, index) => [id, index])));
  }

  get size(): number {
    return this.base.size;
  }

  get(id: string): DeskOccupancy | undefined {
    return this.changes.get(id) ?? this.base.get(id);
  }

  has(id: string): boolean {
    return this.base.has(id);
  }

  *values(): MapIterator<DeskOccupancy> {
    for (const [id, desk] of this.base) yield this.changes.get(id) ?? desk;
  }

  *entries(): MapIterator<[string, DeskOccupancy]> {
    for (const [id, desk] of this.base) yield [id, this.changes.get(id) ?? desk];
  }

  keys(): MapIterator<string> {
    return this.base.keys();
  }

  [Symbol.iterator](): MapIterator<[string, DeskOccupancy]> {
    return this.entries();
  }

  forEach(callback: (desk: DeskOccupancy, id: string, map: ReadonlyMap<string, DeskOccupancy>) => void, thisArg?: unknown): void {
    for (const [id, desk] of this.entries()) callback.call(thisArg, desk, id, this);
  }

  /** Occupied desks of `zone`, kept up to date by `with`. */
  occupiedIn(zone: string): number {
    return this.tallyOf(zone).occupied;
  }

  /** The desks of `zone` (or of the site) by state, kept up to date by `with`; zeros for a zone without desks. */
  tallyOf(zone?: string): DeskTally {
    if (zone !== undefined) return this.tallies.get(zone) ?? EMPTY_TALLY;
    const sum = { ...EMPTY_TALLY };
    for (const tally of this.tallies.values()) for (const key of Object.keys(sum) as Array<keyof DeskTally>) sum[key] += tally[key];
    return sum;
  }

  /** A new version where each of `desks` replaces the desk of the same id; this one is untouched. */
  with(desks: readonly DeskOccupancy[]): DeskTable {
    // A site has a handful of zones: copying their tallies is cheap, and leaves this version's intact.
    const tallies = new Map([...this.tallies].map(([zone, tally]) => [zone, { ...tally }]));
    const changes = new Map(this.changes);
    for (const desk of desks) {
      const before = changes.get(desk.id) ?? this.base.get(desk.id);
      if (before) count(tallies, before, -1);
      count(tallies, desk, 1);
      changes.set(desk.id, desk);
    }
    // Copying the side table costs its size on every version: fold it into a new base (one full
    // copy) once it passes √n, which keeps both costs near √n per changed desk.
    const unknown = desks.some((desk) => !this.base.has(desk.id));
    const step = { from: this.identity, desks };
    const folds = unknown || changes.size > Math.max(16, Math.sqrt(this.base.size));
    if (!folds) return new DeskTable(this.base, changes, tallies, this.order, step);
    const base = new Map(this.base);
    for (const [id, desk] of changes) base.set(id, desk);
    const order = unknown ? new Map([...base.keys()].map((id, index) => [id, index])) : this.order;
    return new DeskTable(base, new Map(), tallies, order, step);
  }

  /**
   * The desks of this version that are not the very objects `previous` holds, in layout order; or
   * undefined when `previous` is neither the version this one was made from nor an earlier version
   * on the same base (then compare them all). The version it was made from is known even across a
   * fold: in a reconnect storm every ~√n-th change folded, and the wall's diff then looked at each
   * of the site's desks (bench/, scenario R: 10,000 sensors).
   */
  replacedSince(previous: ReadonlyMap<string, DeskOccupancy>): DeskOccupancy[] | undefined {
    if (!(previous instanceof DeskTable)) return undefined;
    let candidates: Iterable<DeskOccupancy>;
    if (this.step?.from === previous.identity) candidates = this.step.desks;
    else if (previous.base === this.base) candidates = this.changes.values();
    else return undefined;
    // A desk given twice to `with` counts once, as its last (the one this version holds).
    const replaced = new Map<string, DeskOccupancy>();
    for (const desk of candidates) if (previous.get(desk.id) !== desk) replaced.set(desk.id, desk);
    return [...replaced.values()].sort((a, b) => (this.order.get(a.id) ?? 0) - (this.order.get(b.id) ?? 0));
  }
}

function count(tallies: Map<string, Record<keyof DeskTally, number>>, desk: DeskOccupancy, by: 1 | -1): void {
  let tally = tallies.get(desk.zone);
  if (!tally) tallies.set(desk.zone, (tally = { ...EMPTY_TALLY }));
  tally[desk.state] += by;
  if (desk.state === 'offline' && desk.lastSeenAt === undefined) tally.uncovered += by;
}
