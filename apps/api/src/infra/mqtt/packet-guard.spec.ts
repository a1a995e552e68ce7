import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import tls from 'node:tls';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { opensslPresent, selfSignedCertificate } from '../../../../../test/support/certificates.js';
import { INBOUND_SLICE, PacketScanner, SocketGuard, type GuardHooks, type OversizedPublish } from './packet-guard.js';

const limits = { publish: 4608, other: 16384 };
/** MQTT remaining-length encoding [MQTT-2.2.3]. */
function varint(length: number): number[] {
  const bytes: number[] = [];
  do {
    let byte = length % 128;
    length = Math.floor(length / 128);
    if (length > 0) byte |= 0x80;
    bytes.push(byte);
  } while (length > 0);
  return bytes;
}
/** A PUBLISH with a payload of `size` bytes. */
function publish(topic: string, size: number, qos: 0 | 1 | 2, id = 1, retain = false): Buffer {
  const body = [
    ...varint(0).slice(1),
    (topic.length >> 8) & 0xff,
    topic.length & 0xff,
    ...Buffer.from(topic),
    ...(qos ? [id >> 8, id & 0xff] : []),
  ];
  return Buffer.concat([
    Buffer.from([0x30 | (qos << 1) | (retain ? 1 : 0), ...varint(body.length + size), ...body]),
    Buffer.alloc(size, 0x7b),
  ]);
}
function scanAll(scanner: PacketScanner, stream: Buffer, size: number): { passed: Buffer; skipped: OversizedPublish[] } {
  const passed: Buffer[] = [];
  const skipped: OversizedPublish[] = [];
  for (let at = 0; at < stream.length; at += size) {
    const result = scanner.scan(stream.subarray(at, at + size));
    if (!result.ok) throw new Error(result.detail);
    passed.push(...result.pass);
    skipped.push(...result.skipped);
  }
  return { passed: Buffer.concat(passed), skipped };
}
const packet = (type: number, length: number) =>
  Buffer.from([(type << 4) | (type === 8 ? 2 : 0), ...varint(length), ...new Array(length).fill(0)]);

describe('the fixed-header scanner', () => {
  it('lets through packets within their caps, in any chunking', () => {
    const stream = Buffer.concat([packet(1, 40), packet(3, 4608), packet(12, 0), packet(8, 300)]);
    for (const size of [1, 3, 7, 1000, stream.length]) {
      expect(scanAll(new PacketScanner(limits), stream, size)).toEqual({ passed: stream, skipped: [] });
    }
  });

  it('reads an oversized PUBLISH through and keeps it from aedes, in any chunking', () => {
    const big = publish('zigbee2mqtt/bridge/info', 50_000, 1, 7, true);
    const stream = Buffer.concat([packet(12, 0), big, packet(3, 10), publish('z/bridge/devices', 5000, 0), packet(14, 0)]);
    const kept = Buffer.concat([packet(12, 0), packet(3, 10), packet(14, 0)]);
    for (const size of [1, 2, 5, 4096, stream.length]) {
      expect(scanAll(new PacketScanner(limits, () => 'skip'), stream, size)).toEqual({
        passed: kept,
        skipped: [
          { topic: 'zigbee2mqtt/bridge/info', qos: 1, packetId: 7, retain: true, length: big.length - 4 },
          { topic: 'z/bridge/devices', qos: 0, retain: false, length: 5000 + 2 + 'z/bridge/devices'.length },
        ],
      });
    }
  });

  it('refuses an oversized PUBLISH when told to, once its topic is known', () => {
    const seen: string[] = [];
    const scanner = new PacketScanner(limits, (p) => (seen.push(p.topic), 'refuse'));
    expect(scanner.scan(publish('a/b', 9000, 2))).toMatchObject({ ok: false, reason: 'oversized' });
    expect(seen).toEqual(['a/b']);
  });

  it.each([
    ['a PUBLISH over its cap (once its topic is read)', Buffer.from([0x30, ...varint(4609), 0, 1, 0x61]), 'oversized'],
    ['a CONNECT announcing 256 MiB', Buffer.from([0x10, 0xff, 0xff, 0xff, 0x7f]), 'oversized'],
    ['a remaining length of five bytes', Buffer.from([0x30, 0xff, 0xff, 0xff, 0xff, 0x01]), 'malformed'],
    ['packet type 0', Buffer.from([0x00, 0x00]), 'malformed'],
    ['packet type 15 (MQTT 5 AUTH)', Buffer.from([0xf0, 0x00]), 'malformed'],
  ])('refuses %s as soon as its header is read', (_case, bytes, reason) => {
    expect(new PacketScanner(limits).scan(bytes)).toMatchObject({ ok: false, reason });
  });

  it('refuses an oversized PUBLISH that follows valid packets in the same chunk', () => {
    const bytes = Buffer.concat([packet(12, 0), packet(3, 10), Buffer.from([0x32, ...varint(100_000), 0, 1, 0x61, 0, 1])]);
    expect(new PacketScanner(limits).scan(bytes)).toMatchObject({ ok: false, reason: 'oversized' });
  });
});

