// Desk-sensor ingestion across instances, scenario B's worst case: every message changes a seat (a
// desk alternates between a status `{"online":false}` and a presence `{"occupied":true}`). A step
// sends the same odd number of messages to every desk, so at its end every desk has changed state;
// it keeps up when every site's retained `seats` (published by its owner, contract §2) shows all its
// desks in their last state within 1 s of the last publish. The figure is the rate the harness really
// sent (on a loaded machine it may fall short of the rate asked for), not the rate asked for. A few publisher connections carry every desk's messages: the anonymous broker lets
// them, and what is measured is the service's ingestion, not the broker's connection count.
import { performance } from 'node:perf_hooks';
import type { MqttClient } from 'mqtt';
import { deviceStatusTopic, presenceTopic } from '#protocol';
import type { ClusterSite } from './cluster-plan.js';
import { connect, connectAll } from './mqtt.js';
import { sleep } from './round-trips.js';

export const KEEP_UP_LAG_MS = 1000;
const WAIT_MS = 10_000;
const OFFLINE = JSON.stringify({ online: false });
const PRESENCE = JSON.stringify({ occupied: true, battery: 80 });

export interface IngestStep {
  rate: number;
  sent: number;
  achievedRate: number;
  /** Last publish -> every site's seats right; undefined when not within 10 s. */
  lagMs?: number;
  keptUp: boolean;
  /** When not right within 10 s: how many sites were wrong, and a few of them as last seen. */
  wrong?: { sites: number; sample: string[] };
}

type Phase = 'occupied' | 'offline';

export class DeskIngestion {
  /**
   * Every desk's state after the messages sent so far: all desks move together, one message each in
   * turn. A desk never heard of counts as offline, so the first step must end occupied: a site whose
   * counts do not change publishes no `seats`, and a one-round step ending offline left the check
   * waiting for messages that never come (the first full-size run).
   */
  private phase: Phase = 'offline';
  private readonly seats = new Map<string, { occupied: number; offline: number }>();
  private readonly desks: Array<{ site: string; desk: string; sensor: string }>;

  private constructor(
    private readonly sites: readonly ClusterSite[],
    private readonly publishers: MqttClient[],
    private readonly watcher: MqttClient,
  ) {
    this.desks = sites.flatMap((site) => site.desks.map((desk) => ({ site: site.id, ...desk })));
    watcher.on('message', (topic, payload) => {
      const site = topic.split('/')[1]!;
      const body = JSON.parse(payload.toString('utf8')) as { occupied: number; offline: number };
      this.seats.set(site, { occupied: body.occupied, offline: body.offline });
    });
  }

  static async connect(url: string, sites: readonly ClusterSite[], publishers = 8): Promise<DeskIngestion> {
    const clients = await connectAll(url, Array.from({ length: publishers }, (_, i) => ({ id: `bench-desk-gateway-${i + 1}` })));
    const watcher = await connect(url, { id: 'bench-seats-watcher', subscribe: ['cantine/+/seats'] });
    return new DeskIngestion(sites, clients, watcher);
  }

  get clients(): MqttClient[] {
    return [...this.publishers, this.watcher];
  }

  /** One step at `rate` msgs/s, lasting at least `minS`: every desk gets the same odd number of messages. */
  async step(rate: number, minS: number): Promise<IngestStep> {
    let rounds = Math.max(1, Math.ceil((rate * minS) / this.desks.length));
    if (rounds % 2 === 0) rounds++;
    const total = rounds * this.desks.length;
    const started = performance.now();
    let sent = 0;
    while (sent < total) {
      const due = Math.min(total, Math.floor(((performance.now() - started) * rate) / 1000));
      for (; sent < due; sent++) this.publish(sent);
      await sleep(1);
    }
    const lastAt = performance.now();
    const achievedRate = sent / ((lastAt - started) / 1000);
    const expected = this.phase === 'occupied' ? { occupied: (n: number) => n, offline: () => 0 } : { occupied: () => 0, offline: (n: number) => n };
    const isRight = (site: ClusterSite) => {
      const seen = this.seats.get(site.id);
      const desks = site.desks.length;
      return seen !== undefined && seen.occupied === expected.occupied(desks) && seen.offline === expected.offline(desks);
    };
    const right = () => this.sites.every(isRight);
    let lagMs: number | undefined;
    while (performance.now() - lastAt < WAIT_MS) {
      if (right()) {
        lagMs = performance.now() - lastAt;
        break;
      }
      await sleep(10);
    }
    const keptUp = lagMs !== undefined && lagMs <= KEEP_UP_LAG_MS;
    // Which sites are wrong tells a handover (exactly the sites just taken) from a load limit.
    const wrongSites = this.sites.filter((site) => !isRight(site));
    const wrong = { sites: wrongSites.length, sample: wrongSites.slice(0, 3).map((site) => `${site.id} ${JSON.stringify(this.seats.get(site.id) ?? null)}`) };
    return { rate, sent, achievedRate, ...(lagMs === undefined ? {} : { lagMs }), keptUp, ...(wrong.sites > 0 ? { wrong } : {}) };
  }

  private publish(index: number): void {
    const slot = index % this.desks.length;
    // A new round flips every desk: the phase is the state the round's messages bring.
    if (slot === 0) this.phase = this.phase === 'occupied' ? 'offline' : 'occupied';
    const { site, desk, sensor } = this.desks[slot]!;
    // A desk's messages always go through the same connection, so they arrive in order.
    const client = this.publishers[slot % this.publishers.length]!;
    if (this.phase === 'offline') client.publish(deviceStatusTopic(site, sensor), OFFLINE, { qos: 1, retain: true }, () => undefined);
    else client.publish(presenceTopic(site, desk), PRESENCE, { qos: 1 }, () => undefined);
  }
}
