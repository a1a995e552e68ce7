// The embedded MQTT broker (aedes), used when MQTT_URL is unset. Every connection passes a rate
// limit and a packet-size guard before aedes sees a byte; every client authenticates; publishes
// and subscriptions go through the policy the owner gives (the devices feature fills it in).
import net from 'node:net';
import tls from 'node:tls';
import { Aedes, type AedesOptions, type AedesPublishPacket, type Client } from 'aedes';
import { ConfigError } from '../config/config-error.js';
import { ConnectionRateLimiter, type ConnectionRate } from './connection-rate.js';
import { brokerHooks, ClientIds } from './broker-hooks.js';
import { DEFAULT_ADMISSION_LIMITS, PendingConnections, type AdmissionLimits } from './pending-connections.js';
import { INBOUND_SLICE, SocketGuard, type GuardHooks, type OutgoingLimits, type PacketLimits } from './packet-guard.js';

/** A CONNECT whose credentials and client id the policy checks. */
export interface ConnectRequest {
  clientId: string;
  username: string | undefined;
  password: Buffer | undefined;
  /** The CONNECT's clean session flag. */
  clean: boolean;
  /** The username holding this client id right now; read it once the credentials are checked. */
  heldBy: () => string | undefined;
}

export type AuthVerdict = 'ok' | 'bad-credentials' | 'identifier-rejected';

/**
 * What becomes of a publish: delivered to the service, dropped without closing the session (what
 * the service does not read), or refused (outside the client's rights: dropped and counted too,
 * since aedes cannot refuse a publish without closing the connection).
 */
export type PublishFate = 'read' | 'discard' | 'refuse';

/** Things only the broker sees, reported to its owner for counting and logging. */
export type BrokerObservation =
  | { type: 'alive'; username: string }
  | { type: 'packet-refused'; username?: string; address?: string; reason: 'oversized' | 'malformed'; detail: string }
  | { type: 'publish-skipped'; username: string; topic: string; bytes: number; fate: PublishFate }
  /** Over its address's connection rate, or closed before authenticating (its deadline, or to make room under the cap). */
  | { type: 'connection-refused'; address: string; reason: 'rate' | 'connect-deadline' | 'pending-cap' }
  /** It stopped reading what it is sent. */
  | { type: 'client-dropped'; username?: string; address: string; detail: string };

export interface BrokerPolicy {
  authenticate(request: ConnectRequest): Promise<AuthVerdict>;
  /** `username` is the one the client authenticated with; a refusal is counted by the policy. */
  publishFate(username: string, topic: string): PublishFate;
  authorizeSubscribe(username: string, filter: string, clientId: string): boolean;
  /** Whether a message on `topic` may be delivered to the client (its subscription matched). */
  mayReceive(username: string, topic: string): boolean;
  observe(observation: BrokerObservation): void;
}

export interface EmbeddedBrokerOptions {
  host: string;
  port: number;
  policy: BrokerPolicy;
  limits?: PacketLimits;
  outgoing?: OutgoingLimits;
  /** Connections not yet authenticated: a global cap and a deadline. */
  admission?: AdmissionLimits;
  /** An `mqtts` listener beside the plain one, with the same guards. */
  tls?: { port: number; cert: Buffer; key: Buffer };
}

// 4 KiB payload (contract section 2) plus room for the topic and packet id; a payload between
// 4 KiB and this passes here and is dropped and counted by the decoder instead.
export const DEFAULT_PACKET_LIMITS: PacketLimits = { publish: 4096 + 512, other: 16 * 1024 };

/**
 * A client that stops reading is dropped once 1 MiB waits for it (thousands of decisions, or a
 * few allow-lists) or its socket has not drained for 5 s; until then it costs the others nothing.
 */
export const DEFAULT_OUTGOING_LIMITS: OutgoingLimits = { maxQueuedBytes: 1024 * 1024, stallMs: 5000 };

export class EmbeddedBroker {
  readonly connectionRate = new ConnectionRateLimiter();

  private tlsServer?: tls.Server;
  private readonly probes = new Map<string, () => void>();
  private probeCount = 0;
  private hooks?: GuardHooks;

  private constructor(
    private readonly aedes: Aedes,
    private readonly server: net.Server,
    private readonly identities: WeakMap<Client, string>,
    private readonly pending: PendingConnections,
  ) {}

  static async start(options: EmbeddedBrokerOptions): Promise<EmbeddedBroker> {
    const identities = new WeakMap<Client, string>();
    const pending = new PendingConnections(options.admission ?? DEFAULT_ADMISSION_LIMITS);
    const aedes = await Aedes.createBroker(brokerOptions(options, identities, (client) => pending.remove(client.conn)));
    const seen = (client: Client) => {
      const username = identities.get(client);
      if (username) options.policy.observe({ type: 'alive', username });
    };
    aedes.on('clientReady', seen);
    aedes.on('ping', (_packet, client) => seen(client));
    // Nagle's algorithm would add ~40 ms delayed-ACK waits to every QoS 1 round trip (stack notes, pitfall 11).
    // The high-water mark bounds what aedes reads at once (packet-guard.ts); writes never wait on it.
    const server = net.createServer({ noDelay: true, highWaterMark: INBOUND_SLICE });
    const broker = new EmbeddedBroker(aedes, server, identities, pending);
    await broker.listenToProbes();
    server.on('connection', (socket) => broker.accept(socket, options, identities));
    await listen(server, options.host, options.port, 'MQTT_PORT').catch((error: unknown) => {
      aedes.close();
      throw error;
    });
    if (options.tls) await broker.listenTls(options, identities);
    return broker;
  }

