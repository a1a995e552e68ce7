// One simulated device = one MQTT.js client: username = client id = device id (contract section 2;
// with --stock a foreign firmware's own client id),
// a last will, TCP_NODELAY on every (re)connect (stack notes, pitfall 11) and reconnect with
// exponential backoff, so a restarted service is not hammered by every device at once.
import mqtt, { type IClientOptions, type MqttClient } from 'mqtt';
import type { StockSequence } from '#protocol';
import type { Publication } from './dialects/types.js';

export interface DeviceConnectionOptions {
  url: string;
  id: string;
  password: string;
  will?: Publication;
  /** Exact topics to subscribe to (the device's own decision or command topic). */
  subscriptions?: string[];
  /** Published at every connect, e.g. the retained `online:true` status. */
  hello: () => Publication[];
  onMessage?: (topic: string, payload: Buffer) => void;
  /** Told once per connection change, for the console. */
  onState?: (state: 'online' | 'offline', detail?: string) => void;
  connectTimeoutMs?: number;
  /** How long the first connection keeps retrying network errors (default 60 s). */
  connectDeadlineMs?: number;
  /**
   * --stock: connect as the firmware does (its client id, keepalive, will) and replay its
   * connect-time subscriptions and publishes on its timetable after every connect.
   */
  stock?: StockSequence;
}

const BACKOFF_FIRST_MS = 500;
const BACKOFF_MAX_MS = 30_000;

/** Sets TCP_NODELAY on the client's socket when it is a TCP one (not a WebSocket). */
export function disableNagle(client: MqttClient): void {
  const stream = client.stream as unknown as { setNoDelay?: (noDelay: boolean) => void };
  stream.setNoDelay?.(true);
}

export class DeviceConnection {
  private backoffMs = BACKOFF_FIRST_MS;
  private closing = false;
  private holdOffMs?: number;
  /** --stock publishes still to come after the latest connect, and the periodic ones. */
  private stockTimers: NodeJS.Timeout[] = [];

  private constructor(
    readonly id: string,
    private readonly client: MqttClient,
    private readonly options: DeviceConnectionOptions,
  ) {}

  /**
   * Connects and resolves once subscribed and announced. A refused login (wrong secret) fails at
   * once; network errors (a broker rate-limiting a burst of connections resets some) are retried
   * with backoff until `connectDeadlineMs`, as a real device keeps trying.
   */
  static async open(options: DeviceConnectionOptions): Promise<DeviceConnection> {
    const deadline = Date.now() + (options.connectDeadlineMs ?? 60_000);
    for (let wait = BACKOFF_FIRST_MS; ; wait = Math.min(5000, wait * 2)) {
      try {
        return await DeviceConnection.attempt(options);
      } catch (error) {
        const refused = /not authori[sz]ed|bad user ?name or password/i.test((error as Error).message);
        if (refused || Date.now() + wait > deadline) throw error;
        await delay(wait * (0.8 + Math.random() * 0.4));
      }
    }
  }

  private static attempt(options: DeviceConnectionOptions): Promise<DeviceConnection> {
    const client = mqtt.connect(options.url, clientOptions(options));
    const connection = new DeviceConnection(options.id, client, options);
    return new Promise((resolve, reject) => {
      const fail = (error: Error) => {
        client.removeListener('connect', succeed);
        client.end(true);
        reject(new Error(`${options.id}: cannot connect to ${options.url}: ${error.message}`));
      };
      // Ready once subscribed and announced: a badge sent earlier could miss its decision.
      const succeed = () => {
        client.removeListener('error', fail);
        connection.watch().then(
          () => resolve(connection),
          (error: unknown) => fail(error instanceof Error ? error : new Error(String(error))),
        );
      };
      client.once('connect', succeed);
      client.once('error', fail);
    });
  }

  get connected(): boolean {
    return this.client.connected;
  }

  async publish(publication: Publication): Promise<void> {
    await this.client.publishAsync(publication.topic, publication.payload, { qos: publication.qos, retain: publication.retain });
  }

  /**
   * Chaos: cuts the socket without DISCONNECT, so the broker publishes the last will. `holdOffMs`
   * delays the reconnection, long enough to see the device offline.
   */
  drop(holdOffMs?: number): void {
    this.holdOffMs = holdOffMs;
    this.client.stream.destroy();
  }

