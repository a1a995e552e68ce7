// `day`: plays the day schedule against the service, accelerated (×60 by default: a day in about
// 11 minutes). The service judges every badge with its own clock, not the simulated one.
import { SimClock } from '../clock.js';
import type { Credentials } from '../credentials.js';
import type { Fleet } from '../fleet.js';
import type { BadgeResult } from '../readers.js';
import { silentReporter, type Reporter } from '../reporter.js';
import { RunStats, type RunSummary } from '../stats.js';
import { DAY_END, DAY_START, daySchedule, type DayDoors, type DayEvent } from './day-schedule.js';

export interface DayOptions {
  fleet: Fleet;
  credentials: Credentials;
  /** Time acceleration: 60 plays an hour in a minute. */
  speed?: number;
  /** Simulated start and end, minutes since midnight (a slice of the day for tests). */
  start?: number;
  end?: number;
  heartbeatEveryMin?: number;
  reporter?: Reporter;
  signal?: AbortSignal;
}

/** The demo site's doors when present; otherwise whichever doors have readers. */
export function dayDoors(fleet: Fleet): DayDoors {
  const doors = [...new Set(fleet.readers.map((reader) => reader.door))];
  const find = (id: string, fallback: number) => (doors.includes(id) ? id : (doors[Math.min(fallback, doors.length - 1)] ?? id));
  return { entrance: find('entrance', 0), openSpace: find('open-space', 1), eventRoom: find('event-room', 2) };
}

class DayRun {
  readonly stats = new RunStats();
  private readonly pending: Promise<void>[] = [];
  private readonly names: Map<string, string>;
  private readonly warned = new Set<string>();
  private readonly reporter: Reporter;

  constructor(
    private readonly options: DayOptions,
    private readonly clock: SimClock,
  ) {
    this.reporter = options.reporter ?? silentReporter;
    this.names = new Map(options.credentials.members.map((member) => [member.key, member.name]));
  }

  private warnOnce(key: string, message: string): void {
    if (this.warned.has(key)) return;
    this.warned.add(key);
    this.reporter.warn(message);
  }

  /**
   * Never waits on the broker: a QoS 1 publish from a disconnected device waits for its
   * reconnection, and one dead sensor must not stop the day for everyone else.
   */
  play(event: DayEvent): void {
    const { fleet } = this.options;
    if (event.type === 'phase') this.reporter.event(event.at, 'phase', `— ${event.label} —`);
    else if (event.type === 'heartbeat') this.track(fleet.heartbeat().then((count) => void (this.stats.sensorMessages += count)));
    else if (event.type === 'badge') this.badge(event);
    else this.track(this.desk(event));
  }

  private track(work: Promise<void>): void {
    this.pending.push(work.catch((error: unknown) => this.reporter.warn(String(error))));
  }

  private badge(event: Extract<DayEvent, { type: 'badge' }>): void {
    const reader = this.options.fleet.readerAt(event.door);
    if (reader === undefined) return this.warnOnce(`door:${event.door}`, `no simulated reader at door "${event.door}": its badges are skipped`);
    this.stats.badgesSent++;
    const who = this.names.get(event.member) ?? event.member;
    this.track(
      reader.badge(event.uid).then(async (result) => {
        this.stats.record(result.outcome);
        this.reporter.badge(event.at, result, `${who} (${event.why})`);
        if (result.outcome.result === 'denied' && result.outcome.reason === 'outside-hours') this.explainRealClock();
        if (result.outcome.result === 'granted') await this.walkThrough(result);
      }),
    );
  }

  /** The simulated clock paces the day; the service decides with its own clock (real, or npm run demo's). */
  private explainRealClock(): void {
    this.warnOnce(
      'outside-hours',
      "the service judges badges by its own clock, which says the site is closed: coworking badges are denied " +
        'outside-hours while desks still fill up. `npm run demo` runs the service on the same demo clock as the simulator.',
    );
  }

  /** After a grant the door opens for a few simulated seconds, as the door contact reports. */
  private async walkThrough(result: BadgeResult): Promise<void> {
    const contact = this.options.fleet.doorContact(result.door);
    if (contact === undefined) return;
    await contact.setOpen(true);
    await new Promise((resolve) => setTimeout(resolve, Math.max(50, 6000 / this.clock.speed)));
    await contact.setOpen(false);
    this.stats.sensorMessages += 2;
  }

  private async desk(event: Extract<DayEvent, { type: 'sit' | 'stand' }>): Promise<void> {
    const sensor = this.options.fleet.deskSensor(event.desk);
    if (sensor === undefined) return this.warnOnce(`desk:${event.desk}`, `no simulated sensor on ${event.desk}: its presence is skipped`);
    const who = this.names.get(event.member) ?? event.member;
    this.stats.sensorMessages++;
    await sensor.setOccupied(event.type === 'sit');
    this.reporter.event(event.at, event.desk, `${event.type === 'sit' ? 'occupied' : 'free    '}  ${who}`);
  }

  async settle(): Promise<void> {
    await Promise.allSettled(this.pending);
  }
}

export async function runDay(options: DayOptions): Promise<RunSummary> {
  const start = options.start ?? DAY_START;
  const end = options.end ?? DAY_END;
  const { credentials, fleet } = options;
  const schedule = daySchedule({
    members: credentials.members,
    desks: fleet.deskSensors.map((sensor) => sensor.desk),
    doors: dayDoors(fleet),
    seed: credentials.seed,
    strangerUid: credentials.strangerUid,
    heartbeatEveryMin: options.heartbeatEveryMin,
  }).filter((event) => event.at >= start && event.at <= end);
  const clock = new SimClock(start, options.speed ?? 60);
  const run = new DayRun(options, clock);
  for (const event of schedule) {
    if (!(await clock.until(event.at, options.signal))) break;
    run.play(event);
  }
  // Publishes still queued for an offline device are not waited for past the decision timeout.
  await Promise.race([run.settle(), new Promise((resolve) => setTimeout(resolve, 3000))]);
  return run.stats.summary(options.fleet.refusedDecisions());
}
