// A flood of connections that never authenticate, from many addresses (the per-address rate limit
// does not see it), must not keep a real device out: a global cap on connections not yet
// authenticated closes the oldest to make room, and each has a deadline (issue 11, item 11).
import net from 'node:net';
import v8 from 'node:v8';
import vm from 'node:vm';
import mqtt from 'mqtt';
import { afterEach, describe, expect, it } from 'vitest';
import { EmbeddedBroker, type BrokerObservation, type BrokerPolicy } from '../../apps/api/src/infra/mqtt/embedded-broker.js';
import { eventually } from '../support/eventually.js';

const observed: BrokerObservation[] = [];
const devicesOnly: BrokerPolicy = {
  authenticate: async ({ username, password }) => (username === 'entrance-reader' && password?.toString() === 'secret' ? 'ok' : 'bad-credentials'),
  publishFate: () => 'read',
  authorizeSubscribe: () => true,
  mayReceive: () => true,
  observe: (observation) => observed.push(observation),
};

/** `count` connections from 127.0.0.{2 + from}, … (5 per address: within each address's rate), sending `first` or nothing. */
async function flood(port: number, count: number, first?: Buffer, from = 0): Promise<Array<{ socket: net.Socket; closed: boolean }>> {
  return Promise.all(
    Array.from({ length: count }, (_, i) =>
      new Promise<{ socket: net.Socket; closed: boolean }>((resolve, reject) => {
        const socket = net.connect({ host: '127.0.0.1', port, localAddress: `127.0.0.${2 + from + Math.floor(i / 5)}` });
        const entry = { socket, closed: false };
        socket.on('error', () => undefined);
        socket.on('close', () => (entry.closed = true));
        socket.once('connect', () => {
          if (first) socket.write(first);
          resolve(entry);
        });
        socket.once('error', reject);
      }),
    ),
  );
}

const login = (port: number) => mqtt.connectAsync(`mqtt://127.0.0.1:${port}`, { clientId: 'entrance-reader', username: 'entrance-reader', password: 'secret', reconnectPeriod: 0, connectTimeout: 5000 });

describe('connections that never authenticate', () => {
  let broker: EmbeddedBroker | undefined;
  const sockets: net.Socket[] = [];
  afterEach(async () => {
    for (const socket of sockets) socket.destroy();
    sockets.length = 0;
    observed.length = 0;
    await broker?.close();
  });

  it('never hold more than the cap, and a real device gets in through a flood from many addresses', async () => {
    broker = await EmbeddedBroker.start({ host: '127.0.0.1', port: 0, policy: devicesOnly, admission: { maxPending: 50, connectDeadlineMs: 60_000 } });
    // Idle ones, then half-open ones: the first bytes of a CONNECT and no more.
    const idle = await flood(broker.port, 150);
    const halfOpen = await flood(broker.port, 150, Buffer.from([0x10, 0x20, 0x00, 0x04]));
    sockets.push(...[...idle, ...halfOpen].map((entry) => entry.socket));
    await eventually(() => expect([...idle, ...halfOpen].filter((entry) => !entry.closed).length).toBeLessThanOrEqual(50));
    const device = await login(broker.port);
    expect(device.connected).toBe(true);
    expect(observed.filter((o) => o.type === 'connection-refused' && o.reason === 'pending-cap').length).toBeGreaterThanOrEqual(250);
    await device.endAsync();
  });

  it('make room by closing the idle ones first, even when those that started a CONNECT are older', async () => {
    broker = await EmbeddedBroker.start({ host: '127.0.0.1', port: 0, policy: devicesOnly, admission: { maxPending: 20, connectDeadlineMs: 60_000 } });
    const halfOpen = await flood(broker.port, 10, Buffer.from([0x10, 0x20, 0x00, 0x04]));
    const idle = await flood(broker.port, 10, undefined, 2);
    // A login goes through after them: by then the broker has read the half-open ones' bytes.
    const device = await login(broker.port);
    await device.endAsync();
    const later = await flood(broker.port, 10, undefined, 4);
    sockets.push(...[...halfOpen, ...idle, ...later].map((entry) => entry.socket));
    await eventually(() => expect(idle.filter((entry) => entry.closed)).toHaveLength(10));
    expect(halfOpen.filter((entry) => entry.closed)).toHaveLength(0);
  });

  it('leave the count when they close by themselves: nothing is refused at their deadline', async () => {
    broker = await EmbeddedBroker.start({ host: '127.0.0.1', port: 0, policy: devicesOnly, admission: { maxPending: 50, connectDeadlineMs: 300 } });
    const gone = await flood(broker.port, 3);
    for (const entry of gone) entry.socket.destroy();
    // Past their deadline, with a login after it: the broker has run its timers by then.
    await new Promise((resolve) => setTimeout(resolve, 400));
    const device = await login(broker.port);
    await device.endAsync();
    expect(observed.filter((o) => o.type === 'connection-refused')).toHaveLength(0);
  });

  it('are closed at their deadline; an authenticated one is not', async () => {
    broker = await EmbeddedBroker.start({ host: '127.0.0.1', port: 0, policy: devicesOnly, admission: { maxPending: 50, connectDeadlineMs: 300 } });
    const idle = await flood(broker.port, 3);
    sockets.push(...idle.map((entry) => entry.socket));
    const device = await login(broker.port);
    await eventually(() => expect(idle.every((entry) => entry.closed)).toBe(true));
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(device.connected).toBe(true);
    expect(observed.filter((o) => o.type === 'connection-refused' && o.reason === 'connect-deadline')).toHaveLength(3);
    await device.endAsync();
  });

  it('hold the bytes they sent, not several times as much, when they start an oversized PUBLISH with a 64 KiB topic', async () => {
    // The packet guard reads the topic of an oversized PUBLISH before it decides (packet-guard.ts);
    // kept as an array of numbers, a 65,535-byte topic never finished took 240-600 KiB per connection
    // here (bytes: ~75 KiB); 1,000 pending connections, the default cap, a quarter to half a gigabyte.
    v8.setFlagsFromString('--expose-gc');
    const gc = vm.runInNewContext('gc') as () => void;
    const used = async () => {
      await new Promise((resolve) => setTimeout(resolve, 300));
      gc();
      gc();
      const { heapUsed, external } = process.memoryUsage();
      return heapUsed + external;
    };
    broker = await EmbeddedBroker.start({ host: '127.0.0.1', port: 0, policy: devicesOnly, admission: { maxPending: 1000, connectDeadlineMs: 60_000 } });
    const before = await used();
    const count = 200;
    // PUBLISH, remaining length 70,000, topic length 65,535, of which 65,534 bytes come.
    const start = Buffer.concat([Buffer.from([0x30, 0xf0, 0xa2, 0x04, 0xff, 0xff]), Buffer.alloc(65_534, 0x61)]);
    const entries = await flood(broker.port, count, start);
    sockets.push(...entries.map((entry) => entry.socket));
    const perConnection = ((await used()) - before) / count;
    expect(entries.every((entry) => !entry.closed)).toBe(true);
    expect(perConnection).toBeLessThan(128 * 1024);
  });
});
