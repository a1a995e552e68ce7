import { describe, expect, it } from 'vitest';
import { matchPrintedUid, printedCandidates, unpaddedCandidates, unpaddedUid } from './printed-uid.js';

describe('unpaddedUid: esp-rfid PN532 String(byte, HEX)', () => {
  it.each([
    ['7-byte NXP', '04A224B2C31F80', '4A224B2C31F80'],
    ['no byte below 0x10', '94D8FC5F', '94D8FC5F'],
    ['zero bytes print one 0', '00A0000B', '0A00B'],
    ['nothing prints nothing', '', ''],
  ])('%s: %s -> %s', (_name, uid, printed) => {
    expect(unpaddedUid(uid)).toBe(printed);
  });
});

describe('unpaddedCandidates: every UID printing so', () => {
  it('lists each way to restore one dropped zero of a 4-byte UID, then the 7-byte UID of seven short bytes', () => {
    expect(unpaddedCandidates('4a224b2')).toEqual(['04A224B2', '4A0224B2', '4A2204B2', '4A224B02', '040A0202040B02']);
  });

  it('finds a 7-byte UID from its 13 digits', () => {
    expect(unpaddedCandidates('4A224B2C31F80')).toContain('04A224B2C31F80');
  });

  it('never cuts a two-digit byte starting with 0 (it would have printed one digit)', () => {
    expect(unpaddedCandidates('04A224B2')).not.toContain('04A224B2');
  });

  it('round-trips: every UID is among the candidates of its own print, and all of them print alike', () => {
    for (const uid of ['04A224B2C31F80', '0A0B0C0D', '010203040506070809AA', '10203040', 'F00DCAFE']) {
      const printed = unpaddedUid(uid);
      const candidates = unpaddedCandidates(printed);
      expect(candidates, uid).toContain(uid);
      for (const candidate of candidates) expect(unpaddedUid(candidate)).toBe(printed);
    }
  });

  it.each([
    ['too short for 4 bytes', '123'],
    ['too long for 10 bytes', '1'.repeat(21)],
    ['not hex', '4a22-4b2'],
    ['all zeros', '0000'],
  ])('none when %s', (_name, text) => {
    expect(unpaddedCandidates(text)).toEqual([]);
  });
});

describe('printedCandidates: the full reading first, then the Wiegand-hex number, then restored zeros', () => {
  it.each([
    ['full 4-byte reading first', '94d8fc5f', '94D8FC5F'],
    ['Wiegand hex number (esp-rfid hexadecimal mode)', '763ae8', '00763AE8'],
    ['PN532 7-byte', '4a224b2c31f80', '04A224B2C31F80'],
  ])('%s', (_name, text, first) => {
    expect(printedCandidates(text)[0]).toBe(first);
  });

  it('keeps the full reading even when the number and the restored zeros read otherwise', () => {
    // As a number it fits in 4 bytes, and no way of restoring zeros gives back its leading zero bytes.
    expect(printedCandidates('000000a1b2c3d4')).toEqual(['000000A1B2C3D4', 'A1B2C3D4', '000000000000A1B2C3D4']);
  });

  it('reads digits as hex, never as a decimal card number', () => {
    expect(printedCandidates('12345')).not.toContain('00003039');
    expect(printedCandidates('12345')[0]).toBe('00012345');
  });

  it.each(['04:a2:24:b2', '04a224b2:', ':04a224b2', 'x04a224b2'])('finds nothing in %j, which esp-rfid never prints', (text) => {
    expect(printedCandidates(text)).toEqual([]);
  });
});

describe('matchPrintedUid: one enrolled reading is that badge, two are refused', () => {
  const enrolled = (...uids: string[]) => (uid: string) => uids.includes(uid);
  const cases: Array<[string, string, string[], ReturnType<typeof matchPrintedUid>]> = [
    ['PN532 7-byte NXP card', '4a224b2c31f80', ['04A224B2C31F80'], { ok: true, uid: '04A224B2C31F80' }],
    ['PN532 4-byte card with a short byte in the middle', '4a224b2', ['4A2204B2'], { ok: true, uid: '4A2204B2' }],
    ['full reading wins when enrolled', '12345678', ['12345678', '01020304050678'], { ok: true, uid: '12345678' }],
    ['Wiegand hex number', '763ae8', ['00763AE8'], { ok: true, uid: '00763AE8' }],
    ['no enrolled reading: unknown', '4a224b2', ['94D8FC5F'], { ok: false, reason: 'unknown', candidates: [] }],
    [
      'two enrolled badges print alike: refused, never a guess',
      '4a224b2',
      ['04A224B2', '4A2204B2'],
      { ok: false, reason: 'ambiguous', candidates: ['04A224B2', '4A2204B2'] },
    ],
    ['a card of another length printing alike is not the full reading', '1234567', ['12345678'], { ok: false, reason: 'unknown', candidates: [] }],
    ['the full reading, not enrolled, gives way to the one that is', '12345678', ['01020304050678'], { ok: true, uid: '01020304050678' }],
    ['digits are never a decimal card number', '12345', ['00003039'], { ok: false, reason: 'unknown', candidates: [] }],
  ];
  it.each(cases)('%s', (_name, text, uids, expected) => {
    expect(matchPrintedUid(text, enrolled(...uids))).toEqual(expected);
  });
});
