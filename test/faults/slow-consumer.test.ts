// One client that stops reading (a broken or hostile reader, a frozen screen) must cost the other
// clients of the embedded broker nothing, be dropped within its limits, and a broker whose
// deliveries are stuck anyway must show on /health (issue 11, item 7; stack notes 13).
import net from 'node:net';
import mqtt from 'mqtt';
import { afterEach, describe, expect, it } from 'vitest';
import { EmbeddedBroker, type BrokerObservation, type BrokerPolicy } from '../../apps/api/src/infra/mqtt/embedded-broker.js';
import { BrokerService } from '../../apps/api/src/infra/mqtt/broker.service.js';
import { startTestCantine, type TestCantine } from '../support/app.js';
import { connectPacket, subscribePacket } from '../support/mqtt-raw.js';
import { eventually } from '../support/eventually.js';

const observed: Array<BrokerObservation & { at: number }> = [];
const everyoneAllowed: BrokerPolicy = {
  authenticate: async () => 'ok',
  publishFate: () => 'read',
  authorizeSubscribe: () => true,
  mayReceive: () => true,
  observe: (observation) => observed.push({ ...observation, at: Date.now() }),
};

/** When the broker dropped the client that stopped reading (a paused socket never sees its own end). */
const dropped = () => eventually(() => observed.find((o) => o.type === 'client-dropped') ?? Promise.reject(new Error('not dropped')), 15_000);

/** A raw session subscribed to `filter` at QoS 1 that reads nothing once its SUBACK is in. */
function deafSubscriber(port: number, filter: string): Promise<net.Socket> {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host: '127.0.0.1', port, noDelay: true });
    let received = Buffer.alloc(0);
    socket.on('error', () => undefined);
    socket.on('connect', () => socket.write(Buffer.concat([connectPacket({ clientId: 'deaf', username: 'deaf', password: 'x', keepalive: 0 }), subscribePacket([filter])])));
    socket.on('data', (chunk: Buffer) => {
      received = Buffer.concat([received, chunk]);
      if (received.includes(0x90)) {
        socket.pause();
        resolve(socket);
      }
    });
    setTimeout(() => reject(new Error('no SUBACK')), 3000);
  });
}

const chunk = Buffer.alloc(4096, 0x61);

/** 32 MB to `topic` (more than the kernel's socket buffers on both ends hold), 50 messages at a time, as the service publishes. */
async function flood(broker: EmbeddedBroker, topic: string, qos: 0 | 1): Promise<void> {
  for (let sent = 0; sent < 8000; sent += 50) await Promise.all(Array.from({ length: 50 }, () => broker.publish(topic, chunk, { qos })));
}

describe('a client that stops reading', () => {
  let broker: EmbeddedBroker | undefined;
  let cantine: TestCantine | undefined;
  afterEach(async () => {
    await broker?.close();
    await cantine?.dispose();
    broker = cantine = undefined;
    observed.length = 0;
  });

  it('does not hold back what the others are sent, and is dropped once its socket stops draining', async () => {
    broker = await EmbeddedBroker.start({ host: '127.0.0.1', port: 0, policy: everyoneAllowed, outgoing: { maxQueuedBytes: 256 << 20, stallMs: 3000 } });
    const deaf = await deafSubscriber(broker.port, 'feed/#');
    const other = await mqtt.connectAsync(`mqtt://127.0.0.1:${broker.port}`, { clientId: 'other', username: 'other', password: 'x', reconnectPeriod: 0 });
    await other.subscribeAsync('other/news', { qos: 1 });
    let otherGotItAt = 0;
    other.on('message', () => (otherGotItAt ||= Date.now()));
    await flood(broker, 'feed/x', 1);
    await broker.publish('other/news', 'hello', { qos: 1 });
    const drop = await dropped();
    await eventually(() => expect(otherGotItAt).toBeGreaterThan(0));
    // With aedes' own flow control the news waits behind the deaf client until it is dropped.
    expect(otherGotItAt).toBeLessThan(drop.at);
    expect(drop).toMatchObject({ type: 'client-dropped', username: 'deaf', detail: 'queue not emptied for 3000 ms' });
    await other.endAsync();
    deaf.destroy();
  });

  it('is dropped as soon as more than its bound waits for it', async () => {
    broker = await EmbeddedBroker.start({ host: '127.0.0.1', port: 0, policy: everyoneAllowed, outgoing: { maxQueuedBytes: 1 << 20, stallMs: 60_000 } });
    const deaf = await deafSubscriber(broker.port, 'feed/#');
    await flood(broker, 'feed/x', 0);
    expect(await dropped()).toMatchObject({ type: 'client-dropped', username: 'deaf', detail: `over ${1 << 20} bytes queued` });
    expect(await broker.alive()).toBe(true);
    deaf.destroy();
  });

  it('/health names the broker when its deliveries are stuck', async () => {
    cantine = await startTestCantine();
    const health = async () => {
      const response = await fetch(`${cantine!.baseUrl}/health`);
      return { status: response.status, body: (await response.json()) as { checks: Record<string, string>; message?: string } };
    };
    expect((await health()).status).toBe(200);
    // A delivery that never completes, as aedes' own flow control made one slow client's: once
    // mqemitter's 100 slots hold such deliveries, nothing else moves.
    const aedes = (cantine.app.get(BrokerService) as unknown as {
      embedded: { aedes: { mq: { on(topic: string, fn: (m: unknown, done: () => void) => void): void } } };
    }).embedded.aedes;
    aedes.mq.on('stuck/#', () => undefined);
    for (let i = 0; i < 150; i++) void cantine.app.get(BrokerService).publish('stuck/x', 'x', { qos: 0 });
    expect(await health()).toMatchObject({ status: 503, body: { checks: { broker: 'down', database: 'up' }, message: 'broker down' } });
  });
});
