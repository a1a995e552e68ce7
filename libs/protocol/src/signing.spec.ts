// Signed decisions: the canonical bytes and test vector of docs/reader-firmware.md, expiry,
// tampering, and the reader's replay rule.
import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { decodeMessage } from './codec.js';
import { decisionTopic } from './topics.js';
import { CLOCK_TOLERANCE_MS, decisionCanonicalBytes, deriveDecisionKey, hmacSignature, PendingDecisions, signDecision, verifyDecision } from './signing.js';

// The test vector published for hardware makers (docs/reader-firmware.md).
const SECRET = '0123456789abcdefghijklmnopqrstuv';
const KEY_HEX = '52e866597f5e09dff04c701b69e8408c34b3351683287654cbd740e7afd2fc4a';
const NOW = 1_772_442_000_000;
const key = deriveDecisionKey(SECRET);

describe('the decision key', () => {
  it('is HKDF-SHA256 of the secret, as the firmware spec gives it', () => {
    expect(key.toString('hex')).toBe(KEY_HEX);
  });

  it('is two HMACs, for firmwares without an HKDF: PRK = HMAC(32 zero bytes, secret), key = HMAC(PRK, info || 0x01)', () => {
    const prk = createHmac('sha256', Buffer.alloc(32)).update(SECRET).digest();
    const okm = createHmac('sha256', prk).update(Buffer.concat([Buffer.from('cantine decision v1'), Buffer.from([1])])).digest();
    expect(okm.toString('hex')).toBe(KEY_HEX);
  });

  it('differs per secret', () => {
    expect(deriveDecisionKey('another secret').equals(key)).toBe(false);
  });
});

describe('decision canonical bytes', () => {
  it.each([
    ['a grant', { seq: 17, granted: true, unlockMs: 5000, exp: NOW + 5000 }, 'cantine-decision-v1\n17\n1\n5000\n1772442005000'],
    ['a denial (no unlockMs: 0)', { seq: 18, granted: false, exp: NOW + 5000 }, 'cantine-decision-v1\n18\n0\n0\n1772442005000'],
    ['seq 0', { seq: 0, granted: true, unlockMs: 3000, exp: 1 }, 'cantine-decision-v1\n0\n1\n3000\n1'],
  ])('%s', (_name, fields, text) => {
    expect(decisionCanonicalBytes(fields).toString('ascii')).toBe(text);
  });

  it('signs the test vector as documented', () => {
    expect(hmacSignature(key, decisionCanonicalBytes({ seq: 17, granted: true, unlockMs: 5000, exp: NOW + 5000 }))).toBe('_c0eh_2RI0RFiODVloQOZLTPDubOfNlxcYW5mEou58A');
  });
});

