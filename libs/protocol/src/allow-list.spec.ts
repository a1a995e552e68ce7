// Offline allow-lists: canonical bytes and test vector, grouping and rounding, verification
// (forgery, expiry, older versions) and the offline decision.
import { describe, expect, it } from 'vitest';
import {
  allowListBaseBytes,
  allowListCanonicalBytes,
  allowListGrants,
  allowListGroups,
  allowListUidBytes,
  signAllowList,
  verifyAllowList,
  type UnsignedAllowList,
} from './allow-list.js';
import { encodeMessage } from './codec.js';
import { deriveDecisionKey, hmacSignature } from './signing.js';

const key = deriveDecisionKey('0123456789abcdefghijklmnopqrstuv');
const FROM = 1_772_442_000_000;
const H = 3_600_000;
const list: UnsignedAllowList = {
  version: FROM,
  from: FROM,
  until: FROM + 24 * H,
  groups: [{ windows: [[0, 420], [1380, 1440]], uids: ['04A224B2C31F80', '0A0B0C0D'] }],
};

describe('allow-list canonical bytes', () => {
  it('writes the header, then one line per group', () => {
    expect(allowListCanonicalBytes(list).toString('ascii')).toBe('cantine-allow-list-v1\n1772442000000\n1772442000000\n1772528400000\n0-420,1380-1440:04A224B2C31F80,0A0B0C0D');
    expect(allowListCanonicalBytes({ ...list, groups: [] }).toString('ascii')).toBe('cantine-allow-list-v1\n1772442000000\n1772442000000\n1772528400000');
    expect(allowListCanonicalBytes({ ...list, groups: [...list.groups, { windows: [[480, 1080]], uids: ['94D8FC5F'] }] }).toString('ascii')).toBe(
      'cantine-allow-list-v1\n1772442000000\n1772442000000\n1772528400000\n0-420,1380-1440:04A224B2C31F80,0A0B0C0D\n480-1080:94D8FC5F',
    );
  });

  it('signs the test vector as documented', () => {
    expect(hmacSignature(key, allowListCanonicalBytes(list))).toBe('cimGO9u0FWSfBZkMEWhh3izxNvUo046CPv_8gC1ioDs');
    expect(signAllowList(key, list).sig).toBe('cimGO9u0FWSfBZkMEWhh3izxNvUo046CPv_8gC1ioDs');
  });

  it('fits the 4 KiB payload cap for about two hundred badges sharing their hours', () => {
    const uids = Array.from({ length: 200 }, (_, i) => `04${i.toString(16).padStart(12, '0').toUpperCase()}`);
    const big = signAllowList(key, { ...list, groups: [{ windows: [[0, 420]], uids }] });
    expect(encodeMessage('allow-list', big).byteLength).toBeLessThanOrEqual(4096);
  });
});

describe('allow-list size bound', () => {
  const encoded = (groups: UnsignedAllowList['groups']) => encodeMessage('allow-list', signAllowList(key, { ...list, groups })).byteLength;
  const bound = (groups: UnsignedAllowList['groups']) =>
    allowListBaseBytes(list.version, list.from, list.until) +
    groups.flatMap((group) => group.uids).reduce((sum, uid) => sum + allowListUidBytes(uid), 0);

  it('is exactly the encoded size of an empty list', () => {
    expect(bound([])).toBe(encoded([]));
  });

  it('never exceeds the encoded size, however the UIDs are grouped', () => {
    const uids = ['0A0B0C0D', '04A224B2C31F80', '04A224B2C31F80AABBCC', '94D8FC5F', '04000000000001'];
    const cases: Array<UnsignedAllowList['groups']> = [
      [{ windows: [[0, 1]], uids: [uids[0]!] }],
      [{ windows: [[0, 420], [1380, 1440]], uids }],
      uids.map((uid, i) => ({ windows: [[i, i + 1]], uids: [uid] })),
      [{ windows: [[0, 1440]], uids: uids.slice(0, 2) }, { windows: [[540, 1020]], uids: uids.slice(2) }],
    ];
    for (const groups of cases) {
      expect(bound(groups)).toBeLessThanOrEqual(encoded(groups));
      // Tight for one group: it adds only its keys and windows, less the comma its last UID does not have.
      const keys = '{"windows":,"uids":[]}'.length - 1;
      if (groups.length === 1) expect(encoded(groups) - bound(groups)).toBe(keys + JSON.stringify(groups[0]!.windows).length);
    }
  });
});

