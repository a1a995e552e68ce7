// Scenario B, ingestion: the highest desk-sensor message rate the service keeps up with end to end,
// against the same publishers and messages through a bare aedes broker to one bare subscriber.
//
// Every message changes a seat (worst case): each desk alternates between a status
// `{"online":false}` (desk offline) and a presence `{"occupied":true}` (back to occupied), so each
// message means a state update, a time-series point and a wall delta. The rate is searched
// (rate-search.ts: doubling to a first miss, then bisection to within 10 %); a step "keeps up"
// when the generator really sent the rate (>= 95 %), the /wall screen shows every desk's last state
// and the right zone counts within 1 s of the last publish, and within 3 s (the time-series writer
// flushes every second) the writer has nothing pending and dropped nothing
// (`/health` details) and every desk's latest point in the time series is its last state.
// (Points are keyed by desk and millisecond, as in InfluxDB: a backlog processed within one
// millisecond merges a desk's changes into one point, so points are not counted one per message.)
import { performance } from 'node:perf_hooks';
import Database from 'better-sqlite3';
import type { MqttClient } from 'mqtt';
import type { ConnectedDevice } from './devices.js';
import { deskTopic, OFFLINE_PAYLOAD, statusTopic } from './devices.js';
import { RateSearch, searchBoth, type SearchLimits } from './rate-search.js';
import type { Report } from './report.js';
import { sleep } from './round-trips.js';
import type { WallScreen } from './wall.js';

export const KEEP_UP_LAG_MS = 1000;
/** Below this a system has no figure: any site sends more (2,000 sensors every 5 s: 400/s). */
const MIN_RATE = 50;
const TIME_SERIES_GRACE_MS = 3000;
const PRESENCE = JSON.stringify({ occupied: true, battery: 80 });

export interface StepResult {
  rate: number;
  sent: number;
  achievedRate: number;
  /** Last publish -> everything seen; undefined when not seen within the wait. */
  lagMs?: number;
  timeSeriesOk?: boolean;
  keptUp: boolean;
}

/** Publishes `rate` messages/s for `durationS`, round robin over the sensors, alternating each desk. */
class Alternator {
  readonly phase = new Map<string, 'occupied' | 'offline'>();

  constructor(private readonly sensors: readonly ConnectedDevice[]) {
    for (const sensor of sensors) this.phase.set(sensor.device.desk!, 'occupied');
  }

  async run(rate: number, durationS: number, clients: readonly MqttClient[]): Promise<{ sent: number; elapsedS: number }> {
    const total = Math.round(rate * durationS);
    const started = performance.now();
    let sent = 0;
    await new Promise<void>((resolve) => {
      const timer = setInterval(() => {
        const due = Math.min(total, Math.floor(((performance.now() - started) * rate) / 1000));
        for (; sent < due; sent++) this.publish(sent, clients);
        if (sent >= total) {
          clearInterval(timer);
          resolve();
        }
      }, 1);
    });
    return { sent, elapsedS: (performance.now() - started) / 1000 };
  }

  private publish(index: number, clients: readonly MqttClient[]): void {
    const slot = index % this.sensors.length;
    const { device } = this.sensors[slot]!;
    const desk = device.desk!;
    const client = clients[slot]!;
    if (this.phase.get(desk) === 'occupied') {
      this.phase.set(desk, 'offline');
      client.publish(statusTopic(device.id), OFFLINE_PAYLOAD, { qos: 1, retain: true }, () => undefined);
    } else {
      this.phase.set(desk, 'occupied');
      client.publish(deskTopic(desk), PRESENCE, { qos: 1 }, () => undefined);
    }
  }
}

export interface IngestionOptions {
  http: string;
  sensors: ConnectedDevice[];
  wall: WallScreen;
  timeSeriesFile: string;
  /** The same sensors connected to the bare broker, and its one subscriber. */
  bare: { clients: MqttClient[]; subscriber: MqttClient };
  firstRate: number;
  maxRate: number;
  /** Bisection stops when the bracket's high ≤ low × (1 + precision). */
  precision: number;
  /** Time budget of the search (both systems): past it, the brackets are reported as they are. */
  budgetS: number;
  durationS: number;
  say: (line: string) => void;
}

