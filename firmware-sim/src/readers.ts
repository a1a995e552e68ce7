// Simulated door readers. A native reader matches decisions on its own `decision` topic by seq;
// esp-rfid and Tasmota readers only ever hear a grant (an `opendoor` or `POWER ON` command), so
// they match the oldest badge still waiting and read silence as "denied, or service unreachable".
import { SeqCounter, type DeviceRecord } from './credentials.js';
import { DeviceConnection } from './device-connection.js';
import { commandTopic, espRfidAvailability, espRfidBadge, espRfidDoor, espRfidHello, readEspRfidCommand, readTasmotaCommand, tasmotaBadge, tasmotaLwt, type EspRfidTarget } from './dialects/firmware.js';
import { nativeAllowListTopic, nativeBadge, nativeDecisionTopic, nativeOffline, nativeStatus, readNativeDecision, type NativeTarget } from './dialects/native.js';
import type { Publication, ReaderReply } from './dialects/types.js';
import { stockSequenceOf } from './dialects/stock.js';
import { DecisionGuard, OfflineMode } from './reader-safety.js';
import type { BadgeOutcome } from './stats.js';

/** Contract section 2: readers treat silence past 2 s as "denied, service unreachable". */
export const DECISION_TIMEOUT_MS = 2000;

export interface DeviceSetup {
  mqttUrl: string;
  target: NativeTarget;
  record: DeviceRecord;
  /** Saves the credentials file (seq reservations). */
  persist: () => void;
  onState?: (deviceId: string, state: 'online' | 'offline', detail?: string) => void;
  /** --stock: foreign firmwares as shipped (dialects/stock.ts). */
  stock?: boolean;
}

export interface BadgeResult {
  readerId: string;
  door: string;
  uid: string;
  seq?: number;
  outcome: BadgeOutcome;
}

interface Waiter {
  sentAt: number;
  resolve: (outcome: BadgeOutcome) => void;
  timer: NodeJS.Timeout;
}

export abstract class SimReader {
  protected connection?: DeviceConnection;

  constructor(protected readonly setup: DeviceSetup) {}

  get id(): string {
    return this.setup.record.id;
  }

  get door(): string {
    return this.setup.record.door ?? '';
  }

  get protocol(): string {
    return this.setup.record.protocol;
  }

  get connected(): boolean {
    return this.connection?.connected ?? false;
  }

  abstract badge(uid: string): Promise<BadgeResult>;

  /** Chaos: the raw connection, to publish what no well-behaved reader would. */
  get raw(): DeviceConnection | undefined {
    return this.connection;
  }

  protected async open(options: { will: Publication; hello: () => Publication[]; subscriptions: string[] }): Promise<void> {
    const { record, mqttUrl, onState } = this.setup;
    this.connection = await DeviceConnection.open({
      url: mqttUrl,
      id: record.id,
      password: record.password ?? '',
      ...options,
      stock: this.setup.stock === true ? stockSequenceOf(record) : undefined,
      onMessage: (topic, payload) => this.onMessage(topic, payload),
      onState: (state, detail) => onState?.(record.id, state, detail),
    });
  }

  protected abstract onMessage(topic: string, payload: Buffer): void;

  /** Publishes and waits for the matching reply; the clock starts just before the publish. */
  protected async sendAndWait(
    publication: Publication,
    register: (waiter: Waiter) => void,
    noAnswer: BadgeOutcome,
    timeoutMs = DECISION_TIMEOUT_MS,
  ): Promise<BadgeOutcome> {
    const answered = new Promise<BadgeOutcome>((resolve) => {
      const timer = setTimeout(() => resolve(noAnswer), timeoutMs);
      register({ sentAt: performance.now(), resolve, timer });
    });
    // Offline, MQTT.js queues the QoS 1 publish until it reconnects; the timeout still runs.
    if (timeoutMs > 0) this.connection?.publish(publication).catch(() => undefined);
    return answered;
  }

  abstract close(): Promise<void>;
}

export function outcomeOf(reply: ReaderReply, waiter: Waiter, fallbackReason: string): BadgeOutcome {
  clearTimeout(waiter.timer);
  const latencyMs = performance.now() - waiter.sentAt;
  const reason = reply.reason ?? fallbackReason;
  return reply.granted ? { result: 'granted', reason, latencyMs } : { result: 'denied', reason, latencyMs };
}

export class NativeReader extends SimReader {
  private readonly seq = new SeqCounter(this.setup.record, this.setup.persist);
  private readonly waiting = new Map<number, Waiter>();
  private last?: { uid: string; seq: number };
  /** Checks every decision: signed with the key derived from this reader's secret, fresh, for a pending seq. */
  readonly guard = DecisionGuard.forSecret(this.setup.record.password ?? '', Date.now, {
    floor: this.setup.record.unlockFloor,
    save: (floor) => {
      this.setup.record.unlockFloor = floor;
      this.setup.persist();
    },
  });
  /** The signed allow-list and the badge-ins decided from it, waiting for upload. */
  readonly offline = new OfflineMode(this.guard.key, { ...this.setup.target, readerId: this.setup.record.id });
  /** Times the door opened: accepted grants from the service, offline grants from the list. */
  openings = 0;

  async start(health: () => Publication): Promise<this> {
    const { target, record } = this.setup;
    // Queued offline badge-ins go up with the hello of every (re)connection.
    const hello = () => [health(), ...this.offline.uploads()];
    const subscriptions = [nativeDecisionTopic(target, record.id), nativeAllowListTopic(target, record.id)];
    await this.open({ will: nativeOffline(target, record.id), hello, subscriptions });
    return this;
  }

  badge(uid: string): Promise<BadgeResult> {
    return this.send(uid, this.seq.take());
  }

