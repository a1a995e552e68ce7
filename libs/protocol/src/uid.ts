/*
 * NFC / RFID UID normalisation: every reader's way of printing a card number maps to ONE
 * canonical form, upper-case hex without separators, 4, 7 or 10 bytes (ISO/IEC 14443-3 single,
 * double and triple size UIDs), e.g. `04A224B2C31F80`. Badges are stored and compared in it.
 *
 * Rules, in the order they are tried:
 * 1. A JSON number (or bigint) is a decimal card number: Wiegand readers, esp-rfid's
 *    `String(wg.getCode(), DEC)` (esprfid/esp-rfid src/rfid.esp), Tasmota's `"Wiegand":{"UID":7748328}`
 *    (arendst/Tasmota tasmota/tasmota_xsns_sensor/xsns_82_wiegand.ino).
 * 2. A decimal maps to bytes big-endian (most significant byte first), without leading zero
 *    bytes, then is left-padded with zero bytes to the smallest of 4, 7 or 10 bytes that holds it:
 *    7748328 = 0x763AE8 -> `00763AE8`; 4302741608 (a 34-bit code Tasmota printed with its parity
 *    bits before 2022-02) = 0x10076A068 -> `0000010076A068`. Above 2^80 - 1 it is refused.
 * 3. A string ending in `h` after hex digits is Tasmota's SetOption123 hex Wiegand output
 *    (`"%Xh"`, no zero padding, e.g. `763AE8h`): it is the same number, so rule 2 applies.
 * 4. A string with `:` or `-` is hex bytes, two digits each, one separator kind throughout:
 *    `04:a2:24:b2:c3:1f:80`, ESPHome's `74-10-37-94` (esphome.io components/binary_sensor/pn532).
 * 5. A string of hex digits is hex when it holds a letter A-F, or when the caller says so
 *    (format `hex`, which the native protocol does: contract section 2), or when its length is
 *    8, 14 or 20 digits (a full 4, 7 or 10-byte UID as PN532, RC522 and RDM6300 print it, e.g.
 *    Tasmota `%08X` / ToHex_P). Any other all-digit string is a decimal (rule 2).
 *    Ambiguity, said plainly: `12345678` is read as hex bytes 12 34 56 78 in `auto`; a reader known
 *    to print decimals (an esp-rfid on a Wiegand reader) must be given format `decimal`.
 * 6. Hex must have an even digit count and 4, 7 or 10 bytes; case is ignored. esp-rfid's
 *    `String(byte, HEX)` drops each byte's leading zero, so such a UID arrives one or more digits
 *    short and is refused here (`odd-length` / `bad-length`) rather than guessed.
 * 7. Everything else is refused with a reason: empty, other characters (spaces, `0x`), mixed or
 *    misplaced separators, wrong length, too large, or all zeros (Tasmota shows `00000000` before
 *    any card was read: xsns_40_pn532.ino / xsns_80_mfrc522.ino `empty_uid`).
 */

export type UidFormat = 'auto' | 'hex' | 'decimal';

export type UidRejection =
  | 'empty'
  | 'not-a-uid'
  | 'bad-separators'
  | 'odd-length'
  | 'bad-length'
  | 'too-large'
  | 'zero';

export type UidByteLength = 4 | 7 | 10;

export type UidResult =
  | { ok: true; uid: string; bytes: UidByteLength }
  | { ok: false; reason: UidRejection; detail: string };

/** ISO/IEC 14443-3 UID sizes, in bytes. */
export const UID_BYTE_LENGTHS: readonly UidByteLength[] = [4, 7, 10];

/** The canonical form itself: what `normalizeUid` returns and what badges are stored as. */
export const CANONICAL_UID_PATTERN = /^(?:[0-9A-F]{8}|[0-9A-F]{14}|[0-9A-F]{20})$/;

const HEX_DIGITS = /^[0-9a-f]+$/i;
const DEC_DIGITS = /^[0-9]+$/;
const TASMOTA_HEX_NUMBER = /^([0-9a-f]+)h$/i;

