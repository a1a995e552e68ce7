/*
 * UIDs as esp-rfid prints them (github.com/esprfid/esp-rfid, `dev` branch, src/rfid.esp), matched
 * against enrolled badges. Its readers print a card number four ways, none saying which:
 * - MFRC522: each byte as two hex digits, `uid += uidByte < 0x10 ? "0" : ""` (since PR #625,
 *   "uid-v1-compat"): the canonical form, lower case.
 * - PN532 (`pn532Read`): `uid += String(pnuid[i], HEX)`, **each byte without its leading zero**:
 *   04 A2 24 B2 C3 1F 80 prints `4a224b2c31f80`. Every NXP 7-byte UID (first byte 04) and about a
 *   quarter of 4-byte UIDs (1 - (15/16)^4) lose digits.
 * - Wiegand, "User ID storage mode: hexadecimal" (`config.wiegandReadHex`): `String(wg.getCode(), HEX)`,
 *   the card number in hex without padding: 7748328 prints `763ae8` (canonical `00763AE8`).
 * - Wiegand decimal: the device must be provisioned with `uidFormat: "decimal"`; not handled here.
 *
 * The unpadded form is lossy: `4a224b2` is 04 A2 24 B2, 4A 02 24 B2, 4A 22 04 B2 or 4A 22 4B 02.
 * It cannot be normalised; it can only be compared with the way each enrolled badge would print.
 * Resolution (`matchPrintedUid`), in order:
 * 1. The text read as a full canonical UID (even length, 4, 7 or 10 bytes), when enrolled: a card
 *    whose bytes are all 0x10 or more prints exactly so, by far the likeliest explanation.
 * 2. Otherwise every other reading (the hex card number, each way of restoring the dropped zeros)
 *    that is enrolled: exactly one is that badge; two or more is **ambiguous** and refused, since
 *    picking one could open the door for the wrong member; none is an unknown badge.
 * What remains: a stranger's card whose print collides with an enrolled badge's is taken for it.
 * For a 4-byte badge at most C(4,k) ≤ 6 cards print alike (k short bytes), so the chance a random
 * card matches one of N enrolled badges goes from N/2^32 to at most 6N/2^32 (7-byte: 35N/2^56).
 * UIDs are not secrets anyway (docs/security.md). A PN532 is best on Tasmota, or an MFRC522 on esp-rfid.
 */
import { normalizeUid } from './uid.js';

export type PrintedMatch =
  | { ok: true; uid: string }
  | { ok: false; reason: 'unknown' | 'ambiguous'; candidates: string[] };

/** How esp-rfid's PN532 path prints a canonical UID: each byte without its leading zero (upper case here). */
export function unpaddedUid(uid: string): string {
  return (uid.match(/.{2}/g) ?? []).map((byte) => byte.replace(/^0/, '')).join('');
}

/**
 * Every canonical UID (4, 7 or 10 bytes) esp-rfid's PN532 path prints as `text`: the text cut into
 * bytes of one digit (0x0-0xF) or two digits not starting with 0 (0x10-0xFF). At most 287 of them
 * (C(10,5) + C(7,3)). Order: fewer bytes first, then short bytes as far left as possible.
 */
export function unpaddedCandidates(text: string): string[] {
  if (!/^[0-9a-f]+$/i.test(text)) return [];
  const digits = text.toUpperCase();
  const found: string[] = [];
  for (const bytes of [4, 7, 10]) {
    const short = 2 * bytes - digits.length;
    if (short < 0 || short > bytes) continue;
    cut(digits, bytes, short, '', found);
  }
  return found.filter((uid) => !/^0+$/.test(uid));
}

function cut(rest: string, bytes: number, short: number, done: string, found: string[]): void {
  if (bytes === 0) {
    if (rest === '') found.push(done);
    return;
  }
  if (short > 0) cut(rest.slice(1), bytes - 1, short - 1, `${done}0${rest[0]}`, found);
  if (bytes > short && rest.length >= 2 && rest[0] !== '0') cut(rest.slice(2), bytes - 1, short, done + rest.slice(0, 2), found);
}

/** Every canonical UID `text` may stand for, the full reading first (rule 1 of the header). */
export function printedCandidates(text: string): string[] {
  if (!/^[0-9a-f]+$/i.test(text)) return [];
  const exact = normalizeUid(text, 'hex');
  const asNumber = normalizeUid(`${text}h`, 'auto');
  const all = [...(exact.ok ? [exact.uid] : []), ...(asNumber.ok ? [asNumber.uid] : []), ...unpaddedCandidates(text)];
  return [...new Set(all)];
}

/** Resolves what an esp-rfid reader printed against the enrolled badges (rules in the header). */
export function matchPrintedUid(text: string, isEnrolled: (uid: string) => boolean): PrintedMatch {
  const exact = normalizeUid(text, 'hex');
  if (exact.ok && isEnrolled(exact.uid)) return { ok: true, uid: exact.uid };
  const enrolled = printedCandidates(text).filter(isEnrolled);
  if (enrolled.length === 1) return { ok: true, uid: enrolled[0]! };
  return { ok: false, reason: enrolled.length === 0 ? 'unknown' : 'ambiguous', candidates: enrolled };
}
