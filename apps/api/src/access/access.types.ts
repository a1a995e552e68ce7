// What access control records and tells: the audit entries (database rows, on-disk queue lines,
// API and socket items share this shape) and the answer a reader gets.
import type { HalfDayPeriod } from '#domain';
import type { AccessEventViewBody } from '#protocol';

export type AccessEventKind = 'badge' | 'alarm' | 'unlock' | 'lockdown';
export const ACCESS_EVENT_KINDS: readonly AccessEventKind[] = ['badge', 'alarm', 'unlock', 'lockdown'];

/** Alarm reasons: a door forced or held open, a card blocked for unknown badges, a device over its message rate. */
export type AlarmReason = 'forced-open' | 'held-open' | 'rate-limited' | 'flood';

/** One audit entry; instants as ISO text so it round-trips through the JSON-lines queue unchanged. */
export interface AccessEntry {
  /** Made here, so a replayed batch is never written twice. */
  id: string;
  kind: AccessEventKind;
  site: string;
  door?: string;
  reader?: string;
  uid?: string;
  memberId?: string;
  memberName?: string;
  granted?: boolean;
  /** Badge: pass type or denial reason. Alarm: its AlarmReason. Unlock: `remote`. Lockdown: `on` / `off`. */
  reason: string;
  detail?: string;
  passId?: string;
  managerId?: string;
  /** Service time. */
  at: string;
  deviceTime?: string;
  latencyMs?: number;
  /** The day taken from a pass by this grant: written in the same transaction as the entry. */
  take?: { passId: string; date: string; period?: HalfDayPeriod };
}

/** What the reader is told (the devices feature turns it into the reader's own protocol). */
export interface BadgeAnswer {
  granted: boolean;
  reason: string;
  unlockMs?: number;
  message?: string;
}

/** An entry as `GET /api/access-events` and the `/manager` socket show it: libs/protocol's schema. */
export type AccessEventView = AccessEventViewBody;

export function toView(entry: AccessEntry): AccessEventView {
  return {
    id: entry.id,
    kind: entry.kind,
    time: entry.at,
    site: entry.site,
    door: entry.door ?? null,
    reader: entry.reader ?? null,
    uid: entry.uid ?? null,
    member: entry.memberId ? { id: entry.memberId, name: entry.memberName ?? null } : null,
    granted: entry.granted ?? null,
    reason: entry.reason,
    detail: entry.detail ?? null,
    managerId: entry.managerId ?? null,
    deviceTime: entry.deviceTime ?? null,
    latencyMs: entry.latencyMs ?? null,
  };
}
