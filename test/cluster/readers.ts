// Simulated native readers for the cluster suite: each badges at its own pace, and a badge unanswered
// for `retryMs` is sent again with the same `seq` (contract §2), as the firmware does, until answered.
import mqtt, { type IClientOptions, type MqttClient } from 'mqtt';
import { badgeTopic, decisionTopic } from '#protocol';

export interface Badge {
  reader: string;
  site: string;
  seq: number;
  uid: string;
  firstSentAt: number;
  lastSentAt: number;
  sends: number;
  /** performance.now() of each decision heard for this seq. */
  decisions: number[];
}

export class Reader {
  readonly badges = new Map<number, Badge>();
  private seq = 0;
  private retryTimer?: NodeJS.Timeout;

  private constructor(
    readonly id: string,
    readonly site: string,
    readonly client: MqttClient,
    private readonly retryMs: number,
  ) {}

  /** `options`: credentials, or `servers` to fall back on another broker node (test/faults/nats-cluster.test.ts). */
  static async connect(url: string, id: string, site: string, retryMs = 1000, options: IClientOptions = {}): Promise<Reader> {
    const client = await mqtt.connectAsync(url, { clientId: id, reconnectPeriod: 500, ...options });
    (client.stream as { setNoDelay?: (on: boolean) => void }).setNoDelay?.(true);
    const reader = new Reader(id, site, client, retryMs);
    client.on('message', (_topic, payload) => reader.heard(payload));
    await client.subscribeAsync(decisionTopic(site, id), { qos: 1 });
    reader.retryTimer = setInterval(() => reader.retry(), 100);
    return reader;
  }

  badge(uid: string): Badge {
    const now = performance.now();
    const badge: Badge = { reader: this.id, site: this.site, seq: ++this.seq, uid,
      firstSentAt: now, lastSentAt: now, sends: 1, decisions: [] };
    this.badges.set(badge.seq, badge);
    this.send(badge);
    return badge;
  }

  unanswered(): Badge[] {
    return [...this.badges.values()].filter((badge) => badge.decisions.length === 0);
  }

  async close(): Promise<void> {
    clearInterval(this.retryTimer);
    await this.client.endAsync(true);
  }

  private send(badge: Badge): void {
    this.client.publish(badgeTopic(this.site, this.id), JSON.stringify({ uid: badge.uid, seq: badge.seq }), { qos: 1 });
  }

  private retry(): void {
    const now = performance.now();
    for (const badge of this.badges.values()) {
      if (badge.decisions.length > 0 || now - badge.lastSentAt < this.retryMs) continue;
      badge.lastSentAt = now;
      badge.sends++;
      this.send(badge);
    }
  }

  private heard(payload: Buffer): void {
    const seq = (JSON.parse(payload.toString('utf8')) as { seq?: number }).seq;
    const badge = seq === undefined ? undefined : this.badges.get(seq);
    badge?.decisions.push(performance.now());
  }
}
