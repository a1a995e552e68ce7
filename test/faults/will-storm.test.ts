// Every device cut off at once (a switch reboots, the Wi-Fi drops): the embedded broker publishes
// thousands of last wills together, and the service must get every one and keep serving. Once, with
// the service still a TCP client of its own broker, the benchmark saw "Maximum call stack size
// exceeded" inside aedes/mqemitter when 10,000 devices were cut at once; this test, on the real
// embedded broker with the service's in-process subscription and a subscriber that stopped reading,
// is the regression guard (it did not reproduce the old crash: see docs/reliability.md). Each device
// logs in with its own credentials: the broker discards the will of a client it does not know.
import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { EmbeddedBroker, type BrokerPolicy } from '../../apps/api/src/infra/mqtt/embedded-broker.js';
import { connectPacket, subscribePacket } from '../support/mqtt-raw.js';
import { eventually } from '../support/eventually.js';

const DEVICES = 9_000; // two file descriptors each here (both ends), under a 20,000 limit
const OFFLINE = Buffer.from('{"online":false}');

const passwordOf = (username: string) => `secret-${username}`;
const statusTopic = (username: string) => `site/${username}/status`;

/** Devices as the service treats them: known credentials, and a device may only publish its own status. */
const devicesPolicy: BrokerPolicy = {
  authenticate: async ({ username, password }) => (username !== undefined && password?.toString() === passwordOf(username) ? 'ok' : 'bad-credentials'),
  publishFate: (username, topic) => (topic === statusTopic(username) ? 'read' : 'refuse'),
  authorizeSubscribe: (username) => username === 'screen',
  mayReceive: () => true,
  observe: () => undefined,
};

const login = (username: string, will?: boolean) =>
  connectPacket({
    clientId: username,
    username,
    password: passwordOf(username),
    keepalive: 0,
    ...(will ? { will: { topic: statusTopic(username), payload: OFFLINE, qos: 1, retain: true } } : {}),
  });

/** A raw MQTT session that waits for its CONNACK; `paused` stops reading once subscribed. */
function session(port: number, packets: Buffer[]): Promise<net.Socket> {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host: '127.0.0.1', port, noDelay: true });
    socket.on('error', reject); // no-op once settled
    socket.once('data', (chunk) => (chunk[0] === 0x20 && chunk[3] === 0 ? resolve(socket) : reject(new Error(`refused: ${chunk.toString('hex')}`))));
    socket.on('connect', () => {
      for (const packet of packets) socket.write(packet);
    });
  });
}

describe('a storm of last wills on the embedded broker', () => {
  let broker: EmbeddedBroker | undefined;
  const sockets: net.Socket[] = [];
  afterEach(async () => {
    for (const socket of sockets) socket.destroy();
    await broker?.close();
  });

  it(`delivers all ${DEVICES.toLocaleString('en-US')} wills of devices cut off at once, without overflowing the stack`, async () => {
    broker = await EmbeddedBroker.start({ host: '127.0.0.1', port: 0, policy: devicesPolicy });
    broker.configureConnectionRate({ burst: DEVICES * 2, perSecond: DEVICES });
    const delivered = new Map<string, number>();
    await broker.subscribe('site/+/status', (topic, payload, retained) => {
      if (!retained && payload.equals(OFFLINE)) delivered.set(topic, (delivered.get(topic) ?? 0) + 1);
    });
    // A screen that stopped reading, subscribed to everything.
    const slow = await session(broker.port, [login('screen'), subscribePacket(['site/#'])]);
    slow.pause();
    sockets.push(slow);
    for (let start = 0; start < DEVICES; start += 200) {
      const batch = Array.from({ length: Math.min(200, DEVICES - start) }, (_, i) => session(broker!.port, [login(`dev-${start + i}`, true)]));
      sockets.push(...(await Promise.all(batch)));
    }
    expect(broker.connectedClients).toBe(DEVICES + 1);

    const cutAt = performance.now();
    for (const socket of sockets.slice(1)) socket.destroy();
    await eventually(() => expect(delivered.size).toBe(DEVICES), 60_000, 50);
    console.log(`[will-storm] ${delivered.size} of ${DEVICES} wills in ${((performance.now() - cutAt) / 1000).toFixed(2)} s`);
    // Still serving: a new device connects and its will arrives too.
    const late = await session(broker.port, [login('late', true)]);
    late.destroy();
    await eventually(() => expect(delivered.get(statusTopic('late'))).toBe(1));
    // Once each: no will delivered twice.
    expect([...delivered.values()].filter((count) => count !== 1)).toEqual([]);
    expect(delivered.size).toBe(DEVICES + 1);
  }, 120_000);
});
