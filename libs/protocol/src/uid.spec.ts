import { describe, expect, it } from 'vitest';
import { CANONICAL_UID_PATTERN, formatUid, normalizeUid, type UidFormat, type UidRejection } from './uid.js';

describe('normalizeUid: accepted forms map to upper-case hex without separators', () => {
  const accepted: [string, unknown, UidFormat, string][] = [
    ['contract example, 7 bytes', '04A224B2C31F80', 'auto', '04A224B2C31F80'],
    ['lower case', '04a224b2c31f80', 'auto', '04A224B2C31F80'],
    ['mixed case', '04a224B2c31F80', 'hex', '04A224B2C31F80'],
    ['":" separators', '04:a2:24:b2:c3:1f:80', 'auto', '04A224B2C31F80'],
    ['"-" separators', '04-A2-24-B2-C3-1F-80', 'hex', '04A224B2C31F80'],
    ['ESPHome hyphenated, 4 bytes', '74-10-37-94', 'auto', '74103794'],
    ['4 bytes, digits only, hex by length', '74103794', 'auto', '74103794'],
    ['4 bytes, digits only, hex by format', '12345678', 'hex', '12345678'],
    ['10 bytes', '0102030405060708090a', 'auto', '0102030405060708090A'],
    ['Tasmota RDM6300 %08X', '008EC793', 'auto', '008EC793'],
    ['Wiegand decimal number padded to 4 bytes', 7748328, 'auto', '00763AE8'],
    ['Wiegand decimal string when told', '7748328', 'decimal', '00763AE8'],
    ['8-digit decimal when told (would be hex in auto)', '12345678', 'decimal', '00BC614E'],
    ['decimal string of other length in auto', '7748328', 'auto', '00763AE8'],
    ['34-bit code above 2^32 padded to 7 bytes', 4302741608, 'auto', '0000010076A068'],
    ['Tasmota SetOption123 hex with h', '763AE8h', 'auto', '00763AE8'],
    ['Tasmota SetOption123, upper-case H', '763AE8H', 'auto', '00763AE8'],
    ['largest 4-byte number', 4294967295, 'decimal', 'FFFFFFFF'],
    ['bigint of 10 bytes', 0xffffffffffffffffffffn, 'auto', 'FFFFFFFFFFFFFFFFFFFF'],
  ];
  it.each(accepted)('%s', (_name, input, format, expected) => {
    const result = normalizeUid(input, format);
    expect(result).toMatchObject({ ok: true, uid: expected });
    expect(result.ok && CANONICAL_UID_PATTERN.test(result.uid)).toBe(true);
  });
});

describe('normalizeUid: anything else is refused with a reason', () => {
  const refused: [string, unknown, UidFormat, UidRejection][] = [
    ['empty', '', 'auto', 'empty'],
    ['5 bytes', '04A224B2C3', 'hex', 'bad-length'],
    ['odd digit count (esp-rfid dropped zero)', '4a224b2c31f80', 'auto', 'odd-length'],
    ['spaces', '04 A2 24 B2', 'auto', 'not-a-uid'],
    ['0x prefix', '0x04A224B2', 'auto', 'not-a-uid'],
    ['non-hex letters', '04G224B2', 'auto', 'not-a-uid'],
    ['mixed separators', '04:A2-24:B2', 'auto', 'bad-separators'],
    ['single-digit groups', '4:A2:24:B2', 'auto', 'bad-separators'],
    ['trailing separator', '04:A2:24:B2:', 'auto', 'bad-separators'],
    ['all zeros (reader placeholder)', '00000000', 'auto', 'zero'],
    ['decimal zero', 0, 'auto', 'zero'],
    ['negative number', -5, 'auto', 'not-a-uid'],
    ['fraction', 12.5, 'auto', 'not-a-uid'],
    ['unsafe integer', 2 ** 60, 'auto', 'not-a-uid'],
    ['number when hex is required', 7748328, 'hex', 'not-a-uid'],
    ['hex letters when decimal is required', '76AE', 'decimal', 'not-a-uid'],
    ['separators when decimal is required', '12:34:56:78', 'decimal', 'not-a-uid'],
    ['h suffix when hex is required', '763AE8h', 'hex', 'not-a-uid'],
    ['more than 10 bytes', 2n ** 80n, 'auto', 'too-large'],
    ['null', null, 'auto', 'not-a-uid'],
    ['boolean', true, 'auto', 'not-a-uid'],
    ['object', { uid: '04A224B2' }, 'auto', 'not-a-uid'],
  ];
  it.each(refused)('%s', (_name, input, format, reason) => {
    const result = normalizeUid(input, format);
    expect(result).toMatchObject({ ok: false, reason });
    expect(result.ok ? '' : result.detail).not.toBe('');
  });
});

describe('formatUid', () => {
  it('prints a canonical UID with separators, in either case', () => {
    expect(formatUid('04A224B2C31F80', { separator: ':' })).toBe('04:A2:24:B2:C3:1F:80');
    expect(formatUid('74103794', { separator: '-', lowerCase: true })).toBe('74-10-37-94');
  });

  it('round-trips through normalizeUid', () => {
    const uid = '0102030405060708090A';
    expect(normalizeUid(formatUid(uid, { separator: '-', lowerCase: true }))).toMatchObject({ ok: true, uid });
  });
});

describe('normalizeUid: what it refuses, and why', () => {
  it.each<[string, unknown, string]>([
    ['null', null, 'a UID is a string or a number, not null'],
    ['a boolean', true, 'a UID is a string or a number, not boolean'],
    ['an object', {}, 'a UID is a string or a number, not object'],
  ])('refuses %s, naming its type', (_case, input, detail) => {
    expect(normalizeUid(input)).toEqual({ ok: false, reason: 'not-a-uid', detail });
  });

  it('refuses mixed separators and bytes of other than two digits', () => {
    expect(normalizeUid('04:A2-24:B2')).toEqual({ ok: false, reason: 'bad-separators', detail: 'mixes ":" and "-"' });
    expect(normalizeUid('04:A2:24:B2C')).toMatchObject({ ok: false, reason: 'bad-separators' });
    expect(normalizeUid('004:A2:24:B2')).toMatchObject({ ok: false, reason: 'bad-separators' });
  });

  it('reads digits as hex when told so, even when they look like a number', () => {
    expect(normalizeUid('123456', 'hex')).toMatchObject({ ok: false, reason: 'bad-length' });
    expect(normalizeUid('123456')).toMatchObject({ ok: true, uid: '0001E240' });
    expect(normalizeUid(123456)).toMatchObject({ ok: true, uid: '0001E240' });
  });

  it('reads a Tasmota hex number by default', () => {
    expect(normalizeUid('763AE8h')).toMatchObject({ ok: true, uid: '00763AE8' });
  });
});

describe('formatUid', () => {
  it.each<[Parameters<typeof formatUid>[1], string]>([
    [{}, '04A224B2'],
    [{ separator: ':' }, '04:A2:24:B2'],
    [{ separator: '-', lowerCase: true }, '04-a2-24-b2'],
    [{ lowerCase: false }, '04A224B2'],
  ])('%j', (options, expected) => {
    expect(formatUid('04A224B2', options)).toBe(expected);
  });

  it('prints nothing for nothing', () => {
    expect(formatUid('', { separator: ':' })).toBe('');
  });
});
