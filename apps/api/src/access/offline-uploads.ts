// Badge-ins a native reader decided alone from its allow-list while the service was silent,
// uploaded afterwards as badge messages with `offline: true` (docs/reader-firmware.md). The door
// already did what it did: nothing is decided or answered again, the event is audited as the
// reader reports it. Each upload is recorded once: its audit id is derived from the reader,
// seq, UID and time, so a redelivery (QoS 1, a reader uploading twice, a restart) is ignored by
// the audit log's insert-or-ignore, and repeats within a run are not even fed to the live feed.
// An upload is believed only when the service can vouch for it (the domain's rule 9,
// offline-upload.ts): otherwise it is audited as `offline-rejected`, with why, and takes nothing.
import { createHash } from 'node:crypto';
import { Injectable, type OnModuleInit } from '@nestjs/common';
import { decideAccess, judgeOfflineUpload, type AccessDecision } from '#domain';
import { CLOCK_TOLERANCE_MS } from '#protocol';
import { DeviceEvents, type BadgeEvent } from '../devices/device-events.js';
import { DeviceMonitor } from '../devices/device-monitor.js';
import { DeviceRegistry } from '../devices/device-registry.js';
import { AllowListPublisher } from '../allow-lists/allow-list-publisher.js';
import { MemberDirectory } from '../members/member-directory.js';
import { SitesService } from '../sites/sites.service.js';
import { AccessRecorder } from './access-recorder.js';
import { AccessSettings } from './access-settings.js';
import type { AccessEntry } from './access.types.js';
import { ReaderGuard } from './reader-guard.js';

const SEEN_KEPT = 10_000;

@Injectable()
export class OfflineUploads implements OnModuleInit {
  private readonly seen = new Set<string>();

  constructor(
    private readonly devices: DeviceEvents,
    private readonly sites: SitesService,
    private readonly directory: MemberDirectory,
    private readonly readers: ReaderGuard,
    private readonly recorder: AccessRecorder,
    private readonly settings: AccessSettings,
    private readonly monitor: DeviceMonitor,
    private readonly registry: DeviceRegistry,
    private readonly lists: AllowListPublisher,
  ) {}

  onModuleInit(): void {
    this.devices.on('badge', (event) => {
      if (event.offline) this.record(event);
    });
  }

  record(event: BadgeEvent): void {
    const at = offlineTime(event);
    const id = uploadId(event);
    // Delivered late and decided online already: that decision is the one in the log.
    if (this.seen.has(id) || this.readers.repeated(event)) return;
    this.remember(id);
    const holder = this.directory.holderOf(event.uid);
    const claimed = event.offlineGranted === true;
    const decision = this.decisionAt(event, at);
    // Judged on the time the reader claims, unclamped: a `ts` ahead of the upload is not believed.
    const verdict = this.judge(event, event.deviceTime ?? event.receivedAt, claimed, decision);
    const take = verdict.ok && claimed ? this.dayToTake(decision) : undefined;
    const entry: AccessEntry = {
      id,
      kind: 'badge',
      site: event.site,
      door: event.door,
      reader: event.deviceId,
      uid: event.uid,
      ...(holder.member ? { memberId: holder.member.id, memberName: holder.member.name } : {}),
      // A refused upload says nothing the service believes about the door: no outcome, no chart point.
      ...(verdict.ok ? { granted: claimed } : {}),
      reason: verdict.ok ? 'offline' : 'offline-rejected',
      detail: verdict.ok
        ? `decided by the reader from its allow-list, uploaded ${event.receivedAt.toISOString()}`
        : `upload refused (${verdict.reason}): the reader says it ${claimed ? 'opened' : 'refused'}, uploaded ${event.receivedAt.toISOString()}`,
      ...(take ? { passId: take.passId, take } : {}),
      at: at.toISOString(),
      ...(event.deviceTime ? { deviceTime: event.deviceTime.toISOString() } : {}),
    };
    this.recorder.record(entry);
  }

  private judge(event: BadgeEvent, at: Date, claimed: boolean, decision: AccessDecision | undefined) {
    const site = this.sites.list().find((s) => s.id === event.site);
    const reader = this.registry.get(event.deviceId);
    return judgeOfflineUpload({
      at,
      receivedAt: event.receivedAt,
      granted: claimed,
      timeZone: site?.timezone ?? 'UTC',
      provisionedAt: reader?.createdAt ?? new Date(0),
      readerOnline: this.monitor.wasHearing(event.deviceId, at),
      listed: () => this.listed(event, at, decision),
      maxAgeMs: this.settings.offlineUploadMaxAgeMs,
      toleranceMs: CLOCK_TOLERANCE_MS,
    });
  }

  /**
   * Whether the list the reader could hold then let the card in: from the lists sent since the
   * service started; for earlier times, from the domain rules the lists are built from
   * (grant-windows.ts: exactly where decideAccess grants), with what the service knows now.
   */
  private listed(event: BadgeEvent, at: Date, decision: AccessDecision | undefined): boolean {
    const zone = this.sites.list().find((s) => s.id === event.site)?.doors.find((d) => d.id === event.door)?.zone;
    const sent = zone === undefined ? undefined : this.lists.history.listed(event.site, zone, event.uid, at.getTime());
    return sent ?? decision?.granted === true;
  }

  /**
   * What the service would have decided at that moment, from what it knows now: the grants the
   * reader's list was built from (lockdown aside: the list in force then already said it).
   */
  private decisionAt(event: BadgeEvent, at: Date): AccessDecision | undefined {
    const site = this.sites.list().find((s) => s.id === event.site);
    const door = site?.doors.find((d) => d.id === event.door);
    if (!site || !door) return undefined;
    const holder = this.directory.holderOf(event.uid);
    return decideAccess({ now: at, site, doorZone: door.zone, badge: holder.badge, member: holder.member, passes: holder.passes });
  }

  /**
   * A believed grant offline still spends what it would have spent online: the pass decideAccess
   * picks at that moment, its day taken only if not already taken (by an online badge-in, or an
   * upload). The outcome itself is never changed by this.
   */
  private dayToTake(decision: AccessDecision | undefined): AccessEntry['take'] {
    if (!decision?.granted || !decision.take || !this.directory.applyTake(decision.take)) return undefined;
    return decision.take;
  }

  private remember(id: string): void {
    this.seen.add(id);
    if (this.seen.size > SEEN_KEPT) this.seen.delete(this.seen.values().next().value as string);
  }
}

/** The reader's own time (when the door did or did not open), never later than the upload. */
function offlineTime(event: BadgeEvent): Date {
  const device = event.deviceTime;
  return device && device.getTime() <= event.receivedAt.getTime() ? device : event.receivedAt;
}

/** A UUID-shaped digest of what identifies one offline badge-in. */
function uploadId(event: BadgeEvent): string {
  const ts = event.deviceTime?.toISOString() ?? '';
  const hex = createHash('sha256').update(`offline\n${event.site}\n${event.deviceId}\n${event.seq ?? ''}\n${event.uid}\n${ts}`).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}