const hooksWith = (outgoing: GuardHooks['outgoing'], onSlow: GuardHooks['onSlow'] = () => undefined): GuardHooks => ({
  limits,
  outgoing,
  decide: () => 'refuse',
  onSkipped: () => undefined,
  onRefused: () => undefined,
  onSlow,
});

/** A connected pair: the server's end guarded as the embedded broker does (its high-water mark included). */
async function guardedPair(hooks: GuardHooks): Promise<{ socket: net.Socket; client: net.Socket; close: () => void }> {
  const server = net.createServer({ highWaterMark: INBOUND_SLICE });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const accepted = new Promise<net.Socket>((resolve) => server.once('connection', resolve));
  const client = net.connect((server.address() as net.AddressInfo).port, '127.0.0.1');
  client.on('error', () => undefined);
  const socket = await accepted;
  socket.on('error', () => undefined);
  SocketGuard.attach(socket, hooks);
  return { socket, client, close: () => (client.destroy(), socket.destroy(), server.close()) };
}

const until = (condition: () => boolean) => vi.waitFor(() => expect(condition()).toBe(true), { timeout: 10_000, interval: 5 });

describe('the guarded socket', () => {
  it('hands aedes a flooding socket a slice at a time, whatever the size of what arrives', async () => {
    const { socket, client, close } = await guardedPair(hooksWith({ maxQueuedBytes: 1 << 20, stallMs: 5000 }));
    const pings = Buffer.alloc(256 * 1024);
    for (let i = 0; i < pings.length; i += 2) pings[i] = 0xc0; // PINGREQ, 2 bytes each
    client.write(pings);
    const reads: number[] = [];
    await vi.waitFor(async () => {
      for (let chunk: Buffer | null; (chunk = socket.read() as Buffer | null) !== null; ) reads.push(chunk.length);
      await new Promise((resolve) => setImmediate(resolve));
      expect(reads.reduce((sum, n) => sum + n, 0)).toBe(pings.length);
    });
    // A read takes what is buffered plus the slice it asks for before returning: two at most, never a socket read's 64 KB.
    expect(Math.max(...reads)).toBeLessThanOrEqual(2 * 4096);
    close();
  });

  it('passes the end of the stream after what is still held back', async () => {
    const { socket, client, close } = await guardedPair(hooksWith({ maxQueuedBytes: 1 << 20, stallMs: 5000 }));
    const pings = Buffer.alloc(64 * 1024);
    for (let i = 0; i < pings.length; i += 2) pings[i] = 0xc0;
    client.end(pings);
    let read = 0;
    let ended = false;
    socket.on('end', () => (ended = true));
    socket.on('readable', () => {
      for (let chunk: Buffer | null; (chunk = socket.read() as Buffer | null) !== null; ) read += chunk.length;
    });
    await until(() => ended);
    expect(read).toBe(pings.length);
    close();
  });

  it('hands what aedes writes to the socket in order, a packet at a time or corked in pieces', async () => {
    const { socket, client, close } = await guardedPair(hooksWith({ maxQueuedBytes: 1 << 20, stallMs: 5000 }));
    const received: Buffer[] = [];
    client.on('data', (chunk: Buffer) => received.push(chunk));
    const pieces = Array.from({ length: 40 }, (_, i) => Buffer.from(`piece-${i};`));
    for (let i = 0; i < pieces.length; i += 5) {
      // mqtt-packet corks the stream for each packet and writes it in several pieces.
      socket.cork();
      for (const piece of pieces.slice(i, i + 5)) socket.write(piece);
      process.nextTick(() => socket.uncork());
    }
    const expected = Buffer.concat(pieces).toString();
    await vi.waitFor(() => expect(Buffer.concat(received).toString()).toBe(expected));
    close();
  });

  it('says yes to every write up to the bound, so that no delivery waits on one client', async () => {
    const { socket, client, close } = await guardedPair(hooksWith({ maxQueuedBytes: 64 << 20, stallMs: 60_000 }));
    client.pause();
    const chunk = Buffer.alloc(64 * 1024);
    const answers = Array.from({ length: 256 }, () => socket.write(chunk)); // 16 MB: more than both kernels' buffers hold
    expect(answers.every(Boolean)).toBe(true);
    expect(socket.writableLength).toBeGreaterThan(0);
    close();
  });

  /** Writes `size`-byte chunks, a tick apart, until the kernel's buffers are full and the socket queues. */
  async function fillUntilQueued(socket: net.Socket, size: number): Promise<void> {
    const chunk = Buffer.alloc(size);
    while (socket.writableLength === 0) {
      socket.write(chunk);
      await new Promise((resolve) => setImmediate(resolve));
    }
  }
  const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

  it('drops a client whose queue does not empty within stallMs', async () => {
    const slow: string[] = [];
    const outgoing = { maxQueuedBytes: 256 << 20, stallMs: 300 };
    const { socket, client, close } = await guardedPair(hooksWith(outgoing, (_guard, detail) => slow.push(detail)));
    client.pause();
    await fillUntilQueued(socket, 64 * 1024);
    await until(() => slow.length > 0);
    expect(slow).toEqual(['queue not emptied for 300 ms']);
    expect(socket.destroyed).toBe(true);
    close();
  });

  it('keeps a client whose small queue emptied, though no drain was ever due', async () => {
    const slow: string[] = [];
    const outgoing = { maxQueuedBytes: 256 << 20, stallMs: 300 };
    const { socket, client, close } = await guardedPair(hooksWith(outgoing, (_guard, detail) => slow.push(detail)));
    client.pause();
    await fillUntilQueued(socket, 1024);
    expect(socket.writableLength).toBeLessThan(socket.writableHighWaterMark); // no write said "full": no 'drain' to come
    client.resume();
    await until(() => socket.writableLength === 0);
    await sleep(600);
    expect(slow).toEqual([]);
    expect(socket.destroyed).toBe(false);
    close();
  });

  it('waits again when the kernel took some of the queue, even if it is full again', async () => {
    const slow: string[] = [];
    const outgoing = { maxQueuedBytes: 256 << 20, stallMs: 1000 };
    const { socket, client, close } = await guardedPair(hooksWith(outgoing, (_guard, detail) => slow.push(detail)));
    client.pause();
    await fillUntilQueued(socket, 64 * 1024);
    const queuedAt = Date.now();
    // The client reads it all, stops again, and the socket queues again before the first wait ends.
    client.resume();
    await until(() => socket.writableLength === 0);
    client.pause();
    await sleep(100);
    await fillUntilQueued(socket, 64 * 1024);
    await sleep(Math.max(0, queuedAt + 1500 - Date.now()));
    expect(slow).toEqual([]);
    await until(() => slow.length > 0);
    expect(slow).toEqual(['queue not emptied for 1000 ms']);
    close();
  });

  it('drops a client as soon as more than its bound waits for it', async () => {
    const slow: string[] = [];
    const outgoing = { maxQueuedBytes: 1 << 20, stallMs: 60_000 };
    const { socket, client, close } = await guardedPair(hooksWith(outgoing, (_guard, detail) => slow.push(detail)));
    client.pause();
    const chunk = Buffer.alloc(64 * 1024);
    for (let i = 0; i < 256 && !socket.destroyed; i++) {
      socket.write(chunk);
      await new Promise((resolve) => process.nextTick(resolve));
    }
    expect(slow).toEqual([`over ${1 << 20} bytes queued`]);
    expect(socket.destroyed).toBe(true);
    close();
  });
});