describe('verifyAllowList', () => {
  const signed = signAllowList(key, list);

  it.each([
    ['a fresh list', FROM + H, undefined, { ok: true }],
    ['a newer version than the one held', FROM + H, FROM - 1, { ok: true }],
    ['the same version again', FROM + H, FROM, { ok: false, reason: 'replayed' }],
    ['an older version', FROM + H, FROM + 1, { ok: false, reason: 'replayed' }],
    ['after until', FROM + 25 * H, undefined, { ok: false, reason: 'stale' }],
    ['a list that starts later than the clock tolerance', FROM - 60_000, undefined, { ok: false, reason: 'stale' }],
    ['until passed by exactly the clock tolerance', FROM + 24 * H + 2_000, undefined, { ok: true }],
    ['until passed by more than the clock tolerance', FROM + 24 * H + 2_001, undefined, { ok: false, reason: 'stale' }],
    ['a list starting exactly the clock tolerance ahead', FROM - 2_000, undefined, { ok: true }],
    ['a list starting just past the clock tolerance', FROM - 2_001, undefined, { ok: false, reason: 'stale' }],
  ])('%s', (_name, now, held, expected) => {
    expect(verifyAllowList(key, signed, now, held)).toEqual(expected);
  });

  it.each([
    ['a UID added', { ...signed, groups: [{ ...signed.groups[0]!, uids: [...signed.groups[0]!.uids, 'DEADBEEF'] }] }],
    ['a window widened', { ...signed, groups: [{ ...signed.groups[0]!, windows: [[0, 1440]] as Array<[number, number]> }] }],
    ['a later until', { ...signed, until: signed.until + H }],
    ['a higher version', { ...signed, version: signed.version + 1 }],
    ['another key', signAllowList(deriveDecisionKey('rogue'), list)],
  ])('refuses a tampered list: %s', (_name, tampered) => {
    expect(verifyAllowList(key, tampered, FROM + H, undefined)).toEqual({ ok: false, reason: 'forged' });
  });

  it('refuses a list claiming more than 24 h', () => {
    expect(verifyAllowList(key, signAllowList(key, { ...list, until: FROM + 25 * H }), FROM + H, undefined)).toEqual({ ok: false, reason: 'stale' });
  });
});

describe('allowListGrants', () => {
  it.each([
    ['inside the first window', '04A224B2C31F80', FROM + H, true],
    ['at a window end (exclusive)', '0A0B0C0D', FROM + 7 * H, false],
    ['in the last hour', '0A0B0C0D', FROM + 23.5 * H, true],
    ['after until', '0A0B0C0D', FROM + 24 * H, false],
    ['before from', '0A0B0C0D', FROM - 1, false],
    ['a UID not listed', 'DEADBEEF', FROM + H, false],
    ['at from, in a window starting there', '0A0B0C0D', FROM, true],
    ['at a window start (inclusive)', '0A0B0C0D', FROM + 23 * H, true],
  ])('%s', (_name, uid, now, expected) => {
    expect(allowListGrants(list, uid, now)).toBe(expected);
  });

  // A list's windows may outlast it (a reader keeps what it was sent): `until` still ends it.
  it.each([
    ['before until', FROM + H, true],
    ['at until', FROM + 2 * H, false],
    ['after until', FROM + 3 * H, false],
  ])('a window longer than the list: %s', (_name, now, expected) => {
    expect(allowListGrants({ ...list, until: FROM + 2 * H, groups: [{ windows: [[0, 1440]], uids: ['0A0B0C0D'] }] }, '0A0B0C0D', now)).toBe(expected);
  });
});

describe('allowListGroups', () => {
  it('groups UIDs with the same windows, sorted, and leaves out UIDs without any', () => {
    const intervals = new Map<string, Array<[number, number]>>([
      ['0A0B0C0D', [[FROM, FROM + 7 * H]]],
      ['04A224B2C31F80', [[FROM, FROM + 7 * H]]],
      ['1A1B1C1D', [[FROM + 2 * H, FROM + 3 * H]]],
      ['2A2B2C2D', []],
    ]);
    expect(allowListGroups(FROM, FROM + 24 * H, intervals)).toEqual([
      { windows: [[0, 420]], uids: ['04A224B2C31F80', '0A0B0C0D'] },
      { windows: [[120, 180]], uids: ['1A1B1C1D'] },
    ]);
  });

  it('sorts groups by their first UID whatever order the UIDs came in', () => {
    const intervals = new Map<string, Array<[number, number]>>([
      ['FF000001', [[FROM, FROM + H]]],
      ['AA000001', [[FROM + 2 * H, FROM + 3 * H]]],
      ['CC000001', [[FROM + 4 * H, FROM + 5 * H]]],
      ['BB000001', [[FROM + 6 * H, FROM + 7 * H]]],
    ]);
    expect(allowListGroups(FROM, FROM + 24 * H, intervals).map((g) => g.uids[0])).toEqual(['AA000001', 'BB000001', 'CC000001', 'FF000001']);
  });

  it('ends a window at the list when the grant runs past it', () => {
    const intervals = new Map([['0A0B0C0D', [[FROM, FROM + 5 * H]] as Array<[number, number]>]]);
    expect(allowListGroups(FROM, FROM + 2 * H, intervals)).toEqual([{ windows: [[0, 120]], uids: ['0A0B0C0D'] }]);
  });

  it('rounds inward to whole minutes and clips to the list: never opens where the service would not', () => {
    const intervals = new Map([['0A0B0C0D', [[FROM + 30_000, FROM + 90_000], [FROM + 150_000, FROM + 400_000], [FROM + 23 * H, FROM + 30 * H]] as Array<[number, number]>]]);
    expect(allowListGroups(FROM, FROM + 24 * H, intervals)).toEqual([{ windows: [[3, 6], [1380, 1440]], uids: ['0A0B0C0D'] }]);
  });
});
