import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { decodeMessage, describeIssues, encodeMessage } from './codec.js';
import { nativeInvalidFixtures, nativeValidFixtures } from './fixtures/native.js';
import { DENY_REASONS, GRANT_REASONS, MAX_PAYLOAD_BYTES, MESSAGE_SCHEMAS, type MessageInputOf } from './messages.js';
import { buildTopic, parseTopic, TOPIC_KINDS, type ParsedTopic, type TopicKind } from './topics.js';

describe('decodeMessage on golden native payloads', () => {
  it.each(nativeValidFixtures)('accepts: $name', ({ topic, payload, expected }) => {
    const result = decodeMessage(topic, typeof payload === 'string' ? Buffer.from(payload) : payload);
    expect(result).toEqual({ ...expected, kind: parseTopic(topic)?.kind, topic: parseTopic(topic) });
  });

  it.each(nativeInvalidFixtures)('refuses: $name', ({ topic, payload, expected }) => {
    const result = decodeMessage(topic, typeof payload === 'string' ? Buffer.from(payload) : payload);
    expect(result).toMatchObject(expected);
    expect(result.ok ? '' : result.detail).not.toBe('');
  });

  it('checks the cap on bytes, not characters', () => {
    const topic = buildTopic({ kind: 'door-state', site: 'quimper', doorId: 'entrance' });
    const multiByte = `{"open":true,"note":"${'é'.repeat(MAX_PAYLOAD_BYTES / 2)}"}`;
    expect(multiByte.length).toBeLessThan(MAX_PAYLOAD_BYTES + 30);
    expect(decodeMessage(topic, Buffer.from(multiByte))).toMatchObject({ ok: false, error: 'oversized' });
  });

  it('accepts a payload of exactly 4 KiB', () => {
    const topic = buildTopic({ kind: 'door-state', site: 'quimper', doorId: 'entrance' });
    const head = '{"open":true,"note":"';
    const payload = `${head}${'x'.repeat(MAX_PAYLOAD_BYTES - head.length - 2)}"}`;
    expect(Buffer.byteLength(payload)).toBe(MAX_PAYLOAD_BYTES);
    expect(decodeMessage(topic, Buffer.from(payload))).toMatchObject({ ok: true, message: { open: true } });
  });

  it('decodes under a configured root only', () => {
    const topic = buildTopic({ kind: 'seats', site: 'quimper' }, 'acme');
    const payload = Buffer.from('{"free":1,"occupied":0,"offline":0,"total":1,"ts":"2025-03-04T09:00:00Z"}');
    expect(decodeMessage(topic, payload, 'acme')).toMatchObject({ ok: true, kind: 'seats' });
    expect(decodeMessage(topic, payload)).toMatchObject({ ok: false, error: 'unknown-topic' });
  });

  it('checks the cap before the topic, so an oversized flood costs no parsing', () => {
    expect(decodeMessage('tele/tasmota/SENSOR', Buffer.alloc(MAX_PAYLOAD_BYTES + 1, 0x20))).toMatchObject({ ok: false, error: 'oversized' });
  });

  it('names an unknown topic before a payload it cannot read, quoting at most 200 characters of it', () => {
    const result = decodeMessage(`cantine/${'x'.repeat(1000)}`, new Uint8Array([0xff]));
    expect(result).toMatchObject({ ok: false, error: 'unknown-topic' });
    expect(result.ok ? '' : result.detail).toBe(`not a protocol v1 topic under "cantine/": cantine/${'x'.repeat(192)}`);
  });

  it('says a payload is not UTF-8', () => {
    const topic = buildTopic({ kind: 'door-state', site: 'quimper', doorId: 'entrance' });
    expect(decodeMessage(topic, new Uint8Array([0x7b, 0xff, 0x7d]))).toEqual({ ok: false, error: 'not-json', detail: 'payload is not valid UTF-8' });
  });

  it('describes every issue with its path, the root named', () => {
    const nested = z.object({ a: z.object({ b: z.number() }), c: z.string() }).safeParse({ a: { b: 'x' }, c: 1 });
    expect(nested.success ? '' : describeIssues(nested.error)).toMatch(/^a\.b: [^;]+; c: [^;]+$/);
    const root = z.number().safeParse('x');
    expect(root.success ? '' : describeIssues(root.error)).toMatch(/^\(root\): .+/);
  });

  it('never throws, whatever the bytes', () => {
    const topic = buildTopic({ kind: 'badge', site: 'quimper', readerId: 'r1' });
    const samples = [new Uint8Array(0), new Uint8Array([0]), new Uint8Array([0xc3]), Buffer.from('{"__proto__":{"x":1}}'), Buffer.from('1e999')];
    for (const sample of samples) expect(() => decodeMessage(topic, sample)).not.toThrow();
  });
});

