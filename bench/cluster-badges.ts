// Native readers of `--cluster`: badges at a fixed total rate, round robin over readers of every site,
// each decision matched to its badge by seq. A badge unanswered for 1 s is sent again with the same
// seq (contract §2), as the firmware does, until answered: a decision to a resend is still the answer.
import { performance } from 'node:perf_hooks';
import type { MqttClient } from 'mqtt';
import { badgeTopic, decisionTopic } from '#protocol';
import { connectAll } from './mqtt.js';
import { sleep } from './round-trips.js';

export const RETRY_MS = 1000;

export interface Badge {
  site: string;
  reader: string;
  seq: number;
  firstSentAt: number;
  lastSentAt: number;
  sends: number;
  /** performance.now() of each decision heard for this seq. */
  decisions: number[];
  granted?: boolean;
  reason?: string;
}

export interface TimedAction {
  s: number;
  action: () => Promise<void>;
}

interface Pending {
  reader: Reader;
  badge: Badge;
  uid: string;
}

interface Reader {
  id: string;
  site: string;
  client: MqttClient;
  seq: number;
  badges: Map<number, Badge>;
}

export class BadgeTraffic {
  private readonly all: Badge[] = [];
  /** Unanswered badges, by `reader/seq`: what the retry timer resends. */
  private readonly pending = new Map<string, Pending>();
  private retryTimer?: NodeJS.Timeout;

  private constructor(private readonly readers: Reader[]) {}

  static async connect(url: string, readers: ReadonlyArray<{ id: string; site: string }>): Promise<BadgeTraffic> {
    const clients = await connectAll(url, readers.map((reader) => ({ id: reader.id, subscribe: [decisionTopic(reader.site, reader.id)] })));
    const traffic = new BadgeTraffic(readers.map((reader, i) => ({ ...reader, client: clients[i]!, seq: 0, badges: new Map() })));
    for (const reader of traffic.readers) reader.client.on('message', (_topic, payload) => traffic.heard(reader, payload));
    traffic.retryTimer = setInterval(() => traffic.retry(), 50);
    return traffic;
  }

  get clients(): MqttClient[] {
    return this.readers.map((reader) => reader.client);
  }

  /**
   * Badges `rate` a second for `durationS`, readers in turn (consecutive readers are at different
   * sites), `uids` in turn; `during` runs once `atS` seconds in. Returns the badges of the phase.
   */
  async run(options: { rate: number; durationS: number; uids: readonly string[]; at?: TimedAction }): Promise<Badge[]> {
    const phase: Badge[] = [];
    const total = Math.round(options.rate * options.durationS);
    const started = performance.now();
    let action: Promise<void> | undefined;
    let sent = 0;
    while (sent < total) {
      const elapsed = performance.now() - started;
      const due = Math.min(total, Math.floor((elapsed * options.rate) / 1000));
      for (; sent < due; sent++) {
        const reader = this.readers[(this.all.length + sent) % this.readers.length]!;
        phase.push(this.badge(reader, options.uids[(this.all.length + sent * 7) % options.uids.length]!));
      }
      if (options.at && !action && elapsed >= options.at.s * 1000) action = options.at.action();
      await sleep(5);
    }
    await action;
    this.all.push(...phase);
    return phase;
  }

  /** Waits until every badge of `badges` has an answer (resends keep going), or `timeoutMs`. */
  async settle(badges: readonly Badge[], timeoutMs: number): Promise<void> {
    const deadline = performance.now() + timeoutMs;
    while (performance.now() < deadline && badges.some((badge) => badge.decisions.length === 0)) await sleep(50);
    await sleep(200);
  }

  close(): void {
    clearInterval(this.retryTimer);
  }

  private badge(reader: Reader, uid: string): Badge {
    const now = performance.now();
    const seq = ++reader.seq;
    const badge: Badge = { site: reader.site, reader: reader.id, seq, firstSentAt: now, lastSentAt: now, sends: 1, decisions: [] };
    reader.badges.set(badge.seq, badge);
    const pending = { reader, badge, uid };
    this.pending.set(`${reader.id}/${badge.seq}`, pending);
    this.send(pending);
    return badge;
  }

  private send({ reader, badge, uid }: Pending): void {
    reader.client.publish(badgeTopic(reader.site, reader.id), JSON.stringify({ uid, seq: badge.seq }), { qos: 1 }, () => undefined);
  }

  private retry(): void {
    const now = performance.now();
    for (const pending of this.pending.values()) {
      if (now - pending.badge.lastSentAt < RETRY_MS) continue;
      pending.badge.lastSentAt = now;
      pending.badge.sends++;
      this.send(pending);
    }
  }

  private heard(reader: Reader, payload: Buffer): void {
    const decision = JSON.parse(payload.toString('utf8')) as { seq?: number; granted?: boolean; reason?: string };
    const badge = decision.seq === undefined ? undefined : reader.badges.get(decision.seq);
    if (!badge) return;
    this.pending.delete(`${reader.id}/${badge.seq}`);
    badge.decisions.push(performance.now());
    badge.granted ??= decision.granted;
    badge.reason ??= decision.reason;
  }
}
