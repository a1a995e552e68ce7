// Scenario E's history: what a busy 200-desk site leaves in the time-series store over three
// months, written straight into the store (the adapters' own write path) before the service
// starts. Deterministic: the same desks change at the same minutes in every run.
import { accessDecisionPoint, deskOccupancyPoint, zoneOccupancyPoint } from '../apps/api/src/analytics/series-schema.js';
import type { TimePoint, TimeSeriesStore } from '../apps/api/src/infra/timeseries/index.js';
import { deskId, SITE } from './fleet-plan.js';

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;
/** Eight stays a day: 16 changes per desk per day, every day (the busy site). */
const STAYS_PER_DAY = 8;
const BATCH = 20_000;

export interface SeedPlan {
  desks: number;
  /** Days of history before today (raw points live 90 days: keep under it). */
  days: number;
  now: Date;
  /** Badge decisions a day (scenario Y's denials report; E writes none). */
  decisionsPerDay?: number;
}

export interface SeedResult {
  deskChanges: number;
  zoneSnapshots: number;
  decisions: number;
  seconds: number;
}

/** A small deterministic generator (mulberry32): the same history in every run. */
export function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** One day of one desk: STAYS_PER_DAY stays between 07:00 and 19:00 UTC, [start, end) in ms. */
export function deskDay(dayStart: number, next: () => number): Array<[number, number]> {
  const slot = (12 * 60) / STAYS_PER_DAY;
  return Array.from({ length: STAYS_PER_DAY }, (_, k) => {
    const start = dayStart + (7 * 60 + k * slot + Math.floor(next() * 20)) * MINUTE_MS;
    return [start, start + (30 + Math.floor(next() * (slot - 35))) * MINUTE_MS] as [number, number];
  });
}

export async function seedHistory(store: TimeSeriesStore, plan: SeedPlan): Promise<SeedResult> {
  const started = Date.now();
  const firstDay = Math.floor(plan.now.getTime() / DAY_MS) * DAY_MS - plan.days * DAY_MS;
  const next = random(42);
  let batch: TimePoint[] = [];
  const flush = async (force = false) => {
    if (batch.length < BATCH && !(force && batch.length > 0)) return;
    await store.write(batch);
    batch = [];
  };
  let deskChanges = 0;
  let zoneSnapshots = 0;
  let decisions = 0;
  for (let day = 0; day < plan.days; day++) {
    const dayStart = firstDay + day * DAY_MS;
    const busy = new Int32Array(1440);
    for (let d = 0; d < plan.desks; d++) {
      for (const [start, end] of deskDay(dayStart, next)) {
        const desk = { site: SITE, zone: 'open-space', desk: deskId(d) };
        batch.push(
          deskOccupancyPoint({ ...desk, occupied: true, at: new Date(start) }),
          deskOccupancyPoint({ ...desk, occupied: false, at: new Date(end) }),
        );
        deskChanges += 2;
        for (let m = (start - dayStart) / MINUTE_MS; m < (end - dayStart) / MINUTE_MS; m++) busy[m]! += 1;
      }
      await flush();
    }
    for (let m = 0; m < 1440; m++) {
      const at = new Date(dayStart + m * MINUTE_MS);
      const occupied = busy[m]!;
      batch.push(
        zoneOccupancyPoint({ site: SITE, zone: 'open-space', occupied, free: plan.desks - occupied, offline: 0, headcount: occupied, at }),
        zoneOccupancyPoint({ site: SITE, zone: 'hall', occupied: 0, free: 0, offline: 0, headcount: Math.round(occupied / 10), at }),
        zoneOccupancyPoint({ site: SITE, zone: 'event-room', occupied: 0, free: 0, offline: 0, headcount: 0, at }),
      );
      zoneSnapshots += 3;
    }
    for (let k = 0; k < (plan.decisionsPerDay ?? 0); k++) {
      batch.push(decisionPoint(dayStart, next));
      decisions += 1;
    }
    await flush();
  }
  await flush(true);
  return { deskChanges, zoneSnapshots, decisions, seconds: (Date.now() - started) / 1000 };
}

const DENIALS = ['no-valid-pass', 'outside-hours', 'unknown-badge', 'badge-revoked', 'anti-passback'];

/** A badge decision between 07:00 and 19:00 UTC: one in ten denied, for one of five reasons. */
function decisionPoint(dayStart: number, next: () => number): TimePoint {
  const at = new Date(dayStart + (7 * 60 + Math.floor(next() * 720)) * MINUTE_MS + Math.floor(next() * MINUTE_MS));
  const denied = next() < 0.1;
  const reason = denied ? DENIALS[Math.floor(next() * DENIALS.length)]! : 'subscription';
  return accessDecisionPoint({ site: SITE, door: next() < 0.7 ? 'entrance' : 'lobby', granted: !denied, reason, at });
}
