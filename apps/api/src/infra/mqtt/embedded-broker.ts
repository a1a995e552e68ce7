// The embedded MQTT broker (aedes), used when MQTT_URL is unset. Every connection passes a rate
// limit and a packet-size guard before aedes sees a byte; every client authenticates; publishes
// and subscriptions go through the policy the owner gives (the devices feature fills it in).
import net from 'node:net';
import tls from 'node:tls';
import { Aedes, type AedesOptions, type AedesPublishPacket, type Client } from 'aedes';
import { ConfigError } from '../config/config-error.js';
import { ConnectionRateLimiter, type ConnectionRate } from './connection-rate.js';
import { GuardedConnection, type PacketLimits } from './packet-guard.js';

/** Decides whether a client may connect; devices are added by the devices feature. */
export type BrokerAuthenticator = (clientId: string, username: string | undefined, password: Buffer | undefined) => Promise<boolean>;

export type AuthVerdict = 'ok' | 'bad-credentials' | 'identifier-rejected';

/** Things only the broker sees, reported to its owner for counting and logging. */
export type BrokerObservation =
  | { type: 'alive'; username: string }
  | { type: 'packet-refused'; username?: string; address?: string; reason: 'oversized' | 'malformed'; detail: string }
  | { type: 'connection-refused'; address: string };

export interface BrokerPolicy {
  authenticate(clientId: string, username: string | undefined, password: Buffer | undefined): Promise<AuthVerdict>;
  /** `username` is the one the client authenticated with. */
  authorizePublish(username: string, topic: string): boolean;
  authorizeSubscribe(username: string, filter: string): boolean;
  observe(observation: BrokerObservation): void;
}

export interface EmbeddedBrokerOptions {
  host: string;
  port: number;
  policy: BrokerPolicy;
  limits?: PacketLimits;
  /** An `mqtts` listener beside the plain one, with the same guards. */
  tls?: { port: number; cert: Buffer; key: Buffer };
}

// 4 KiB payload (contract section 2) plus room for the topic and packet id; a payload between
// 4 KiB and this passes here and is dropped and counted by the decoder instead.
export const DEFAULT_PACKET_LIMITS: PacketLimits = { publish: 4096 + 512, other: 16 * 1024 };

// aedes' AuthErrorCode is a const enum: its literal values [MQTT-3.2.2-3].
const IDENTIFIER_REJECTED = 2;
const BAD_USERNAME_OR_PASSWORD = 4;

export class EmbeddedBroker {
  readonly connectionRate = new ConnectionRateLimiter();

  private tlsServer?: tls.Server;

  private constructor(
    private readonly aedes: Aedes,
    private readonly server: net.Server,
    private readonly identities: WeakMap<Client, string>,
  ) {}

  static async start(options: EmbeddedBrokerOptions): Promise<EmbeddedBroker> {
    const identities = new WeakMap<Client, string>();
    const aedes = await Aedes.createBroker(brokerOptions(options.policy, identities));
    const seen = (client: Client) => {
      const username = identities.get(client);
      if (username) options.policy.observe({ type: 'alive', username });
    };
    aedes.on('clientReady', seen);
    aedes.on('ping', (_packet, client) => seen(client));
    // Nagle's algorithm would add ~40 ms delayed-ACK waits to every QoS 1 round trip (stack notes, pitfall 11).
    const server = net.createServer({ noDelay: true });
    const broker = new EmbeddedBroker(aedes, server, identities);
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
    this.tlsServer = tls.createServer({ cert, key, minVersion: 'TLSv1.2' });
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
      this.aedes.subscribe(pattern, (packet, done) => deliverLive(packet, done, deliver), (error?: Error) => (error ? reject(error) : resolve()));
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

  private accept(socket: net.Socket, options: EmbeddedBrokerOptions, identities: WeakMap<Client, string>): void {
    const address = socket.remoteAddress ?? 'unknown';
    if (!this.connectionRate.admit(address)) {
      options.policy.observe({ type: 'connection-refused', address });
      socket.destroy();
      return;
    }
    socket.on('error', () => undefined);
    const connection = new GuardedConnection(socket, options.limits ?? DEFAULT_PACKET_LIMITS, (guarded, verdict) => {
      const client = (guarded as GuardedConnection & { client?: Client }).client;
      const username = client ? identities.get(client) : undefined;
      options.policy.observe({ type: 'packet-refused', username, address, reason: verdict.reason, detail: verdict.detail });
    });
    this.aedes.handle(connection);
  }
}

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

function refusal(message: string, returnCode: number) {
  return Object.assign(new Error(message), { returnCode });
}

function brokerOptions(policy: BrokerPolicy, identities: WeakMap<Client, string>): AedesOptions {
  return {
    maxTopicLevels: 16,
    authenticate: (client, username, password, done) => {
      policy.authenticate(client.id, username, password).then(
        (verdict) => {
          if (verdict === 'ok') identities.set(client, username!);
          if (verdict === 'identifier-rejected') return done(refusal('Client id refused', IDENTIFIER_REJECTED), false);
          done(verdict === 'ok' ? null : refusal('Bad username or password', BAD_USERNAME_OR_PASSWORD), verdict === 'ok');
        },
        () => done(refusal('Authentication failed', BAD_USERNAME_OR_PASSWORD), false),
      );
    },
    // `$` topics are the broker's own [MQTT-4.7.2-1]: no client publishes there. A refused
    // publish ends the connection (aedes), and the client's will is then checked here too.
    authorizePublish: (client, packet, callback) => {
      const username = client ? identities.get(client) : undefined;
      const allowed = !packet.topic.startsWith('$') && username !== undefined && policy.authorizePublish(username, packet.topic);
      callback(allowed ? null : new Error(`publish to ${packet.topic} refused`));
    },
    // cb(null, null) refuses the one subscription (granted 128) and keeps the client (stack notes, pitfall 2).
    authorizeSubscribe: (client, subscription, callback) => {
      const username = identities.get(client);
      const allowed = username !== undefined && policy.authorizeSubscribe(username, subscription.topic);
      callback(null, allowed ? subscription : null);
    },
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
