// What the allow-lists published for each site and zone said, so an offline upload can be checked
// against the list its reader could have held then (docs/access-control.md, "Which uploads are
// believed"). Every list a reader of that zone was sent is folded in: a reader keeps the last
// list it got, and the service cannot know which of them that was, so a card counts as listed at
// a time when any list sent before then listed it for that time. In memory, pruned after a week:
// a restarted service knows nothing of earlier lists (the caller then asks the domain rules).
import type { UnsignedAllowList } from '#protocol';

type Interval = [number, number];

interface ZoneHistory {
  /** Times some published list covered: [from, until). */
  covered: Interval[];
  /** Canonical UID -> when a published list let it in. */
  uids: Map<string, Interval[]>;
}

const MINUTE_MS = 60_000;

export class AllowListHistory {
  private readonly zones = new Map<string, ZoneHistory>();

  constructor(private readonly keepMs = 7 * 24 * 3_600_000) {}

  /** Folds in a list as it was sent to the readers of `zone` (an empty one when it did not fit). */
  record(site: string, zone: string, list: UnsignedAllowList): void {
    const key = `${site}\n${zone}`;
    const history = this.zones.get(key) ?? { covered: [], uids: new Map() };
    history.covered = merge(history.covered, [list.from, list.until]);
    for (const group of list.groups) {
      for (const [a, b] of group.windows) {
        const window: Interval = [list.from + a * MINUTE_MS, list.from + b * MINUTE_MS];
        for (const uid of group.uids) history.uids.set(uid, merge(history.uids.get(uid) ?? [], window));
      }
    }
    this.prune(history, list.from - this.keepMs);
    this.zones.set(key, history);
  }

  /**
   * Whether a list sent for this zone let `uid` in at `at`; undefined when no list sent since the
   * service started covered `at` (it cannot tell).
   */
  listed(site: string, zone: string, uid: string, at: number): boolean | undefined {
    const history = this.zones.get(`${site}\n${zone}`);
    if (!history || !history.covered.some(([from, until]) => from <= at && at < until)) return undefined;
    return (history.uids.get(uid) ?? []).some(([from, to]) => from <= at && at < to);
  }

  private prune(history: ZoneHistory, before: number): void {
    history.covered = history.covered.filter(([, until]) => until > before);
    for (const [uid, intervals] of history.uids) {
      const kept = intervals.filter(([, to]) => to > before);
      if (kept.length === 0) history.uids.delete(uid);
      else history.uids.set(uid, kept);
    }
  }
}

/** Adds an interval to sorted, disjoint ones, merging those it touches. */
function merge(intervals: Interval[], added: Interval): Interval[] {
  const result: Interval[] = [];
  let [from, to] = added;
  for (const [a, b] of intervals) {
    if (b < from || a > to) result.push([a, b]);
    else [from, to] = [Math.min(a, from), Math.max(b, to)];
  }
  result.push([from, to]);
  return result.sort((x, y) => x[0] - y[0]);
}
