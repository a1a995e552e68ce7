// Scenario B's search for the highest rate a system keeps up with: doubling from a first rate until
// one is missed (halving instead when the first is already missed), then bisection of the bracket
// [highest kept, lowest missed] until it is within the precision asked (issue 15: ±10 %). Pure: the
// steps are run by the caller, so two systems can take turns at each round on the same machine.

export interface SearchLimits {
  first: number;
  /** No rate above it is tried: past it the harness cannot send (the bracket stays open). */
  max: number;
  /** Below it nothing is tried: a system that misses it has no figure (low 0). */
  min: number;
  /** Stop when high ≤ low × (1 + precision). */
  precision: number;
}

export class RateSearch {
  /** Highest rate kept up with (0: none yet). */
  low = 0;
  /** Lowest rate missed (undefined: none yet). */
  high: number | undefined;
  readonly tried: number[] = [];

  constructor(private readonly limits: SearchLimits) {}

  /** The next rate to try, or undefined once the bracket is narrow enough or no rate is left. */
  next(): number | undefined {
    const { first, max, min, precision } = this.limits;
    if (this.tried.length === 0) return first;
    if (this.high === undefined) return this.low >= max ? undefined : Math.min(max, this.low * 2);
    if (this.low === 0) {
      const lower = Math.round(this.high / 2);
      return lower < min ? undefined : lower;
    }
    if (this.high <= this.low * (1 + precision)) return undefined;
    const middle = Math.round((this.low + this.high) / 2);
    // Rounding can land on a bound once the bracket is a few msgs/s wide: nothing left to split.
    return middle <= this.low || middle >= this.high ? undefined : middle;
  }

  record(rate: number, keptUp: boolean): void {
    this.tried.push(rate);
    if (keptUp) this.low = Math.max(this.low, rate);
    else this.high = this.high === undefined ? rate : Math.min(this.high, rate);
  }

  /** high / low - 1, the bracket's width; undefined while it is open or has no low. */
  get width(): number | undefined {
    return this.high === undefined || this.low === 0 ? undefined : this.high / this.low - 1;
  }

  get done(): boolean {
    return this.next() === undefined;
  }
}

/**
 * Runs both searches, taking turns at each round (each runs its next step, if any) so both see the
 * same machine, until both are done or the time budget is spent (a step started is finished).
 */
export async function searchBoth<Name extends string>(
  searches: Record<Name, { search: RateSearch; step: (rate: number) => Promise<boolean> }>,
  budgetMs: number,
  clock: () => number,
): Promise<{ outOfTime: boolean }> {
  const started = clock();
  const names = Object.keys(searches) as Name[];
  for (;;) {
    const open = names.filter((name) => !searches[name].search.done);
    if (open.length === 0) return { outOfTime: false };
    for (const name of open) {
      if (clock() - started > budgetMs) return { outOfTime: true };
      const { search, step } = searches[name];
      const rate = search.next()!;
      search.record(rate, await step(rate));
    }
  }
}