  get tlsPort(): number | undefined {
    return (this.tlsServer?.address() as net.AddressInfo | undefined)?.port;
  }

  private async listenTls(options: EmbeddedBrokerOptions, identities: WeakMap<Client, string>): Promise<void> {
    const { port, cert, key } = options.tls!;
    // The TLS handshake comes before anything is counted pending: the same deadline holds for it.
    const handshakeTimeout = (options.admission ?? DEFAULT_ADMISSION_LIMITS).connectDeadlineMs;
    this.tlsServer = tls.createServer({ cert, key, minVersion: 'TLSv1.2', handshakeTimeout });
    this.tlsServer.on('secureConnection', (socket) => {
      socket.setNoDelay(true); // pitfall 11 holds under TLS too
      this.accept(socket, options, identities);
    });
    this.tlsServer.on('tlsClientError', () => undefined); // a failed handshake concerns that client only
    await listen(this.tlsServer, options.host, port, 'MQTT_TLS_PORT').catch(async (error: unknown) => {
      await this.close();
      throw error;
    });
  }

  configureConnectionRate(rate: ConnectionRate): void {
    this.connectionRate.configure(rate);
  }

  /**
   * The service's own subscription, in process: no socket, no MQTT encoding, no session to
   * persist. Retained messages already stored are replayed first, flagged, as a client would get
   * them [MQTT-3.3.1-6]. `deliver` must not throw.
   */
  async subscribe(pattern: string, deliver: InProcessDelivery): Promise<void> {
    await new Promise<void>((resolve, reject) => {
      this.aedes.subscribe(
        pattern,
        (packet, done) => deliverLive(packet, done, deliver),
        (error?: Error) => (error ? reject(error) : resolve()),
      );
    });
    for await (const packet of retainedStore(this.aedes).createRetainedStream(pattern)) {
      deliver(packet.topic, asBuffer(packet.payload), true);
    }
  }

  /** The service's own publish, in process; resolves once every subscriber has it (or its session queue). */
  publish(topic: string, payload: string | Buffer, options: { qos: 0 | 1; retain?: boolean }): Promise<void> {
    const packet = { cmd: 'publish' as const, topic, payload: asBuffer(payload), qos: options.qos, retain: options.retain ?? false, dup: false };
    return new Promise((resolve, reject) => this.aedes.publish(packet, (error?: Error) => (error ? reject(error) : resolve())));
  }

  /** Closes every session authenticated as `username` (a device deleted or re-keyed); how many. */
  disconnectUser(username: string): number {
    const { clients } = this.aedes as unknown as { clients: Record<string, Client> }; // untyped in aedes' types
    const sessions = Object.values(clients).filter((client) => this.identities.get(client) === username);
    for (const client of sessions) client.close();
    return sessions.length;
  }

  /**
   * Whether a message still goes through the broker: a probe published in process must come back
   * within `timeoutMs`. A broker whose deliveries are stuck (mqemitter waiting on a delivery that
   * never completes) fails it, while its sockets still accept connections.
   */
  alive(timeoutMs = 1500): Promise<boolean> {
    if (this.aedes.closed) return Promise.resolve(false);
    const nonce = String(++this.probeCount);
    return new Promise((resolve) => {
      const timer = setTimeout(() => settle(false), timeoutMs);
      const settle = (ok: boolean) => {
        clearTimeout(timer);
        this.probes.delete(nonce);
        resolve(ok);
      };
      this.probes.set(nonce, () => settle(true));
      this.aedes.publish({ cmd: 'publish', topic: PROBE_TOPIC, payload: Buffer.from(nonce), qos: 0, retain: false, dup: false }, () => undefined);
    });
  }

  get connectedClients(): number {
    return this.aedes.connectedClients;
  }

  get port(): number {
    return (this.server.address() as net.AddressInfo).port;
  }

  async close(): Promise<void> {
    await new Promise<void>((resolve) => this.aedes.close(() => resolve()));
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
    if (this.tlsServer) await new Promise<void>((resolve) => this.tlsServer!.close(() => resolve()));
  }

  private listenToProbes(): Promise<void> {
    const answer = (packet: AedesPublishPacket, done: () => void) => {
      this.probes.get(asBuffer(packet.payload).toString())?.();
      queueMicrotask(done);
    };
    return new Promise((resolve) => this.aedes.subscribe(PROBE_TOPIC, answer, () => resolve()));
  }

