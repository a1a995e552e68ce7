// Which sites one instance of a cluster should take or hand over (docs/scaling.md, "Balance"). Pure:
// the caller reads the live instances and the leases from the database and applies the plan.

/** A site's lease as the database says now: `owner` null, or its lease run out, means free. */
export interface SiteLeaseView {
  site: string;
  owner: string | null;
  /** The lease has not run out (PostgreSQL's clock). */
  live: boolean;
  /** For a free site: how long it has been free (PostgreSQL's clock). */
  freeForMs?: number;
}

export interface BalanceInput {
  /** This instance's id. */
  me: string;
  /** Instances whose heartbeat is fresh (this one included or not: it is added). */
  instances: readonly string[];
  /** Every site to share out. */
  sites: readonly string[];
  leases: readonly SiteLeaseView[];
  /** A site free for this long is claimed by any instance, even one at its share. */
  claimAfterMs: number;
}

export interface BalancePlan {
  acquire: string[];
  release: string[];
}

/**
 * How many of `siteCount` sites `me` should own: the sites split as evenly as can be, the first
 * `siteCount mod k` instances in id order taking one more, so the shares add up to every site.
 */
export function fairShare(me: string, instances: readonly string[], siteCount: number): number {
  const sorted = liveSet(me, instances);
  const base = Math.floor(siteCount / sorted.length);
  return base + (sorted.indexOf(me) < siteCount % sorted.length ? 1 : 0);
}

/**
 * An instance under its share takes free sites; over it, it hands its extra ones over, but only
 * when no site is free (a failover is not the time to move more). A site left free for
 * `claimAfterMs` (the instance under its share cannot take it: a site file it lacks, a broken
 * connection) is claimed by anyone, one per round: a site without an owner answers no badge.
 */
export function planSiteBalance({ me, instances, sites, leases, claimAfterMs }: BalanceInput): BalancePlan {
  const live = liveSet(me, instances);
  const ownerOf = new Map(leases.filter((lease) => lease.live && lease.owner !== null).map((lease) => [lease.site, lease.owner!]));
  const ordered = [...new Set(sites)].sort();
  const free = ordered.filter((site) => !ownerOf.has(site));
  const mine = ordered.filter((site) => ownerOf.get(site) === me);
  const share = fairShare(me, live, ordered.length);
  if (mine.length > share) return { acquire: [], release: free.length === 0 ? mine.slice(share) : [] };
  if (free.length === 0) return { acquire: [], release: [] };
  const start = startingPoint(me, live, free.length);
  const rotated = [...free.slice(start), ...free.slice(0, start)];
  if (mine.length < share) return { acquire: rotated.slice(0, share - mine.length), release: [] };
  const freeFor = new Map(leases.map((lease) => [lease.site, lease.freeForMs ?? 0]));
  const abandoned = rotated.filter((site) => leases.some((lease) => lease.site === site) && (freeFor.get(site) ?? 0) >= claimAfterMs);
  return { acquire: abandoned.slice(0, 1), release: [] };
}

function liveSet(me: string, instances: readonly string[]): string[] {
  return [...new Set([...instances, me])].sort();
}

/** Each instance starts looking at a different free site, so they do not all race for the first. */
function startingPoint(me: string, live: readonly string[], freeCount: number): number {
  return Math.floor((live.indexOf(me) * freeCount) / live.length) % freeCount;
}