const hasOpenssl = opensslPresent('guarded TLS socket suite');

/**
 * Reads like aedes: everything buffered at each 'readable', then nothing until the batch is
 * handled (`handleMs` later), then reads again.
 */
function readInBatches(socket: net.Socket, handleMs: number): { read: () => number } {
  let read = 0;
  let busy = false;
  const next = () => {
    if (busy) return;
    const chunk = socket.read() as Buffer | null;
    if (!chunk) return;
    read += chunk.length;
    busy = true;
    setTimeout(() => ((busy = false), next()), handleMs);
  };
  socket.on('readable', next);
  return { read: () => read };
}

describe.skipIf(!hasOpenssl)('the guarded TLS socket (its high-water mark stays 16 KiB)', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cantine-guard-tls-'));
  let cert: Buffer;
  let key: Buffer;
  beforeAll(() => {
    const { certFile, keyFile } = selfSignedCertificate(dir);
    cert = fs.readFileSync(certFile);
    key = fs.readFileSync(keyFile);
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  async function guardedTlsPair(): Promise<{ socket: tls.TLSSocket; client: tls.TLSSocket; close: () => void }> {
    const server = tls.createServer({ cert, key });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const accepted = new Promise<tls.TLSSocket>((resolve) => server.once('secureConnection', resolve));
    const client = tls.connect({ port: (server.address() as net.AddressInfo).port, host: '127.0.0.1', rejectUnauthorized: false });
    client.on('error', () => undefined);
    await new Promise((resolve) => client.once('secureConnect', resolve));
    const socket = await accepted;
    socket.on('error', () => undefined);
    SocketGuard.attach(socket, hooksWith({ maxQueuedBytes: 1 << 20, stallMs: 5000 }));
    return { socket, client, close: () => (client.destroy(), socket.destroy(), server.close()) };
  }
  /** 400 writes of 1,000 bytes of PINGREQ: one TLS record each, so reads of 1,000 bytes. */
  function burst(client: tls.TLSSocket): number {
    const piece = Buffer.alloc(1000);
    for (let i = 0; i < piece.length; i += 2) piece[i] = 0xc0;
    for (let i = 0; i < 400; i++) client.write(piece);
    return 400 * piece.length;
  }

  it('hands all of a burst of small records to a reader that takes it in batches', async () => {
    const { socket, client, close } = await guardedTlsPair();
    const reader = readInBatches(socket, 2);
    const sent = burst(client);
    await vi.waitFor(() => expect(reader.read()).toBe(sent), { timeout: 10_000, interval: 20 });
    close();
  });

  it('passes the end of the stream after what is still held back', async () => {
    // TLS hands over the peer's close_notify with the records read before it, even once the
    // socket stopped reading: a device's last packets (its DISCONNECT too) were lost behind it.
    const { socket, client, close } = await guardedTlsPair();
    const reader = readInBatches(socket, 2);
    let ended = false;
    socket.on('end', () => (ended = true));
    const sent = burst(client);
    client.end();
    await vi.waitFor(() => expect(ended).toBe(true), { timeout: 10_000, interval: 20 });
    expect(reader.read()).toBe(sent);
    close();
  });
});