export async function runIngestion(options: IngestionOptions, report: Report): Promise<void> {
  const { sensors, wall, bare, durationS, say } = options;
  const serviceClients = sensors.map((sensor) => sensor.client);
  const alternator = new Alternator(sensors);
  await prewarm(sensors, wall);
  const db = new Database(options.timeSeriesFile, { readonly: true, fileMustExist: true });
  // One pass: with MAX(), SQLite takes the bare column `fields` from the row holding the maximum.
  // (A correlated subquery per row was quadratic once points were keyed time first.)
  const latestPoints = db.prepare("SELECT tags, fields, MAX(time) FROM points WHERE measurement = 'desk_occupancy' GROUP BY tags");
  const timeSeriesShows = (expected: ReadonlyMap<string, string>): boolean => {
    const latest = new Map<string, string>();
    for (const row of latestPoints.all() as Array<{ tags: string; fields: string }>) {
      const fields = JSON.parse(row.fields) as { occupied?: number; offline?: number };
      latest.set((JSON.parse(row.tags) as { desk: string }).desk, fields.offline ? 'offline' : fields.occupied ? 'occupied' : 'free');
    }
    for (const [desk, state] of expected) if (latest.get(desk) !== state) return false;
    return true;
  };
  const writerSettled = async (): Promise<boolean> => {
    const details = await writerStats(options.http);
    return details.pending === 0 && details.dropped === 0;
  };
  const timeSeriesDone = async () => (await writerSettled()) && timeSeriesShows(alternator.phase);

  const serviceStep = async (rate: number): Promise<StepResult> => {
    const { sent, elapsedS } = await alternator.run(rate, durationS, serviceClients);
    const ended = performance.now();
    const achievedRate = sent / elapsedS;
    const seen = await waitFor(() => wallShows(wall, alternator.phase), KEEP_UP_LAG_MS * 2);
    const lagMs = seen === undefined ? undefined : seen - ended;
    const timeSeriesOk = (await waitForAsync(timeSeriesDone, ended + TIME_SERIES_GRACE_MS)) !== undefined;
    const keptUp = achievedRate >= rate * 0.95 && lagMs !== undefined && lagMs <= KEEP_UP_LAG_MS && timeSeriesOk;
    // A step that fell behind leaves a backlog: let it drain so the next step starts clean.
    if (!keptUp) await waitForAsync(async () => wallShows(wall, alternator.phase) && (await timeSeriesDone()), performance.now() + 15_000);
    say(`B service ${rate}/s: sent ${Math.round(achievedRate)}/s, wall lag ${lagMs === undefined ? '> 2 s' : `${Math.round(lagMs)} ms`}, time series ${timeSeriesOk ? 'complete' : 'INCOMPLETE'} -> ${keptUp ? 'keeps up' : 'behind'}`);
    await sleep(500);
    return { rate, sent, achievedRate, keptUp, timeSeriesOk, ...(lagMs === undefined ? {} : { lagMs }) };
  };

  let received = 0;
  bare.subscriber.on('message', () => received++);
  const bareAlternator = new Alternator(sensors);
  const bareStep = async (rate: number): Promise<StepResult> => {
    const before = received;
    const { sent, elapsedS } = await bareAlternator.run(rate, durationS, bare.clients);
    const ended = performance.now();
    const achievedRate = sent / elapsedS;
    const seen = await waitFor(() => received - before >= sent, KEEP_UP_LAG_MS * 2);
    const lagMs = seen === undefined ? undefined : seen - ended;
    const keptUp = achievedRate >= rate * 0.95 && lagMs !== undefined && lagMs <= KEEP_UP_LAG_MS;
    if (!keptUp) await waitFor(() => received - before >= sent, 15_000);
    say(`B bare broker ${rate}/s: sent ${Math.round(achievedRate)}/s, lag ${lagMs === undefined ? '> 2 s' : `${Math.round(lagMs)} ms`} -> ${keptUp ? 'keeps up' : 'behind'}`);
    await sleep(300);
    return { rate, sent, achievedRate, keptUp, ...(lagMs === undefined ? {} : { lagMs }) };
  };

  const limits = { first: options.firstRate, max: options.maxRate, min: MIN_RATE, precision: options.precision };
  const [service, baseline] = [new Ladder(limits), new Ladder(limits)];
  const searchStarted = performance.now();
  const { outOfTime } = await searchBoth(
    { bare: baseline.runner(bareStep), service: service.runner(serviceStep) },
    options.budgetS * 1000,
    () => performance.now(),
  );
  const searchS = (performance.now() - searchStarted) / 1000;
  db.close();

  const bracket = (ladder: Ladder) => `${ladder.best.toLocaleString('en-US')}-${ladder.search.high?.toLocaleString('en-US') ?? '?'} msgs/s`;
  say(`B: ${searchS.toFixed(0)} s of search; service ${bracket(service)}, bare broker ${bracket(baseline)}${outOfTime ? ' (time budget spent)' : ''}`);
  report.add({
    scenario: 'B ingestion',
    metric: 'sustained msgs/s (bracket low)',
    value: service.best,
    unit: '/s',
    baseline: baseline.best,
    target: '≥ 0.5× bare broker',
    pass: service.best >= 0.5 * baseline.best,
  });
  report.add({ scenario: 'B ingestion', metric: 'service: kept up - missed', value: `${bracket(service)} (+${percent(service.search.width)})` });
  report.add({ scenario: 'B ingestion', metric: 'bare broker: kept up - missed', value: `${bracket(baseline)} (+${percent(baseline.search.width)})` });
  const last = service.steps.filter((step) => step.keptUp && step.rate === service.best).at(-1);
  if (last?.lagMs !== undefined) report.add({ scenario: 'B ingestion', metric: 'wall lag at that rate', value: last.lagMs, unit: 'ms', target: `≤ ${KEEP_UP_LAG_MS} ms` });
  report.key('ingest_msgs_per_s', service.best);
  report.key('ingest_baseline_msgs_per_s', baseline.best);
  report.key('ingest_ratio', baseline.best > 0 ? service.best / baseline.best : null);
  report.key('ingest_low_msgs_per_s', service.best);
  report.key('ingest_high_msgs_per_s', service.search.high ?? null);
  report.key('ingest_baseline_low_msgs_per_s', baseline.best);
  report.key('ingest_baseline_high_msgs_per_s', baseline.search.high ?? null);
  report.key('ingest_search_s', searchS);
  report.key('ingest_search_out_of_time', outOfTime);
  report.key('ingest_generator_limited', service.generatorLimited);
  report.key('ingest_baseline_generator_limited', baseline.generatorLimited);
  report.key('ingest_steps', service.steps.map(({ rate, achievedRate, lagMs, timeSeriesOk, keptUp }) => ({ rate, achieved: Math.round(achievedRate), lag_ms: lagMs === undefined ? null : Math.round(lagMs), time_series_ok: timeSeriesOk, kept_up: keptUp })));
  report.key('ingest_baseline_steps', baseline.steps.map(({ rate, achievedRate, lagMs, keptUp }) => ({ rate, achieved: Math.round(achievedRate), lag_ms: lagMs === undefined ? null : Math.round(lagMs), kept_up: keptUp })));
  if (baseline.generatorLimited) report.note('B: the bare broker missed only rates the generator could not send: its figure is the generator\'s limit, a lower bound of the broker\'s.');
  if (service.generatorLimited) report.note('B: the service missed only rates the generator could not send: its figure is the generator\'s limit too.');
  if (outOfTime) report.note(`B: the search's time budget (${options.budgetS} s) ran out before both brackets were within +${percent(options.precision)}.`);
}

