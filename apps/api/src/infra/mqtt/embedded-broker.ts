// The embedded MQTT broker (aedes), used when MQTT_URL is unset.
import net from 'node:net';
import { Aedes, type AedesOptions } from 'aedes';
import { ConfigError } from '../config/config-error.js';

/** Decides whether a client may connect; devices are added by the devices feature. */
export type BrokerAuthenticator = (clientId: string, username: string | undefined, password: Buffer | undefined) => Promise<boolean>;

export interface EmbeddedBrokerOptions {
  host: string;
  port: number;
  authenticate: BrokerAuthenticator;
}

// aedes' AuthErrorCode is a const enum: its literal values [MQTT-3.2.2-3].
const BAD_USERNAME_OR_PASSWORD = 4;

export class EmbeddedBroker {
  private constructor(
    private readonly aedes: Aedes,
    private readonly server: net.Server,
  ) {}

  static async start(options: EmbeddedBrokerOptions): Promise<EmbeddedBroker> {
    const aedes = await Aedes.createBroker(brokerOptions(options.authenticate));
    // Nagle's algorithm would add ~40 ms delayed-ACK waits to every QoS 1 round trip (stack notes, pitfall 11).
    const server = net.createServer({ noDelay: true }, aedes.handle);
    await listen(server, options).catch((error: unknown) => {
      aedes.close();
      throw error;
    });
    return new EmbeddedBroker(aedes, server);
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
  }
}

function brokerOptions(authenticate: BrokerAuthenticator): AedesOptions {
  return {
    maxTopicLevels: 16,
    authenticate: (client, username, password, done) => {
      authenticate(client.id, username, password).then(
        (ok) => done(ok ? null : Object.assign(new Error('Bad username or password'), { returnCode: BAD_USERNAME_OR_PASSWORD }), ok),
        () => done(Object.assign(new Error('Authentication failed'), { returnCode: BAD_USERNAME_OR_PASSWORD }), false),
      );
    },
    // $SYS is the broker's own namespace: no client publishes there.
    authorizePublish: (_client, packet, callback) =>
      callback(packet.topic.startsWith('$SYS') ? new Error('$SYS is reserved') : null),
  };
}

function listen(server: net.Server, options: EmbeddedBrokerOptions): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => {
      const problem =
        error.code === 'EADDRINUSE'
          ? `port ${options.port} is already in use (another MQTT broker? set MQTT_PORT, or MQTT_URL to use that broker)`
          : `cannot listen on ${options.host}:${options.port} (${error.code ?? error.message})`;
      reject(new ConfigError('MQTT_PORT', problem));
    });
    server.listen(options.port, options.host, () => resolve());
  });
}
