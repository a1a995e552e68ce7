// Plays the planned history (history-plan.ts) through the service's own code: members, badges and
// passes through MembersService at their sale times, every badge-in through AccessService's
// decision path (audit log, access series, passes taken), desk changes and per-zone snapshots
// through the time-series writer with the schema's builders. No SQL of its own.
import type { INestApplicationContext } from '@nestjs/common';
import { localTime, zonedInstant } from '#domain';
import { AccessService } from '../access/access.service.js';
import { AuditLog } from '../access/audit-log.js';
import { deskOccupancyPoint, zoneOccupancyPoint } from '../analytics/series-schema.js';
import { Clock } from '../infra/clock.js';
import { BufferedTimeSeriesWriter, type TimePoint } from '../infra/timeseries/index.js';
import { MemberDirectory } from '../members/member-directory.js';
import { MembersService } from '../members/members.service.js';
import { OccupancySeries } from '../occupancy/occupancy-series.js';
import { OccupancyService } from '../occupancy/occupancy.service.js';
import { SitesService } from '../sites/sites.service.js';
import type { Site } from '../sites/site.types.js';
import { planHistory, type HistoryPlan, type PlannedEvent } from './history-plan.js';

export interface SeedOptions {
  /** The demo's "now": history covers the `days` calendar days before its local date. */
  now: Date;
  days?: number;
  site?: string;
  progress?: (line: string) => void;
}

export interface SeedSummary {
  skipped: boolean;
  members: number;
  sales: number;
  badges: number;
  days: number;
}

/** The reader id the history's badge-ins are recorded under (no such device exists). */
export const HISTORY_READER = 'historique';
const SNAPSHOT_EVERY_MIN = 5;

export async function seedHistory(app: INestApplicationContext, options: SeedOptions): Promise<SeedSummary> {
  const site = app.get(SitesService).get(options.site ?? 'quimper');
  const today = localTime(options.now, site.timezone).date;
  const plan = planHistory({ today, days: options.days ?? 21, desks: site.desks.map((desk) => desk.id), timezone: site.timezone });
  const progress = options.progress ?? (() => undefined);
  const directory = app.get(MemberDirectory);
  if (directory.allMembers().some((member) => member.email === plan.members[0]!.email)) {
    progress('History already seeded in this data folder: kept as it is.');
    return { skipped: true, members: 0, sales: 0, badges: 0, days: 0 };
  }
  const clock = app.get(Clock);
  const series = app.get(OccupancySeries);
  // The live minute snapshots would describe the walked clock's minutes with today's state: paused.
  series.onModuleDestroy();
  try {
    return await play(app, site, plan, options, progress);
  } finally {
    Reflect.deleteProperty(clock, 'now');
    series.onApplicationBootstrap();
  }
}

