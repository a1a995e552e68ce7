import net from 'node:net';
import { describe, expect, it, vi } from 'vitest';
import { FixedHeaderScanner, GuardedConnection } from './packet-guard.js';

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
const packet = (type: number, length: number) => Buffer.from([(type << 4) | (type === 8 ? 2 : 0), ...varint(length), ...new Array(length).fill(0)]);

describe('the fixed-header scanner', () => {
  it('lets through packets within their caps, in any chunking', () => {
    const stream = Buffer.concat([packet(1, 40), packet(3, 4608), packet(12, 0), packet(8, 300)]);
    for (const size of [1, 3, 7, 1000, stream.length]) {
      const scanner = new FixedHeaderScanner(limits);
      for (let at = 0; at < stream.length; at += size) expect(scanner.scan(stream.subarray(at, at + size))).toEqual({ ok: true });
    }
  });

  it.each([
    ['a PUBLISH over its cap', Buffer.from([0x30, ...varint(4609)]), 'oversized'],
    ['a CONNECT announcing 256 MiB', Buffer.from([0x10, 0xff, 0xff, 0xff, 0x7f]), 'oversized'],
    ['a remaining length of five bytes', Buffer.from([0x30, 0xff, 0xff, 0xff, 0xff, 0x01]), 'malformed'],
    ['packet type 0', Buffer.from([0x00, 0x00]), 'malformed'],
    ['packet type 15 (MQTT 5 AUTH)', Buffer.from([0xf0, 0x00]), 'malformed'],
  ])('refuses %s as soon as its header is read', (_case, bytes, reason) => {
    expect(new FixedHeaderScanner(limits).scan(bytes)).toMatchObject({ ok: false, reason });
  });

  it('refuses an oversized PUBLISH that follows valid packets in the same chunk', () => {
    const bytes = Buffer.concat([packet(12, 0), packet(3, 10), Buffer.from([0x32, ...varint(100_000)])]);
    expect(new FixedHeaderScanner(limits).scan(bytes)).toMatchObject({ ok: false, reason: 'oversized', detail: 'PUBLISH of 100000 bytes > 4608' });
  });
});

describe('the guarded connection', () => {
  it('hands what aedes writes to the socket in order, a packet at a time or corked in pieces', async () => {
    const server = net.createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const accepted = new Promise<net.Socket>((resolve) => server.once('connection', resolve));
    const client = net.connect((server.address() as net.AddressInfo).port, '127.0.0.1');
    const received: Buffer[] = [];
    client.on('data', (chunk: Buffer) => received.push(chunk));
    const connection = new GuardedConnection(await accepted, limits, () => undefined);
    const pieces = Array.from({ length: 40 }, (_, i) => Buffer.from(`piece-${i};`));
    for (let i = 0; i < pieces.length; i += 5) {
      // mqtt-packet corks the stream for each packet and writes it in several pieces.
      connection.cork();
      for (const piece of pieces.slice(i, i + 5)) connection.write(piece);
      process.nextTick(() => connection.uncork());
    }
    const expected = Buffer.concat(pieces).toString();
    await vi.waitFor(() => expect(Buffer.concat(received).toString()).toBe(expected));
    client.destroy();
    connection.destroy();
    server.close();
  });
});