  /** Clean stop: publishes `goodbye` (the will is discarded by a clean DISCONNECT), then ends. */
  async close(goodbye: Publication[] = []): Promise<void> {
    this.closing = true;
    this.clearStockTimers();
    if (this.client.connected) {
      await Promise.race([Promise.all(goodbye.map((publication) => this.publish(publication))), delay(1000)]).catch(() => undefined);
    }
    await this.client.endAsync(!this.client.connected);
  }

  private watch(): Promise<void> {
    this.client.on('connect', () => void this.onConnect().catch(() => undefined));
    // Prepended: MQTT.js arms the next attempt in its own 'close' listener, with the period set here.
    this.client.prependListener('close', () => this.onClose());
    this.client.on('error', (error) => this.options.onState?.('offline', error.message));
    if (this.options.onMessage !== undefined) this.client.on('message', this.options.onMessage);
    return this.onConnect();
  }

  private async onConnect(): Promise<void> {
    disableNagle(this.client);
    this.backoffMs = BACKOFF_FIRST_MS;
    this.client.options.reconnectPeriod = BACKOFF_FIRST_MS;
    this.options.onState?.('online');
    const topics = this.options.subscriptions ?? [];
    if (this.options.stock !== undefined) await this.stockSubscribe(this.options.stock);
    else if (topics.length > 0) await this.client.subscribeAsync(topics, { qos: 1 });
    await Promise.all(this.options.hello().map((publication) => this.publish(publication)));
    if (this.options.stock !== undefined) this.scheduleStock(this.options.stock);
  }

  /** One SUBSCRIBE per filter, as the firmwares do; a refused grant is ignored, as they do. */
  private async stockSubscribe(stock: StockSequence): Promise<void> {
    for (const { topic, qos } of stock.subscribe) await this.client.subscribeAsync(topic, { qos }).catch(() => undefined);
  }

  private scheduleStock(stock: StockSequence): void {
    this.clearStockTimers();
    const send = (message: Publication) => void this.publish(message).catch(() => undefined);
    for (const publish of stock.publishes) this.stockTimers.push(setTimeout(() => send(stockPublication(publish)), publish.atMs));
    for (const periodic of stock.periodic) this.stockTimers.push(setInterval(() => send(stockPublication(periodic)), periodic.everyMs));
    const unsubscribe = (topic: string) => void this.client.unsubscribeAsync(topic).catch(() => undefined);
    for (const { topic, atMs } of stock.unsubscribe ?? []) this.stockTimers.push(setTimeout(() => unsubscribe(topic), atMs));
  }

  private clearStockTimers(): void {
    for (const timer of this.stockTimers) clearTimeout(timer);
    this.stockTimers = [];
  }

  /** MQTT.js reads reconnectPeriod when it arms the next attempt: doubling it here is the backoff. */
  private onClose(): void {
    this.clearStockTimers();
    if (this.closing) return;
    const jitter = 0.8 + Math.random() * 0.4;
    this.client.options.reconnectPeriod = this.holdOffMs ?? Math.round(this.backoffMs * jitter);
    this.holdOffMs = undefined;
    this.backoffMs = Math.min(BACKOFF_MAX_MS, this.backoffMs * 2);
    this.options.onState?.('offline');
  }
}

/** MQTT.js publishes QoS 0, 1 or 2; the sim's Publication type stops at 1, the firmwares do too. */
function stockPublication(message: StockSequence['publishes'][number] | StockSequence['periodic'][number]): Publication {
  return { topic: message.topic, payload: message.payload, qos: message.qos === 0 ? 0 : 1, retain: message.retain };
}

function clientOptions(options: DeviceConnectionOptions): IClientOptions {
  const stock = options.stock?.connect;
  const will = stock === undefined ? options.will : stock.will;
  return {
    clientId: stock?.clientId ?? options.id,
    username: options.id,
    password: options.password,
    clean: stock?.clean ?? true,
    keepalive: stock?.keepaliveS ?? 30,
    protocolVersion: stock?.protocolLevel ?? 4,
    reconnectPeriod: BACKOFF_FIRST_MS,
    connectTimeout: options.connectTimeoutMs ?? 5000,
    ...(will === undefined
      ? {}
      : { will: { topic: will.topic, payload: Buffer.from(will.payload), qos: will.qos === 0 ? 0 : 1, retain: will.retain } }),
  };
}

export function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
