// Signed decisions (docs/reader-firmware.md): the service signs what opens a door with a key per
// reader that the reader derives from its own MQTT secret, so a client that reaches a decision
// topic without that key cannot open the door, and a captured decision cannot be used twice.
// Node `crypto` only, pure: shared by the service and firmware-sim. The wall page imports
// wall-events.ts directly, never this file.
import { createHmac, hkdfSync, timingSafeEqual } from 'node:crypto';

/** HKDF `info`: a new label is a new key, so a v2 scheme never accepts v1 signatures. */
export const DECISION_KEY_INFO = 'cantine decision v1';
export const DECISION_KEY_BYTES = 32;
/** How long a decision stays valid after the service signed it. */
export const DECISION_LIFETIME_MS = 5000;
/** How far the reader's clock may be off the service's. */
export const CLOCK_TOLERANCE_MS = 2000;
/** An `exp` further ahead than this was not made by a well-behaved service. */
export const MAX_DECISION_LIFETIME_MS = 60_000;

/**
 * HKDF-SHA256 (RFC 5869) of the MQTT secret's UTF-8 bytes, empty salt, info `cantine decision v1`,
 * 32 bytes. The service keeps this key, never the secret: it cannot log in as the reader with it.
 */
export function deriveDecisionKey(secret: string): Buffer {
  return Buffer.from(hkdfSync('sha256', Buffer.from(secret, 'utf8'), Buffer.alloc(0), DECISION_KEY_INFO, DECISION_KEY_BYTES));
}

/** What the signature covers: what opens the door and for how long, never the display text. */
export interface SignedDecisionFields {
  seq: number;
  granted: boolean;
  unlockMs?: number;
  exp: number;
}

/**
 * `cantine-decision-v1\n{seq}\n{1|0}\n{unlockMs or 0}\n{exp}`: ASCII, decimal integers without
 * sign or leading zeros, `\n` (0x0A) between fields, none at the end.
 */
export function decisionCanonicalBytes(fields: SignedDecisionFields): Buffer {
  const lines = ['cantine-decision-v1', fields.seq, fields.granted ? 1 : 0, fields.unlockMs ?? 0, fields.exp];
  return Buffer.from(lines.join('\n'), 'ascii');
}

/** base64url (RFC 4648 §5), no padding: 43 characters. */
export function hmacSignature(key: Buffer, bytes: Buffer): string {
  return createHmac('sha256', key).update(bytes).digest('base64url');
}

/** Adds `exp` (now + lifetime) and `sig` to a decision. */
export function signDecision<T extends Omit<SignedDecisionFields, 'exp'>>(key: Buffer, decision: T, now: number, lifetimeMs = DECISION_LIFETIME_MS): T & { exp: number; sig: string } {
  const exp = now + lifetimeMs;
  const sig = hmacSignature(
    key,
    decisionCanonicalBytes({ seq: decision.seq, granted: decision.granted, unlockMs: decision.unlockMs, exp }),
  );
  return { ...decision, exp, sig };
}

/** Why a reader refuses a message: `unsigned` and `forged` are both "not from the service". */
export type SignatureRefusal = 'unsigned' | 'forged' | 'stale';
export type SignatureCheck = { ok: true } | { ok: false; reason: SignatureRefusal };

/** Constant-time comparison of a received signature with the expected one. */
export function signatureMatches(key: Buffer, bytes: Buffer, sig: string): boolean {
  const expected = createHmac('sha256', key).update(bytes).digest();
  const received = Buffer.from(sig, 'base64url');
  return received.length === expected.length && timingSafeEqual(received, expected);
}

/**
 * Signature first (a forgery is counted as one whatever its `exp`), then the time: refused once
 * `now > exp + tolerance`, or when `exp` lies further ahead than any decision lives.
 */
export function verifyDecision(
  key: Buffer,
  decision: Omit<SignedDecisionFields, 'exp'> & { exp?: number; sig?: string },
  now: number,
  toleranceMs = CLOCK_TOLERANCE_MS,
): SignatureCheck {
  const { exp, sig } = decision;
  if (exp === undefined || sig === undefined) return { ok: false, reason: 'unsigned' };
  const bytes = decisionCanonicalBytes({ seq: decision.seq, granted: decision.granted, unlockMs: decision.unlockMs, exp });
  if (!signatureMatches(key, bytes, sig)) return { ok: false, reason: 'forged' };
  if (now > exp + toleranceMs || exp > now + MAX_DECISION_LIFETIME_MS + toleranceMs) return { ok: false, reason: 'stale' };
  return { ok: true };
}

/**
 * A reader's replay protection: a decision is accepted only for a seq it is waiting on, once.
 * Seq 0 with nothing pending is an unsolicited decision (remote unlock): accepted only when its
 * `exp` is later than every unsolicited one accepted before, so each is used once too.
 *
 * A reboot must not reset that: starting from 0 (or from the boot time) let a remote unlock
 * captured just before a reboot open the door again right after it, while its `exp` still held.
 * So the floor starts above the `exp` of anything signed before the boot (`unsolicitedFloorAtBoot`)
 * and, on a reader that can, above the last accepted one kept in non-volatile memory.
 */
export class PendingDecisions {
  private readonly pending = new Set<number>();
  private lastUnsolicitedExp: number;

  /** `bootedAt`: the reader's clock when it first had the time after (re)starting. */
  constructor(bootedAt: number, persistedFloor = 0) {
    this.lastUnsolicitedExp = Math.max(persistedFloor, unsolicitedFloorAtBoot(bootedAt));
  }

  /** What to keep in non-volatile memory after an unsolicited decision was accepted. */
  get unsolicitedFloor(): number {
    return this.lastUnsolicitedExp;
  }

  expect(seq: number): void {
    this.pending.add(seq);
  }

  /** Gives up on a seq (the 2 s silence): a late answer is then a replay. */
  forget(seq: number): void {
    this.pending.delete(seq);
  }

  isPending(seq: number): boolean {
    return this.pending.has(seq);
  }

  /** True once per pending seq (or per fresher unsolicited decision); call after the signature check. */
  settle(seq: number, exp: number): boolean {
    if (this.pending.delete(seq)) return true;
    if (seq !== 0 || exp <= this.lastUnsolicitedExp) return false;
    this.lastUnsolicitedExp = exp;
    return true;
  }
}

/**
 * No decision signed before the boot can have an `exp` past this: the service signs with
 * `exp` = its clock + DECISION_LIFETIME_MS, and its clock may be CLOCK_TOLERANCE_MS ahead. A
 * remote unlock sent in the first ~2 s after a boot is refused too (the manager tries again).
 */
export function unsolicitedFloorAtBoot(bootedAt: number): number {
  return bootedAt + DECISION_LIFETIME_MS + CLOCK_TOLERANCE_MS;
}