  private accept(socket: net.Socket, options: EmbeddedBrokerOptions, identities: WeakMap<Client, string>): void {
    const address = socket.remoteAddress ?? 'unknown';
    if (!this.connectionRate.admit(address)) {
      options.policy.observe({ type: 'connection-refused', address, reason: 'rate' });
      socket.destroy();
      return;
    }
    socket.on('error', ignore);
    this.hooks ??= guardHooks(options, identities, this.pending);
    SocketGuard.attach(socket, this.hooks, address);
    this.pending.add(socket, (reason) => {
      options.policy.observe({ type: 'connection-refused', address, reason: reason === 'deadline' ? 'connect-deadline' : 'pending-cap' });
      socket.destroy();
    });
    this.aedes.handle(socket);
  }
}

const ignore = () => undefined;

/**
 * What every guarded connection reports, shared by all of them: one set of functions per broker
 * rather than a set of closures per connection (bench/, scenario R: memory beside a bare aedes).
 */
function guardHooks(options: EmbeddedBrokerOptions, identities: WeakMap<Client, string>, pending: PendingConnections): GuardHooks {
  const { policy } = options;
  const usernameOf = (guard: SocketGuard) => {
    const client = (guard.socket as net.Socket & { client?: Client }).client;
    return client ? identities.get(client) : undefined;
  };
  return {
    limits: options.limits ?? DEFAULT_PACKET_LIMITS,
    outgoing: options.outgoing ?? DEFAULT_OUTGOING_LIMITS,
    onActive: (guarded) => pending.active(guarded.socket),
    onClosed: (guarded) => pending.remove(guarded.socket),
    onSlow: (guarded, detail) => policy.observe({ type: 'client-dropped', username: usernameOf(guarded), address: guarded.address, detail }),
    // Only an authenticated device's oversized PUBLISH is read through: before CONNACK, it is abuse.
    decide: (guarded) => (usernameOf(guarded) === undefined ? 'refuse' : 'skip'),
    onSkipped: (guarded, publish) => {
      const username = usernameOf(guarded)!;
      const fate = publish.topic.startsWith('$') ? 'refuse' : policy.publishFate(username, publish.topic);
      policy.observe({ type: 'publish-skipped', username, topic: publish.topic, bytes: publish.length, fate });
    },
    onRefused: (guarded, verdict) => {
      policy.observe({ type: 'packet-refused', username: usernameOf(guarded), address: guarded.address, reason: verdict.reason, detail: verdict.detail });
    },
  };
}

/** The health probe's own topic: `$` topics are out of every client's reach [MQTT-4.7.2-1]. */
const PROBE_TOPIC = '$cantine/health';

export type InProcessDelivery = (topic: string, payload: Buffer, retained: boolean) => void;

/**
 * mqemitter releases its next queued message from the callback of the last delivery: calling
 * `done` in the same stack would recurse once per queued message. The benchmark once saw the stack
 * overflow when 10,000 devices were cut off at once (docs/reliability.md); a microtask keeps it flat.
 */
function deliverLive(packet: AedesPublishPacket, done: () => void, deliver: InProcessDelivery): void {
  deliver(packet.topic, asBuffer(packet.payload), false);
  queueMicrotask(done);
}

function asBuffer(payload: string | Buffer): Buffer {
  return Buffer.isBuffer(payload) ? payload : Buffer.from(payload);
}

/** aedes' types leave its persistence untyped; the part used here. */
function retainedStore(aedes: Aedes): { createRetainedStream(pattern: string): AsyncIterable<AedesPublishPacket> } {
  return (aedes as unknown as { persistence: ReturnType<typeof retainedStore> }).persistence;
}

function brokerOptions(
  options: EmbeddedBrokerOptions,
  identities: WeakMap<Client, string>,
  authenticated: (client: Client) => void,
): AedesOptions {
  return {
    maxTopicLevels: 16,
    connectTimeout: (options.admission ?? DEFAULT_ADMISSION_LIMITS).connectDeadlineMs,
    // Messages in flight through mqemitter at once (aedes' default). Deliveries no longer wait on a
    // slow client (SocketGuard), so these never pile up behind one.
    concurrency: 100,
    // Only reached if a client's stream ever reports itself full (it does not, below its bound):
    // aedes' own 60 s default would hold deliveries that long.
    drainTimeout: (options.outgoing ?? DEFAULT_OUTGOING_LIMITS).stallMs,
    ...brokerHooks(options.policy, identities, new ClientIds(), authenticated),
  };
}

function listen(server: net.Server, host: string, port: number, variable: string): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => {
      const problem =
        error.code === 'EADDRINUSE'
          ? `port ${port} is already in use (another MQTT broker? set ${variable}, or MQTT_URL to use that broker)`
          : `cannot listen on ${host}:${port} (${error.code ?? error.message})`;
      reject(new ConfigError(variable, problem));
    });
    server.listen(port, host, () => resolve());
  });
}
