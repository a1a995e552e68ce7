// Failover under traffic, as test/cluster/failover.test.ts measures it: kill -9 of the owner of the
// first site while readers badge; per site it owned, the time from the kill to the first decision
// for a badge sent after the kill; badges never answered (readers resend after 1 s with the same
// seq); days taken twice, read from PostgreSQL (pass_use against the granted access events).
import fs from 'node:fs';
import { performance } from 'node:perf_hooks';
import type pg from 'pg';
import type { Badge, BadgeTraffic } from './cluster-badges.js';
import type { Instance } from './cluster-engines.js';
import { latencySummary } from './report.js';

export interface Lease {
  site: string;
  owner: string | null;
  live: boolean;
}

export async function leases(db: pg.Client): Promise<Lease[]> {
  const { rows } = await db.query<{ site_id: string; owner: string | null; live: boolean }>(
    'SELECT site_id, owner, expires_at > now() AS live FROM site_lease ORDER BY site_id',
  );
  return rows.map((row) => ({ site: row.site_id, owner: row.owner, live: row.live }));
}

export interface FailoverResult {
  victim: string;
  sites: number;
  /** Per site of the victim: kill -> first decision to a badge sent after it (s). */
  worstS: number;
  medianS: number;
  badges: number;
  resent: number;
  lost: number;
  /** The last "Took site" line of a survivor, after the kill (s). */
  lastTakeS?: number;
}

export async function killDuringTraffic(options: {
  db: pg.Client;
  instances: readonly Instance[];
  traffic: BadgeTraffic;
  uids: readonly string[];
  rate: number;
  beforeS: number;
  afterS: number;
  say: (line: string) => void;
}): Promise<FailoverResult> {
  const { db, instances, traffic } = options;
  const firstSite = (await leases(db)).find((lease) => lease.live && lease.owner !== null)!;
  const victim = instances.find((instance) => instance.id === firstSite.owner)!;
  const victimSites = (await leases(db)).filter((lease) => lease.live && lease.owner === victim.id).map((lease) => lease.site);
  let killedAt = Number.NaN;
  let killedAtEpoch = Number.NaN;
  const kill = async () => {
    options.say(`kill -9 of ${victim.id} (pid ${victim.process.pid}), owner of ${victimSites.length} sites`);
    killedAt = performance.now();
    killedAtEpoch = Date.now();
    await victim.kill();
  };
  const durationS = options.beforeS + options.afterS;
  const badges = await traffic.run({ rate: options.rate, durationS, uids: options.uids, at: { s: options.beforeS, action: kill } });
  await traffic.settle(badges, 20_000);
  const perSite = victimSites.map((site) => {
    const sentAfter = badges.filter((badge) => badge.site === site && badge.lastSentAt > killedAt);
    const after = sentAfter.flatMap((badge) => badge.decisions.filter((at) => at > killedAt));
    return after.length === 0 ? Number.POSITIVE_INFINITY : (Math.min(...after) - killedAt) / 1000;
  });
  const summary = latencySummary(perSite);
  const takes = instances.filter((instance) => instance !== victim).flatMap((instance) => takesAfter(instance.logFile, killedAtEpoch));
  return {
    victim: victim.id,
    sites: victimSites.length,
    worstS: summary.max,
    medianS: summary.p50,
    badges: badges.length,
    resent: badges.filter((badge) => badge.sends > 1).length,
    lost: badges.filter((badge) => badge.decisions.length === 0).length,
    ...(takes.length > 0 ? { lastTakeS: Math.max(...takes) } : {}),
  };
}

function takesAfter(file: string, epoch: number): number[] {
  if (!fs.existsSync(file)) return [];
  const seconds: number[] = [];
  for (const line of fs.readFileSync(file, 'utf8').split('\n')) {
    if (!line.includes('Took site')) continue;
    try {
      const entry = JSON.parse(line) as { time?: number };
      if (entry.time !== undefined && entry.time > epoch) seconds.push((entry.time - epoch) / 1000);
    } catch {
      // not a JSON line: ignored
    }
  }
  return seconds;
}

/**
 * Every carnet that opened a door during the run (one local day) must have exactly one day taken:
 * `twice` counts the days beyond one; `unrecorded` the passes granted with no day in pass_use.
 */
export async function daysTaken(db: pg.Client): Promise<{ passes: number; twice: number; unrecorded: number }> {
  const uses = (await db.query<{ pass_id: string; days: string }>('SELECT pass_id, count(*) AS days FROM pass_use GROUP BY pass_id')).rows;
  const granted = (await db.query<{ pass_id: string }>('SELECT DISTINCT pass_id FROM access_event WHERE granted IS TRUE AND pass_id IS NOT NULL')).rows;
  const used = new Set(uses.map((use) => use.pass_id));
  return {
    passes: uses.length,
    twice: uses.reduce((sum, use) => sum + Math.max(0, Number(use.days) - 1), 0),
    unrecorded: granted.filter((row) => !used.has(row.pass_id)).length,
  };
}

export interface BadgeLatencies {
  p50: number;
  p99: number;
  max: number;
  lost: number;
  /** Answered after 2 s (readers gave up and went offline). */
  late: number;
  granted: number;
}

export function badgeLatencies(badges: readonly Badge[]): BadgeLatencies {
  const answered = badges.filter((badge) => badge.decisions.length > 0);
  const times = answered.map((badge) => badge.decisions[0]! - badge.firstSentAt);
  const summary = latencySummary(times);
  return {
    p50: summary.p50,
    p99: summary.p99,
    max: summary.max,
    lost: badges.length - answered.length,
    late: times.filter((ms) => ms > 2000).length,
    granted: answered.filter((badge) => badge.granted === true).length,
  };
}