/** One system's rate search and the steps it ran. */
class Ladder {
  readonly search: RateSearch;
  readonly steps: StepResult[] = [];

  constructor(limits: SearchLimits) {
    this.search = new RateSearch(limits);
  }

  get best(): number {
    return this.search.low;
  }

  /** Every miss was a rate the harness could not send (< 95 %): the figure is the harness's limit. */
  get generatorLimited(): boolean {
    const missed = this.steps.filter((step) => !step.keptUp);
    return missed.length > 0 && missed.every((step) => step.achievedRate < step.rate * 0.95);
  }

  runner(step: (rate: number) => Promise<StepResult>): { search: RateSearch; step: (rate: number) => Promise<boolean> } {
    return {
      search: this.search,
      step: async (rate) => {
        const result = await step(rate);
        this.steps.push(result);
        return result.keptUp;
      },
    };
  }
}

const percent = (width: number | undefined) => (width === undefined ? '?' : `${Math.round(width * 100)} %`);

/** Every desk to occupied first, so that each later message is exactly one seat change. */
async function prewarm(sensors: readonly ConnectedDevice[], wall: WallScreen): Promise<void> {
  for (const { device, client } of sensors) client.publish(deskTopic(device.desk!), PRESENCE, { qos: 1 }, () => undefined);
  const all = new Map(sensors.map((sensor) => [sensor.device.desk!, 'occupied' as const]));
  if ((await waitFor(() => wallShows(wall, all), 20_000)) === undefined) throw new Error('B: the wall never showed every desk occupied after the warm-up');
  await sleep(1500);
}

function wallShows(wall: WallScreen, expected: ReadonlyMap<string, string>): boolean {
  let occupied = 0;
  let offline = 0;
  for (const [desk, state] of expected) {
    if (wall.seats.get(desk) !== state) return false;
    if (state === 'occupied') occupied++;
    else offline++;
  }
  const zone = wall.zone('open-space');
  return zone !== undefined && zone.occupied === occupied && zone.offline === offline;
}

/** The time-series writer's counters, as `/health` shows them. */
async function writerStats(http: string): Promise<{ pending: number; dropped: number }> {
  const body = (await (await fetch(`${http}/health`)).json()) as { details?: { timeseriesPending?: number; timeseriesDropped?: number } };
  return { pending: body.details?.timeseriesPending ?? Number.NaN, dropped: body.details?.timeseriesDropped ?? Number.NaN };
}

/** Polls `check` every 50 ms until `deadline` (performance.now() time); resolves with when it first held. */
async function waitForAsync(check: () => Promise<boolean>, deadline: number): Promise<number | undefined> {
  for (;;) {
    if (await check()) return performance.now();
    if (performance.now() > deadline) return undefined;
    await sleep(50);
  }
}

/** Polls `check` every 5 ms; resolves with the time it first held, or undefined after `timeoutMs`. */
async function waitFor(check: () => boolean, timeoutMs: number): Promise<number | undefined> {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    if (check()) return performance.now();
    if (performance.now() > deadline) return undefined;
    await sleep(5);
  }
}
