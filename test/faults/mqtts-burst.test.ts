// A device's burst over mqtts, each packet in its own TLS record, against the embedded broker's
// packet guard (packet-guard.ts), whose TLS sockets keep Node's 16 KiB high-water mark: every
// packet reaches the service, and a DISCONNECT sent after the burst, just before the device
// closes, is read too (no last will).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import tls from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EmbeddedBroker, type BrokerPolicy } from '../../apps/api/src/infra/mqtt/embedded-broker.js';
import { opensslPresent, selfSignedCertificate } from '../support/certificates.js';
import { connectPacket, DISCONNECT, publishPacket } from '../support/mqtt-raw.js';
import { eventually } from '../support/eventually.js';

const everyoneAllowed: BrokerPolicy = {
  authenticate: async () => 'ok',
  publishFate: () => 'read',
  authorizeSubscribe: () => true,
  mayReceive: () => true,
  observe: () => undefined,
};

const hasOpenssl = opensslPresent('mqtts burst suite');

describe.skipIf(!hasOpenssl)('a burst over mqtts', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cantine-mqtts-burst-'));
  let broker: EmbeddedBroker;

  beforeAll(async () => {
    const { keyFile, certFile } = selfSignedCertificate(dir);
    broker = await EmbeddedBroker.start({
      host: '127.0.0.1',
      port: 0,
      policy: everyoneAllowed,
      tls: { port: 0, cert: fs.readFileSync(certFile), key: fs.readFileSync(keyFile) },
    });
  });
  afterAll(async () => {
    await broker?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('reaches the service whole, DISCONNECT included', { timeout: 30_000 }, async () => {
    const received: string[] = [];
    await broker.subscribe('burst/#', (topic) => received.push(topic));
    const socket = tls.connect({ port: broker.tlsPort!, host: '127.0.0.1', rejectUnauthorized: false });
    socket.on('error', () => undefined);
    await new Promise((resolve) => socket.once('secureConnect', resolve));
    const will = { topic: 'burst/will', payload: Buffer.from('offline'), qos: 0 as const, retain: false };
    socket.write(connectPacket({ clientId: 'burst-1', username: 'burst', password: 'secret', will }));
    // Its CONNACK first, as devices wait for it; then the PUBACKs, unread.
    await new Promise((resolve) => socket.once('data', resolve));
    socket.on('data', () => undefined);
    const count = 3000;
    for (let id = 1; id <= count; id++) socket.write(publishPacket('burst/data', Buffer.alloc(900, 0x41), 1, id));
    socket.end(DISCONNECT);
    await eventually(() => expect(received.filter((topic) => topic === 'burst/data')).toHaveLength(count), 15_000);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(received).not.toContain('burst/will');
  });
});