async function play(
  app: INestApplicationContext,
  site: Site,
  plan: HistoryPlan,
  options: SeedOptions,
  progress: (line: string) => void,
): Promise<SeedSummary> {
  const clock = app.get(Clock);
  const members = app.get(MembersService);
  const access = app.get(AccessService);
  const writer = app.get(BufferedTimeSeriesWriter);
  const at = (date: string, minute: number) => zonedInstant(date, minute, site.timezone);
  /** Runs `work` with the service clock at `when`: sales and joins are dated by it. */
  const dated = async <T>(when: Date, work: () => Promise<T>): Promise<T> => {
    clock.now = () => new Date(when);
    return work();
  };
  const sell = async (sale: HistoryPlan['sales'][number]) => {
    await dated(at(sale.date, sale.minute), () => members.addPass(ids.get(sale.member)!, sale.pass));
    sold++;
  };

  progress(`Seeding ${plan.days.length} days of history before ${localTime(options.now, site.timezone).date}: ${plan.members.length} members…`);
  const ids = new Map<string, string>();
  for (const member of [...plan.members].sort((a, b) => a.joined.localeCompare(b.joined))) {
    await dated(at(member.joined, 8 * 60 + 30), async () => {
      const { id } = await members.createMember({ name: member.name, email: member.email, adherent: member.role !== 'event' });
      await members.addBadge(id, { uid: member.uid });
      ids.set(member.key, id);
    });
  }
  let sold = 0;
  let badges = 0;
  let seq = 0;
  const salesByDay = byDate(plan.sales);
  const eventsByDay = byDate(plan.events);
  const soldBefore = plan.sales.filter((sale) => sale.date < plan.days[0]!);
  for (const sale of soldBefore) await sell(sale);
  for (const date of plan.days) {
    const daySales = salesByDay.get(date) ?? [];
    const dayEvents = eventsByDay.get(date) ?? [];
    // Sales first: a day pass is bought at the desk before its first badge-in.
    for (const sale of daySales) await sell(sale);
    const points: TimePoint[] = [];
    for (const event of dayEvents) {
      const when = at(date, event.minute);
      if (event.type === 'badge') {
        access.onBadge({ type: 'badge', site: site.id, deviceId: HISTORY_READER, door: event.door, uid: event.uid, seq: ++seq, receivedAt: when, protocol: 'native' });
        badges++;
      } else {
        const zone = site.desks.find((desk) => desk.id === event.desk)?.zone ?? 'unknown';
        points.push(deskOccupancyPoint({ site: site.id, zone, desk: event.desk, occupied: event.type === 'sit', at: when }));
      }
    }
    points.push(...zoneSnapshots(site, date, dayEvents));
    writer.write(points);
    const present = new Set(dayEvents.filter((event) => event.type === 'sit').map((event) => event.member)).size;
    progress(`  ${date} ${localTime(at(date, 12 * 60), site.timezone).weekday.padEnd(9)} ${String(present).padStart(2)} at desks, ${dayEvents.filter((e) => e.type === 'badge').length} badge-ins`);
    await writer.flush();
  }
  for (const sale of plan.sales.filter((s) => s.date >= localTime(options.now, site.timezone).date)) await sell(sale);
  // The history's entries are over: its last day closes, so the demo's day starts empty.
  app.get(OccupancyService).apply(site.id, { type: 'close-of-day', at: options.now });
  await app.get(AuditLog).flush();
  await writer.flush();
  progress(`History seeded: ${plan.members.length} members, ${sold} passes sold, ${badges} badge-ins over ${plan.days.length} days.`);
  return { skipped: false, members: plan.members.length, sales: sold, badges, days: plan.days.length };
}

/** What OccupancySeries would have written every few minutes that day, one point per zone. */
function zoneSnapshots(site: Site, date: string, events: readonly PlannedEvent[]): TimePoint[] {
  const points: TimePoint[] = [];
  const held = new Map<string, string>();
  const inEventRoom = new Set<string>();
  let next = 0;
  for (let minute = 7 * 60; minute <= 21 * 60; minute += SNAPSHOT_EVERY_MIN) {
    for (; next < events.length && events[next]!.minute <= minute; next++) {
      const event = events[next]!;
      if (event.type === 'sit') held.set(event.desk, event.member);
      if (event.type === 'stand') held.delete(event.desk);
      if (event.type === 'badge' && event.door === 'event-room') inEventRoom.add(event.member);
    }
    if (minute >= 20 * 60 + 45) inEventRoom.clear();
    const time = zonedInstant(date, minute, site.timezone);
    for (const zone of site.zones) {
      const desks = site.desks.filter((desk) => desk.zone === zone.id);
      const occupied = desks.filter((desk) => held.has(desk.id)).length;
      const headcount = zone.id === 'event-room' ? inEventRoom.size : zone.id === 'hall' ? (events.length > 0 && minute >= 9 * 60 && minute < 17 * 60 ? 1 : 0) : occupied;
      const free = desks.length - occupied;
      points.push(zoneOccupancyPoint({ site: site.id, zone: zone.id, occupied, free, offline: 0, headcount, at: time }));
    }
  }
  return points;
}

/** Map.groupBy, which Node 20 lacks. */
function byDate<T extends { date: string }>(items: readonly T[]): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) groups.set(item.date, [...(groups.get(item.date) ?? []), item]);
  return groups;
}