/** One valid message per kind, written as a producer would (UID not yet canonical). */
const SAMPLES: { [K in TopicKind]: { topic: ParsedTopic; message: MessageInputOf<K> } } = {
  badge: { topic: { kind: 'badge', site: 'quimper', readerId: 'r1' }, message: { uid: '04:a2:24:b2', seq: 3, ts: '2025-03-04T09:00:00+01:00' } },
  decision: { topic: { kind: 'decision', site: 'quimper', readerId: 'r1' }, message: { seq: 3, granted: true, unlockMs: 5000, reason: 'day', message: 'Bonjour' } },
  'door-state': { topic: { kind: 'door-state', site: 'quimper', doorId: 'entrance' }, message: { open: false, ts: '2025-03-04T09:00:00Z' } },
  presence: { topic: { kind: 'presence', site: 'quimper', deskId: 'desk-07' }, message: { occupied: true, battery: 55.5 } },
  'device-status': { topic: { kind: 'device-status', site: 'quimper', deviceId: 'r1' }, message: { online: true, fw: '1.4.2', battery: 90, rssi: -61 } },
  seats: { topic: { kind: 'seats', site: 'quimper' }, message: { free: 12, occupied: 10, offline: 2, total: 24, ts: '2025-03-04T09:00:00+01:00' } },
  'allow-list': {
    topic: { kind: 'allow-list', site: 'quimper', readerId: 'r1' },
    message: { version: 7, from: 1_741_075_200_000, until: 1_741_161_600_000, groups: [{ windows: [[0, 480]], uids: ['04A224B2'] }], sig: 'A'.repeat(43) },
  },
};

describe('encodeMessage / decodeMessage round trips', () => {
  it.each(TOPIC_KINDS.map((kind) => [kind] as const))('%s', (kind) => {
    const { topic, message } = SAMPLES[kind];
    const bytes = encodeMessage(kind, message as MessageInputOf<typeof kind>);
    const decoded = decodeMessage(buildTopic(topic), bytes);
    expect(decoded).toEqual({ ok: true, kind, topic, message: MESSAGE_SCHEMAS[kind].parse(message) });
    expect(
      decodeMessage(buildTopic(topic), encodeMessage(kind, decoded.ok ? (decoded.message as never) : (message as never))),
    ).toEqual(decoded);
  });

  it('writes UIDs in canonical form', () => {
    expect(JSON.parse(encodeMessage('badge', { uid: '04:a2:24:b2', seq: 1 }).toString())).toEqual({ uid: '04A224B2', seq: 1 });
  });

  it('round-trips every grant and denial reason', () => {
    const topic = buildTopic({ kind: 'decision', site: 'quimper', readerId: 'r1' });
    for (const reason of GRANT_REASONS) {
      expect(decodeMessage(topic, encodeMessage('decision', { seq: 1, granted: true, reason }))).toMatchObject({ ok: true, message: { reason } });
    }
    for (const reason of DENY_REASONS) {
      expect(decodeMessage(topic, encodeMessage('decision', { seq: 1, granted: false, reason }))).toMatchObject({ ok: true, message: { reason } });
    }
  });

  it('sends a message of exactly 4 KiB, and names the size of one a byte over', () => {
    const sized = (bytes: number) => {
      // Each UID adds 11 bytes; the version's digits make up the rest, one byte at a time.
      for (let count = 1; ; count += 1) {
        const uids = Array.from({ length: count }, (_, i) => (0x10000000 + i).toString(16).toUpperCase());
        const list = { version: 1, from: 1_741_075_200_000, until: 1_741_161_600_000, groups: [{ windows: [[0, 480]] as Array<[number, number]>, uids }], sig: 'A'.repeat(43) };
        const missing = bytes - Buffer.byteLength(JSON.stringify(list));
        if (missing >= 0 && missing < 11) return { ...list, version: 10 ** missing };
      }
    };
    expect(encodeMessage('allow-list', sized(MAX_PAYLOAD_BYTES)).byteLength).toBe(MAX_PAYLOAD_BYTES);
    expect(() => encodeMessage('allow-list', sized(MAX_PAYLOAD_BYTES + 1))).toThrow(new RangeError(`allow-list message is ${MAX_PAYLOAD_BYTES + 1} bytes > ${MAX_PAYLOAD_BYTES}`));
  });

  it('throws when our own code builds a message over the 4 KiB cap', () => {
    const uids = Array.from({ length: 600 }, (_, i) => (0x10000000 + i).toString(16).toUpperCase());
    const message = { version: 7, from: 1_741_075_200_000, until: 1_741_161_600_000, groups: uids.map((uid) => ({ windows: [[0, 480]] as Array<[number, number]>, uids: [uid] })), sig: 'A'.repeat(43) };
    expect(() => encodeMessage('allow-list', message)).toThrow(RangeError);
  });

  it('throws when our own code tries to send an invalid message', () => {
    expect(() => encodeMessage('decision', { seq: 1, granted: false, reason: 'day' } as never)).toThrow();
    expect(() => encodeMessage('presence', { occupied: true, battery: 101 })).toThrow();
    expect(() => encodeMessage('decision', { seq: 1, granted: true, reason: 'day', message: 'x'.repeat(257) })).toThrow();
    expect(() => encodeMessage('device-status', { online: true, fw: 'x'.repeat(65) })).toThrow();
  });
});

describe('the contract reason lists', () => {
  it('deny reasons are exactly the contract list', () => {
    expect([...DENY_REASONS]).toEqual([
      'unknown-badge', 'badge-revoked', 'no-valid-pass', 'outside-hours', 'zone-not-allowed',
      'pass-exhausted', 'anti-passback', 'rate-limited', 'reader-unknown',
    ]);
  });

  it('grant reasons are the pass types, and exit for an exit reader', () => {
    expect([...GRANT_REASONS]).toEqual(['day', 'half-day', 'carnet', 'subscription', 'event', 'staff', 'exit']);
  });
});