describe('signDecision / verifyDecision', () => {
  const grant = { seq: 17, granted: true as const, unlockMs: 5000, reason: 'staff' as const, message: 'Bonjour Anne' };
  const signed = signDecision(key, grant, NOW);

  it('adds exp = now + 5 s and a 43-character signature, keeping the rest', () => {
    expect(signed).toMatchObject({ ...grant, exp: NOW + 5000 });
    expect(signed.sig).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  it('round-trips through the decoder as an ordinary decision', () => {
    const decoded = decodeMessage(decisionTopic('quimper', 'r1'), JSON.stringify(signed));
    expect(decoded).toMatchObject({ ok: true, message: signed });
  });

  it.each([
    ['now', NOW, { ok: true }],
    ['just before exp', NOW + 4999, { ok: true }],
    ['within the clock tolerance after exp', NOW + 5000 + CLOCK_TOLERANCE_MS, { ok: true }],
    ['past exp and the tolerance', NOW + 5000 + CLOCK_TOLERANCE_MS + 1, { ok: false, reason: 'stale' }],
    ['a reader clock far behind (exp over a minute ahead)', NOW - 60_000, { ok: false, reason: 'stale' }],
    ['a reader clock behind by the longest lifetime and the tolerance', NOW + 5000 - 60_000 - CLOCK_TOLERANCE_MS, { ok: true }],
    ['a reader clock behind by 1 ms more', NOW + 5000 - 60_000 - CLOCK_TOLERANCE_MS - 1, { ok: false, reason: 'stale' }],
  ])('at %s', (_name, now, expected) => {
    expect(verifyDecision(key, signed, now)).toEqual(expected);
  });

  it.each([
    ['granted flipped', { ...signed, granted: false }],
    ['a longer unlock', { ...signed, unlockMs: 60_000 }],
    ['another seq', { ...signed, seq: 18 }],
    ['a later exp', { ...signed, exp: signed.exp + 1000 }],
    ['a signature from another key', signDecision(deriveDecisionKey('rogue'), grant, NOW)],
  ])('refuses a tampered decision: %s', (_name, decision) => {
    expect(verifyDecision(key, decision, NOW)).toEqual({ ok: false, reason: 'forged' });
  });

  it('does not sign what is only shown: reason and message', () => {
    const relabelled = { ...signed, reason: 'day' as const, message: 'Hello' };
    expect(verifyDecision(key, relabelled, NOW)).toEqual({ ok: true });
  });

  it('calls a decision without exp or sig unsigned', () => {
    expect(verifyDecision(key, grant, NOW)).toEqual({ ok: false, reason: 'unsigned' });
    expect(verifyDecision(key, { ...grant, exp: NOW + 5000 }, NOW)).toEqual({ ok: false, reason: 'unsigned' });
    expect(verifyDecision(key, { ...grant, sig: signed.sig }, NOW)).toEqual({ ok: false, reason: 'unsigned' });
  });

  it('refuses a malformed signature without throwing', () => {
    expect(verifyDecision(key, { ...signed, sig: 'short' }, NOW)).toEqual({ ok: false, reason: 'forged' });
  });
});

describe('PendingDecisions: a decision is accepted for a pending seq, once', () => {
  it('accepts a pending seq once', () => {
    const pending = new PendingDecisions(NOW - 60_000);
    pending.expect(17);
    expect(pending.settle(17, NOW)).toBe(true);
    expect(pending.settle(17, NOW)).toBe(false);
  });

  it('says which seqs it waits on', () => {
    const pending = new PendingDecisions(NOW - 60_000);
    pending.expect(17);
    expect([pending.isPending(17), pending.isPending(18)]).toEqual([true, false]);
    pending.settle(17, NOW);
    expect(pending.isPending(17)).toBe(false);
  });

  it('refuses a seq never sent, and one given up on', () => {
    const pending = new PendingDecisions(NOW - 60_000);
    expect(pending.settle(5, NOW)).toBe(false);
    pending.expect(6);
    pending.forget(6);
    expect(pending.settle(6, NOW)).toBe(false);
  });

  it('accepts each unsolicited seq-0 decision once, by its exp', () => {
    const pending = new PendingDecisions(NOW - 60_000);
    expect(pending.settle(0, NOW + 5000)).toBe(true);
    expect(pending.settle(0, NOW + 5000)).toBe(false);
    expect(pending.settle(0, NOW + 4000)).toBe(false);
    expect(pending.settle(0, NOW + 6000)).toBe(true);
  });

  it('refuses after a reboot any remote unlock signed before it, even one never delivered', () => {
    const before = new PendingDecisions(NOW - 60_000);
    expect(before.settle(0, NOW + 5000)).toBe(true);
    // The reader reboots a second later and finds its clock again: the same unlock replayed, or
    // another captured one signed up to then (service clock up to 2 s ahead), is refused.
    const rebooted = new PendingDecisions(NOW + 1000);
    expect(rebooted.settle(0, NOW + 5000)).toBe(false);
    expect(rebooted.settle(0, NOW + 1000 + 2000 + 5000)).toBe(false);
    // A remote unlock signed after the boot opens, once.
    expect(rebooted.settle(0, NOW + 4000 + 5000)).toBe(true);
    expect(rebooted.settle(0, NOW + 4000 + 5000)).toBe(false);
  });

  it('starts from the floor kept in non-volatile memory when it is higher', () => {
    const rebooted = new PendingDecisions(NOW, NOW + 30_000);
    expect(rebooted.settle(0, NOW + 29_000)).toBe(false);
    expect(rebooted.settle(0, NOW + 31_000)).toBe(true);
    expect(rebooted.unsolicitedFloor).toBe(NOW + 31_000);
  });
});
