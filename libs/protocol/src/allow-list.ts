// Offline allow-lists (docs/reader-firmware.md): per reader, the badges it may open alone for the
// next 24 h at most and when, signed with the same per-reader key as decisions. Pure, shared by
// the service (which builds and signs them) and firmware-sim (which verifies and decides).
import type { AllowListMessage } from './messages.js';
import { CLOCK_TOLERANCE_MS, hmacSignature, signatureMatches, type SignatureRefusal } from './signing.js';

export const ALLOW_LIST_MAX_MINUTES = 24 * 60;
const MINUTE_MS = 60_000;

export type UnsignedAllowList = Omit<AllowListMessage, 'sig'>;

/**
 * `cantine-allow-list-v1\n{version}\n{from}\n{until}` then one line per group, in message order:
 * `\n{a}-{b},{a}-{b}:{uid},{uid}` (windows and UIDs in message order). ASCII, decimal integers,
 * no `\n` at the end.
 */
export function allowListCanonicalBytes(list: UnsignedAllowList): Buffer {
  const head = ['cantine-allow-list-v1', list.version, list.from, list.until].join('\n');
  const groups = list.groups.map((group) => `\n${group.windows.map(([a, b]) => `${a}-${b}`).join(',')}:${group.uids.join(',')}`);
  return Buffer.from(head + groups.join(''), 'ascii');
}

export function signAllowList(key: Buffer, list: UnsignedAllowList): AllowListMessage {
  return { ...list, sig: hmacSignature(key, allowListCanonicalBytes(list)) };
}

export type AllowListRefusal = SignatureRefusal | 'replayed';
export type AllowListCheck = { ok: true } | { ok: false; reason: AllowListRefusal };

/**
 * Refuses a forged list, one already over (or starting later than the clock tolerance allows),
 * and any list not newer than the one held: an older list may still name a revoked badge.
 */
export function verifyAllowList(
  key: Buffer,
  list: AllowListMessage,
  now: number,
  heldVersion: number | undefined,
  toleranceMs = CLOCK_TOLERANCE_MS,
): AllowListCheck {
  const { sig, ...unsigned } = list;
  if (!signatureMatches(key, allowListCanonicalBytes(unsigned), sig)) return { ok: false, reason: 'forged' };
  const tooLong = list.until - list.from > ALLOW_LIST_MAX_MINUTES * MINUTE_MS;
  if (tooLong || now > list.until + toleranceMs || list.from > now + toleranceMs) return { ok: false, reason: 'stale' };
  if (heldVersion !== undefined && list.version <= heldVersion) return { ok: false, reason: 'replayed' };
  return { ok: true };
}

/** Whether the list opens for `uid` at `now`: a window of its group covers now, before `until`. */
export function allowListGrants(list: UnsignedAllowList, uid: string, now: number): boolean {
  if (now < list.from || now >= list.until) return false;
  const minute = (now - list.from) / MINUTE_MS;
  const group = list.groups.find((candidate) => candidate.uids.includes(uid));
  return group?.windows.some(([a, b]) => a <= minute && minute < b) ?? false;
}

/** Intervals in epoch ms, `[from, to)`. */
export type Interval = readonly [number, number];

/**
 * Builds the list's groups from each UID's grant intervals: minutes after `from`, rounded inward
 * (start up, end down) so the list never opens where the service would not. UIDs without a
 * window are left out; groups and UIDs are sorted, so the same inputs sign the same bytes.
 */
export function allowListGroups(from: number, until: number, intervals: ReadonlyMap<string, readonly Interval[]>): AllowListMessage['groups'] {
  const minutes = new Map<string, Array<[number, number]>>();
  for (const [uid, list] of intervals) minutes.set(uid, allowListWindows(from, until, list));
  return groupAllowList(minutes);
}

/**
 * The groups of a list from each UID's windows already in minutes (allowListWindows): UIDs
 * without a window are left out; groups and UIDs sorted, as allowListGroups.
 */
export function groupAllowList(windowsByUid: ReadonlyMap<string, ReadonlyArray<readonly [number, number]>>): AllowListMessage['groups'] {
  const byWindows = new Map<string, { windows: Array<[number, number]>; uids: string[] }>();
  for (const [uid, minutes] of windowsByUid) {
    if (minutes.length === 0) continue;
    const windows = minutes.map(([a, b]): [number, number] => [a, b]);
    const key = JSON.stringify(windows);
    const group = byWindows.get(key) ?? { windows, uids: [] };
    group.uids.push(uid);
    byWindows.set(key, group);
  }
  const groups = [...byWindows.values()];
  for (const group of groups) group.uids.sort();
  return groups.sort((a, b) => (a.uids[0]! < b.uids[0]! ? -1 : 1));
}

/** A UID's windows in minutes after `from`, rounded inward; empty when no whole minute is left. */
export function allowListWindows(from: number, until: number, intervals: readonly Interval[]): Array<[number, number]> {
  const windows: Array<[number, number]> = [];
  for (const [start, end] of intervals) {
    const a = Math.max(0, Math.ceil((start - from) / MINUTE_MS));
    const b = Math.min(Math.floor((until - from) / MINUTE_MS), Math.floor((end - from) / MINUTE_MS), ALLOW_LIST_MAX_MINUTES);
    if (b > a) windows.push([a, b]);
  }
  return windows;
}

/** Characters of a signature (HMAC-SHA256, base64url without padding). */
const SIGNATURE_CHARS = 43;

/** Bytes of the encoded, signed list with no group: what any list for this range costs before its badges. */
export function allowListBaseBytes(version: number, from: number, until: number): number {
  return Buffer.byteLength(JSON.stringify({ version, from, until, groups: [], sig: 'x'.repeat(SIGNATURE_CHARS) }), 'utf8');
}

/**
 * The least a listed UID adds to the encoded list: its quotes and a comma (its group's windows and
 * keys come on top). A zone whose UIDs add up past the room left after allowListBaseBytes cannot
 * fit, and is known to be too big without grouping, signing or encoding its list.
 */
export function allowListUidBytes(uid: string): number {
  return uid.length + 3;
}
