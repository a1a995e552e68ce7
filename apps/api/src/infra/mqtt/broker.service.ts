// How the service talks MQTT: in process on the embedded broker, or with its own MQTT client when
// MQTT_URL names an external one. Everything above it (subscribe, publish) is the same for both.
import { Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import type { MqttClient } from 'mqtt';
import { AppConfig } from '../config/app-config.js';
import { ConfigError } from '../config/config-error.js';
import { logFailure } from '../logging.js';
import type { ConnectionRate } from './connection-rate.js';
import { EmbeddedBroker, type AuthVerdict, type BrokerObservation, type BrokerPolicy, type ConnectRequest, type PublishFate } from './embedded-broker.js';
import { MessageRouter, type MessageHandler } from './message-router.js';

/** The service's own account on an external broker, named in Mosquitto's files; no one's on the embedded one. */
export const SERVICE_USERNAME = 'cantine-service';
const serviceUsername = SERVICE_USERNAME;
/** Fixed, so the broker can keep the service's session across its reconnections (see connect()). */
export const SERVICE_CLIENT_ID = `${SERVICE_USERNAME}-main`;

export interface PublishOptions {
  qos: 0 | 1;
  retain?: boolean;
}

/** What the devices feature decides for device clients on the embedded broker. */
export interface DeviceBrokerPolicy {
  /** Credentials, then the client id (a username and a password are present, never the service's). */
  authenticate(request: ConnectRequest & { username: string; password: Buffer }): Promise<AuthVerdict>;
  publishFate(deviceId: string, topic: string): PublishFate;
  authorizeSubscribe(deviceId: string, filter: string, clientId: string): boolean;
  mayReceive(deviceId: string, topic: string): boolean;
  observe(observation: BrokerObservation): void;
}

const denyDevices: DeviceBrokerPolicy = {
  authenticate: async () => 'bad-credentials',
  publishFate: () => 'refuse',
  authorizeSubscribe: () => false,
  mayReceive: () => false,
  observe: () => undefined,
};

@Injectable()
export class BrokerService implements OnModuleDestroy {
  private readonly logger = new Logger('Broker');
  private readonly reportFailure = (error: unknown, topic: string) => logFailure(this.logger, `Handler failed for ${topic}`, error);
  private readonly router = new MessageRouter(this.reportFailure);
  private client?: MqttClient;
  private embedded?: EmbeddedBroker;
  private devicePolicy: DeviceBrokerPolicy = denyDevices;
  /**
   * The broker listens before the devices feature has loaded the devices' secrets (module init
   * order). A device reconnecting in that gap after a restart was refused as a bad password, and
   * MQTT.js gives up on such a refusal: logins wait for the policy instead (the admission's
   * CONNECT deadline still bounds the wait).
   */
  private policyInstalled!: () => void;
  private readonly policyReady = new Promise<void>((resolve) => (this.policyInstalled = resolve));
  private stopping = false;
  private closed = false;
  private readonly policy: BrokerPolicy = {
    authenticate: (request) => this.authenticate(request),
    publishFate: (username, topic) => this.devicePolicy.publishFate(username, topic),
    authorizeSubscribe: (username, filter, clientId) => this.devicePolicy.authorizeSubscribe(username, filter, clientId),
    mayReceive: (username, topic) => this.devicePolicy.mayReceive(username, topic),
    observe: (observation) => this.devicePolicy.observe(observation),
  };

  constructor(private readonly config: AppConfig) {}

  /**
   * Starts the embedded broker when no MQTT_URL is set: the service then subscribes and publishes
   * in process, with no client of its own (no socket, no encoding, no session: 4× the
   * ingestion rate, bench/ scenario B). With MQTT_URL it connects its MQTT client.
   */
  async start(): Promise<void> {
    if (this.config.mqtt.url) {
      this.client = await this.connect();
      this.client.on('message', (topic, payload, packet) => this.dispatch(topic, payload, packet.retain));
      return;
    }
    this.embedded = await EmbeddedBroker.start({
      host: this.config.host,
      port: this.config.mqtt.port,
      policy: this.policy,
      admission: { maxPending: this.config.mqtt.maxPending, connectDeadlineMs: this.config.mqtt.connectDeadlineMs },
      ...(this.config.tls ? { tls: { port: this.config.tls.mqttPort, cert: this.config.tls.cert, key: this.config.tls.key } } : {}),
    });
  }

  /**
   * Shutdown, first phase: incoming messages are no longer handled. A badge decided after the
   * audit log's last flush (beforeApplicationShutdown) would open a door with no audit entry, and
   * the day it took would be forgotten; unanswered, its reader reports the service unreachable.
   * The client itself stays until Lifecycle closes it, for what is still being sent.
   */
  onModuleDestroy(): void {
    this.stopping = true;
  }

  /** The devices feature's credential check, ACL and observers (embedded broker only). */
  useDevicePolicy(policy: DeviceBrokerPolicy): void {
    this.devicePolicy = policy;
    this.policyInstalled();
  }

  /** New connections per remote address on the embedded broker. */
  configureConnectionRate(rate: ConnectionRate): void {
    this.embedded?.configureConnectionRate(rate);
  }

  /**
   * Cuts the live sessions of a device on the embedded broker at once. On an external broker the
   * broker's own account management does it (dynamic security), or nothing can.
   */
  disconnectDevice(username: string): number {
    return this.embedded?.disconnectUser(username) ?? 0;
  }

  get connected(): boolean {
    return this.embedded ? !this.closed : (this.client?.connected ?? false);
  }

  /** For /health: connected, and on the embedded broker a message really goes through (not stalled). */
  async healthy(): Promise<boolean> {
    if (!this.connected) return false;
    return this.embedded ? this.embedded.alive() : true;
  }

  get engine(): 'embedded' | 'external' {
    return this.embedded ? 'embedded' : 'external';
  }

  /** Where devices connect, for the ready line. */
  get endpoint(): string {
    if (this.config.mqtt.url) return redact(this.config.mqtt.url);
    return `mqtt://${displayHost(this.config.host)}:${this.embedded?.port ?? this.config.mqtt.port}`;
  }

  /** The embedded broker's `mqtts` endpoint, when TLS is configured. */
  get tlsEndpoint(): string | undefined {
    const port = this.embedded?.tlsPort;
    return port ? `mqtts://${displayHost(this.config.host)}:${port}` : undefined;
  }

  async publish(topic: string, payload: string | Buffer, options: PublishOptions = { qos: 1 }): Promise<void> {
    if (this.embedded) return this.embedded.publish(topic, payload, options);
    await this.requireClient().publishAsync(topic, payload, options);
  }

  /** Subscribes to a topic pattern; the handler gets every matching message and must not throw. */
  async subscribe(pattern: string, handler: MessageHandler, qos: 0 | 1 = 1): Promise<void> {
    if (this.embedded) {
      // Its own route: retained messages replayed for this pattern reach this handler only.
      const router = new MessageRouter(this.reportFailure);
      router.add(pattern, handler);
      await this.embedded.subscribe(pattern, (topic, payload, retained) => {
        if (!this.stopping) router.dispatch(topic, payload, retained);
      });
      return;
    }
    this.router.add(pattern, handler);
    await this.requireClient().subscribeAsync(pattern, { qos });
  }

  /** Stops a subscription made with `subscribe` (external broker: a cluster instance handing a site over). */
  async unsubscribe(pattern: string): Promise<void> {
    if (this.embedded) throw new Error('unsubscribe is for an external broker only');
    this.router.remove(pattern);
    await this.requireClient().unsubscribeAsync(pattern);
  }

  /** Disconnects the service's client, or stops the embedded broker (called by Lifecycle). */
  async close(): Promise<void> {
    this.closed = true;
    await this.client?.endAsync().catch(() => undefined);
    await this.embedded?.close();
  }

  private dispatch(topic: string, payload: Buffer, retained: boolean): void {
    if (!this.stopping) this.router.dispatch(topic, payload, retained);
  }

  /**
   * Only devices connect to the embedded broker (the service is in process). Anonymous clients
   * are refused; the devices feature checks credentials and client id (devices/client-id-rule.ts).
   * Wildcards in a client id are refused outright.
   */
  private async authenticate(request: ConnectRequest): Promise<AuthVerdict> {
    const { username, password } = request;
    if (/[+#/$\u0000]/.test(request.clientId)) return 'identifier-rejected';
    if (username === undefined || password === undefined || username === serviceUsername) return 'bad-credentials';
    await this.policyReady;
    return this.devicePolicy.authenticate({ ...request, username, password });
  }

  /**
   * A persistent session (fixed client id, `clean: false`): while the service is reconnecting (an
   * external broker restarting), the broker keeps its subscriptions and queues the QoS 1 badges
   * readers send meanwhile, instead of dropping them for want of a subscriber
   * (test/faults/broker-restart.test.ts). At start, a session left by a previous run is discarded
   * first: the badges it holds were given up by their readers long ago (docs/reliability.md).
   * A cluster instance has a client id of its own and a clean session: its sites may move while it
   * is away, MQTT.js subscribes again to those it still holds, and readers retry what was missed.
   */
  private async connect(): Promise<MqttClient> {
    const url = this.config.mqtt.url!;
    const variable = 'MQTT_URL';
    const cluster = this.config.cluster;
    const clientId = cluster ? `${SERVICE_USERNAME}-${cluster.instanceId}` : SERVICE_CLIENT_ID;
    const options = { username: this.config.mqtt.username, password: this.config.mqtt.password, clientId, connectTimeout: 5000 };
    // Loaded here only: the embedded broker (the default) never needs an MQTT client, and its
    // modules cost every start ~45 ms.
    const { default: mqtt } = await import('mqtt');
    if (!cluster) {
      const wipe = await firstConnection(mqtt.connect(url, { ...options, clean: true, reconnectPeriod: 0 }), variable, redact(url));
      await wipe.endAsync();
    }
    const client = mqtt.connect(url, { ...options, clean: cluster !== undefined, reconnectPeriod: 1000 });
    // Every reconnection gets a new socket: TCP_NODELAY again each time (stack notes, pitfall 11).
    client.on('connect', () => (client.stream as { setNoDelay?: (on: boolean) => void }).setNoDelay?.(true));
    client.on('offline', () => this.logger.warn('MQTT connection lost, reconnecting…'));
    // Every failed reconnection emits 'error' (ECONNREFUSED…): said once per outage, never thrown.
    // Before the first connection, firstConnection reports it instead.
    let reported = true;
    client.on('connect', () => (reported = false));
    client.on('error', (error) => {
      if (!reported) this.logger.warn(`MQTT broker unreachable, still retrying: ${error.message}`);
      reported = true;
    });
    return firstConnection(client, variable, redact(url));
  }

  private requireClient(): MqttClient {
    if (!this.client) throw new Error('BrokerService used before start()');
    return this.client;
  }
}

/**
 * Only the first connection may fail startup: once connected, its error listener goes, so a later
 * broker restart (ECONNREFUSED while reconnecting) no longer ends the client for good.
 */
function firstConnection(client: MqttClient, variable: string, url: string): Promise<MqttClient> {
  return new Promise((resolve, reject) => {
    const fail = (reason: string) => {
      client.end(true);
      reject(new ConfigError(variable, `cannot connect to the MQTT broker at ${url} (${reason})`));
    };
    const onError = (error: Error & { code?: string | number }) => {
      clearTimeout(timer);
      fail(String(error.code ?? error.message));
    };
    const timer = setTimeout(() => {
      client.off('error', onError);
      fail('no answer within 5 s');
    }, 5000);
    client.once('connect', () => {
      clearTimeout(timer);
      client.off('error', onError);
      resolve(client);
    });
    client.once('error', onError);
  });
}

function redact(url: string): string {
  const parsed = new URL(url);
  if (parsed.password) parsed.password = '***';
  return parsed.toString().replace(/\/$/, '');
}

export function displayHost(host: string): string {
  return host === '0.0.0.0' || host === '::' ? 'localhost' : host;
}