  /** Chaos: the same badge, same seq, again: a duplicate delivery the service must answer again. */
  resendLast(): Promise<BadgeResult> | undefined {
    return this.last === undefined ? undefined : this.send(this.last.uid, this.last.seq);
  }

  private async send(uid: string, seq: number): Promise<BadgeResult> {
    this.last = { uid, seq };
    this.guard.expect(seq);
    const publication = nativeBadge(this.setup.target, this.id, uid, seq);
    // Not connected but holding a list: decide now, rather than queue a badge-in the service
    // would decide a second time once it is delivered.
    const timeoutMs = !this.connected && this.offline.version !== undefined ? 0 : DECISION_TIMEOUT_MS;
    let outcome = await this.sendAndWait(publication, (waiter) => this.waiting.set(seq, waiter), { result: 'timeout' }, timeoutMs);
    this.waiting.delete(seq);
    if (outcome.result === 'timeout') {
      // A decision arriving after this is a replay: the reader has moved on.
      this.guard.forget(seq);
      const granted = this.offline.decide(uid, seq);
      if (granted !== undefined) outcome = { result: 'offline', granted };
      if (granted) this.openings++;
    }
    return { readerId: this.id, door: this.door, uid, seq, outcome };
  }

  protected onMessage(topic: string, payload: Buffer): void {
    if (topic === nativeAllowListTopic(this.setup.target, this.id)) {
      this.offline.onAllowList(topic, payload);
      return;
    }
    const reply = readNativeDecision(topic, payload, this.setup.target.root);
    if (reply === undefined || !this.guard.accept(reply)) return;
    if (reply.granted) this.openings++;
    const waiter = this.waiting.get(reply.seq as number);
    if (waiter !== undefined) {
      this.waiting.delete(reply.seq as number);
      waiter.resolve(outcomeOf(reply, waiter, 'unknown'));
    }
    // The service answers again: what was decided offline can go up now.
    if (this.offline.queued.length > 0) this.uploadOffline();
  }

  private uploadOffline(): void {
    for (const publication of this.offline.uploads()) this.connection?.publish(publication).catch(() => undefined);
  }

  async close(): Promise<void> {
    this.seq.release();
    this.setup.persist();
    await this.connection?.close([nativeOffline(this.setup.target, this.id)]);
  }
}

/** esp-rfid and Tasmota: grants arrive as commands without a seq, matched first in, first out. */
export class FirmwareReader extends SimReader {
  private readonly queue: Waiter[] = [];
  private readonly startedAt = Date.now();

  private get espTarget(): EspRfidTarget {
    const { record } = this.setup;
    return { topic: record.topic ?? record.id, ip: record.ip ?? '10.0.0.1', hostname: record.id };
  }

  async start(): Promise<this> {
    const target = this.espTarget;
    const esp = this.protocol === 'esp-rfid';
    const subscriptions = [commandTopic(esp ? 'esp-rfid' : 'tasmota', target)];
    const will = esp ? espRfidAvailability(target, false) : tasmotaLwt(target, false);
    const tidyHello = () => (esp ? [espRfidAvailability(target, true), espRfidHello(target, 'boot', 0)] : [tasmotaLwt(target, true)]);
    // --stock: the firmware's own connect-time publishes (LWT Online, boot) replace the tidy ones.
    const hello = this.setup.stock === true ? () => [] : tidyHello;
    await this.open({ will, hello, subscriptions });
    return this;
  }

  async badge(uid: string): Promise<BadgeResult> {
    const target = this.espTarget;
    const tidy = this.protocol === 'esp-rfid' ? espRfidBadge(target, uid) : tasmotaBadge(target, uid);
    // Both firmwares publish reads at QoS 0 (AsyncMqttClient publish(…, 0, …), PubSubClient).
    const publication = this.setup.stock === true ? { ...tidy, qos: 0 as const } : tidy;
    let mine: Waiter | undefined;
    const register = (waiter: Waiter) => this.queue.push((mine = waiter));
    const outcome = await this.sendAndWait(publication, register, { result: 'no-command' });
    // A badge that timed out must not swallow the next badge's grant.
    const index = mine === undefined ? -1 : this.queue.indexOf(mine);
    if (index >= 0) this.queue.splice(index, 1);
    return { readerId: this.id, door: this.door, uid, outcome };
  }

  /** esp-rfid's heartbeat keeps the service's idea of its ip fresh; Tasmota has nothing to say. */
  heartbeat(): Publication[] {
    return this.protocol === 'esp-rfid' ? [espRfidHello(this.espTarget, 'heartbeat', (Date.now() - this.startedAt) / 1000)] : [];
  }

  /** esp-rfid readers carry the door sensor of their door. */
  async setDoorOpen(open: boolean): Promise<void> {
    if (this.protocol === 'esp-rfid') await this.connection?.publish(espRfidDoor(this.espTarget, open));
  }

  protected onMessage(topic: string, payload: Buffer): void {
    const reply = this.protocol === 'esp-rfid' ? readEspRfidCommand(this.espTarget, payload) : readTasmotaCommand(this.espTarget, topic, payload);
    const waiter = reply === undefined ? undefined : this.queue.shift();
    if (reply !== undefined && waiter !== undefined) waiter.resolve(outcomeOf(reply, waiter, this.protocol === 'esp-rfid' ? 'opendoor' : 'power-on'));
  }

  async close(): Promise<void> {
    const target = this.espTarget;
    await this.connection?.close([this.protocol === 'esp-rfid' ? espRfidAvailability(target, false) : tasmotaLwt(target, false)]);
  }
}

export function nativeHealth(setup: DeviceSetup, rssi: number): () => Publication {
  return () => nativeStatus(setup.target, setup.record.id, { fw: '1.4.2', rssi });
}
