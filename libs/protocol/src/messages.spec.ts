// The badge's `uid` as the native protocol takes it (contract §2): hex only, and a refusal that
// says why, which the service logs and counts.
import { describe, expect, it } from 'vitest';
import { BadgeMessageSchema, UidSchema } from './messages.js';

describe('UidSchema: the hex of a 4, 7 or 10-byte UID, canonical once parsed', () => {
  it.each([
    ['04a224b2', '04A224B2'],
    ['04:A2:24:B2:C3:1F:80', '04A224B2C31F80'],
    ['04-a2-24-b2', '04A224B2'],
  ])('%s -> %s', (raw, uid) => {
    expect(UidSchema.parse(raw)).toBe(uid);
  });

  it.each([
    // Ten decimal digits would be card 3735928559 (DEADBEEF) to a decimal reader: the native protocol is hex.
    ['3735928559', 'bad-length: 5 bytes; an NFC UID has 4, 7 or 10'],
    // A Tasmota hex number is a foreign firmware's spelling, not the native one.
    ['763AE8h', 'not-a-uid: only hex digits and ":" or "-" separators are allowed'],
    ['00000000', 'zero: an all-zero UID is a reader placeholder, not a card'],
  ])('refuses %s, saying why', (uid, message) => {
    const result = BadgeMessageSchema.safeParse({ uid, seq: 1 });
    expect(result.success ? [] : result.error.issues.map((issue) => [issue.path.join('.'), issue.message])).toEqual([['uid', message]]);
  });
});