function reject(reason: UidRejection, detail: string): UidResult {
  return { ok: false, reason, detail };
}

function isUidLength(bytes: number): bytes is UidByteLength {
  return (UID_BYTE_LENGTHS as readonly number[]).includes(bytes);
}

function fromHexDigits(hex: string): UidResult {
  if (hex.length % 2 !== 0) return reject('odd-length', `${hex.length} hex digits is not a whole number of bytes`);
  const bytes = hex.length / 2;
  if (!isUidLength(bytes)) return reject('bad-length', `${bytes} bytes; an NFC UID has 4, 7 or 10`);
  if (/^0+$/.test(hex)) return reject('zero', 'an all-zero UID is a reader placeholder, not a card');
  return { ok: true, uid: hex.toUpperCase(), bytes };
}

function fromNumber(value: bigint): UidResult {
  if (value < 0n) return reject('not-a-uid', 'a card number cannot be negative');
  if (value === 0n) return reject('zero', 'card number 0 is a reader placeholder, not a card');
  const hex = value.toString(16);
  const needed = Math.ceil(hex.length / 2);
  const bytes = UID_BYTE_LENGTHS.find((size) => size >= needed);
  if (bytes === undefined) return reject('too-large', `${needed} bytes; the largest NFC UID has 10`);
  return { ok: true, uid: hex.padStart(bytes * 2, '0').toUpperCase(), bytes };
}

function fromSeparated(text: string): UidResult {
  const separator = text.includes(':') ? ':' : '-';
  if (text.includes(':') && text.includes('-')) return reject('bad-separators', 'mixes ":" and "-"');
  const groups = text.split(separator);
  if (!groups.every((group) => /^[0-9a-f]{2}$/i.test(group))) {
    return reject('bad-separators', `each byte between "${separator}" must be exactly two hex digits`);
  }
  return fromHexDigits(groups.join(''));
}

function looksHex(digits: string): boolean {
  return /[a-f]/i.test(digits) || UID_BYTE_LENGTHS.some((size) => digits.length === size * 2);
}

function fromString(text: string, format: UidFormat): UidResult {
  if (text.length === 0) return reject('empty', 'no UID');
  const tasmotaHex = TASMOTA_HEX_NUMBER.exec(text);
  if (format === 'auto' && tasmotaHex?.[1] !== undefined) return fromNumber(BigInt(`0x${tasmotaHex[1]}`));
  if (format !== 'decimal' && /[:-]/.test(text)) return fromSeparated(text);
  if (format === 'decimal') {
    return DEC_DIGITS.test(text) ? fromNumber(BigInt(text)) : reject('not-a-uid', 'a decimal card number has digits only');
  }
  if (!HEX_DIGITS.test(text)) return reject('not-a-uid', 'only hex digits and ":" or "-" separators are allowed');
  if (format === 'hex' || looksHex(text)) return fromHexDigits(text);
  return fromNumber(BigInt(text));
}

/** Normalises what a reader sent (string, JSON number or bigint) to the canonical UID. Never throws. */
export function normalizeUid(input: unknown, format: UidFormat = 'auto'): UidResult {
  if (typeof input === 'string') return fromString(input, format);
  if (typeof input === 'bigint') return fromNumber(input);
  if (typeof input === 'number') {
    if (format === 'hex') return reject('not-a-uid', 'a hex UID must be a string');
    if (!Number.isSafeInteger(input)) return reject('not-a-uid', 'a decimal card number must be a whole number below 2^53');
    return fromNumber(BigInt(input));
  }
  return reject('not-a-uid', `a UID is a string or a number, not ${input === null ? 'null' : typeof input}`);
}

/** Prints a canonical UID for people or for firmwares that want separators (e.g. `04:A2:24:B2`). */
export function formatUid(uid: string, options: { separator?: ':' | '-' | ''; lowerCase?: boolean } = {}): string {
  const pairs = uid.match(/.{2}/g) ?? [];
  const text = pairs.join(options.separator ?? '');
  return options.lowerCase === true ? text.toLowerCase() : text;
}
