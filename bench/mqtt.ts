// MQTT.js clients of the harness: every one sets TCP_NODELAY on connect (stack notes, pitfall 11),
// never reconnects (a drop is a failure of the run, not something to hide), and connects in batches.
import mqtt, { type IClientOptions, type MqttClient } from 'mqtt';

export interface ClientSpec {
  id: string;
  username?: string;
  password?: string;
  will?: { topic: string; payload: string; qos: 0 | 1; retain: boolean };
  /** Subscribed once connected, before the client counts as ready. */
  subscribe?: string[];
  /** Published once subscribed (a device's retained `online` status). */
  hello?: { topic: string; payload: string; qos: 0 | 1; retain: boolean };
}

export function connect(url: string, spec: ClientSpec, options: IClientOptions = {}): Promise<MqttClient> {
  const client = mqtt.connect(url, {
    clientId: spec.id,
    ...(spec.username === undefined ? {} : { username: spec.username, password: spec.password }),
    clean: true,
    keepalive: 60,
    reconnectPeriod: 0,
    connectTimeout: 30_000,
    ...(spec.will ? { will: { ...spec.will, payload: Buffer.from(spec.will.payload) } } : {}),
    ...options,
  });
  return new Promise((resolve, reject) => {
    const fail = (error: Error) => {
      client.end(true);
      reject(new Error(`${spec.id}: ${error.message}`));
    };
    client.once('error', fail);
    client.once('close', () => fail(new Error('closed before it was ready')));
    client.once('connect', () => {
      (client.stream as unknown as { setNoDelay?: (on: boolean) => void }).setNoDelay?.(true);
      void (async () => {
        if (spec.subscribe?.length) await client.subscribeAsync(spec.subscribe, { qos: 1 });
        if (spec.hello) await client.publishAsync(spec.hello.topic, spec.hello.payload, { qos: spec.hello.qos, retain: spec.hello.retain });
        client.removeAllListeners('error');
        client.removeAllListeners('close');
        client.on('error', () => undefined);
        resolve(client);
      })().catch(fail);
    });
  });
}

/** Connects every spec, `concurrency` handshakes at a time; returns the clients in spec order. */
export async function connectAll(url: string, specs: readonly ClientSpec[], concurrency = 100): Promise<MqttClient[]> {
  const clients: MqttClient[] = new Array(specs.length);
  let next = 0;
  const worker = async () => {
    while (next < specs.length) {
      const index = next++;
      clients[index] = await connect(url, specs[index]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, specs.length) }, worker));
  return clients;
}

/**
 * Clean disconnects (DISCONNECT sent, so no last will), a few hundred at a time: what a fleet
 * being switched off properly looks like. Thousands of sockets cut at once (a site's power cut,
 * thousands of wills) is another scenario, not measured here.
 */
export async function disconnectAll(all: readonly MqttClient[], batch = 250): Promise<void> {
  const clients = all.filter((client) => client.connected);
  for (let i = 0; i < clients.length; i += batch) {
    const ended = (client: MqttClient) => Promise.race([client.endAsync(false), new Promise((resolve) => setTimeout(resolve, 2000))]);
    await Promise.all(clients.slice(i, i + batch).map((client) => ended(client).catch(() => undefined)));
  }
}
