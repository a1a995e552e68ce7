// The decision path (contract §2): each badge-in from the bus is decided by the domain from the
// in-memory view, answered at once, and only then recorded (audit entry, day taken, occupancy).
// Nothing here awaits I/O before the answer, so a slow or absent database never delays a door.
import { performance } from 'node:perf_hooks';
import { Injectable, type OnModuleInit } from '@nestjs/common';
import { decideAccess, decideExit, openingIsExit, readerSide, type AccessDecision, type ExitDecision } from '#domain';
import { matchPrintedUid } from '#protocol';
import { DeviceEvents, type BadgeEvent, type DoorEvent, type FloodEvent } from '../devices/device-events.js';
import { MemberDirectory, type BadgeHolder } from '../members/member-directory.js';
import { SitesService } from '../sites/sites.service.js';
import type { Door, Site } from '../sites/site.types.js';
import { AccessRecorder } from './access-recorder.js';
import { AccessSettings } from './access-settings.js';
import type { AccessEntry, BadgeAnswer } from './access.types.js';
import { BadgeAnswerer } from './badge-answerer.js';
import { DoorMonitor, type DoorAlarm } from './door-monitor.js';
import { Enrolments } from './enrolments.js';
import { OccupancyEntries } from './occupancy-entries.js';
import { ReaderGuard, type UnknownTrigger } from './reader-guard.js';
import { denialMessage, farewell, messageFor } from './reader-messages.js';
import { SiteControls } from './site-controls.service.js';

/** One decided badge-in, with what the recording needs. */
interface Outcome {
  answer: BadgeAnswer;
  site?: Site;
  door?: Door;
  holder?: BadgeHolder;
  decision?: AccessDecision;
  detail?: string;
  /** This badge-in blocked its card at the reader, or slowed the reader down. */
  blocked?: UnknownTrigger;
  /** A badge at an exit reader: the holder leaves the door's zone. */
  exit?: ExitDecision;
}

@Injectable()
export class AccessService implements OnModuleInit {
  constructor(
    private readonly devices: DeviceEvents,
    private readonly sites: SitesService,
    private readonly directory: MemberDirectory,
    private readonly answerer: BadgeAnswerer,
    private readonly readers: ReaderGuard,
    private readonly doors: DoorMonitor,
    private readonly controls: SiteControls,
    private readonly recorder: AccessRecorder,
    private readonly entries: OccupancyEntries,
    private readonly enrolments: Enrolments,
    private readonly settings: AccessSettings,
  ) {}

  onModuleInit(): void {
    this.devices.on('badge', (event) => this.onBadge(event));
    this.devices.on('door', (event) => this.onDoor(event));
    this.devices.on('flood', (event) => this.recordFlood(event));
    this.doors.onAlarm((alarm) => this.recordAlarm(alarm));
  }

  onBadge(printedEvent: BadgeEvent): void {
    // Decided by the reader while the service was silent: OfflineUploads audits it, nothing decides it again.
    if (printedEvent.offline) return;
    const { event, ambiguous } = this.withEnrolledUid(printedEvent);
    const started = performance.now();
    const repeat = this.readers.repeated(event);
    if (repeat) {
      this.answerer.answer(event, repeat);
      return;
    }
    // A reader armed for enrolment takes this badge for a member instead of deciding it.
    if (this.enrolments.intercept(event)) return;
    const outcome = ambiguous ? denied('unknown-badge', AMBIGUOUS) : this.decide(event);
    this.answerer.answer(event, outcome.answer);
    this.readers.remember(event, outcome.answer);
    this.afterAnswer(event, outcome, performance.now() - started);
  }

  /**
   * An esp-rfid reading that may lack zeros (`printed`) becomes the enrolled badge it stands for, if
   * exactly one (libs/protocol printed-uid.ts). Two enrolled badges printing alike: refused as
   * unknown, never a guess, and not counted toward the unknown-badge block (both cards are known).
   */
  private withEnrolledUid(event: BadgeEvent): { event: BadgeEvent; ambiguous: boolean } {
    if (event.printed === undefined) return { event, ambiguous: false };
    const match = matchPrintedUid(event.printed, (uid) => this.directory.holderOf(uid).badge !== null);
    if (match.ok) return { event: { ...event, uid: match.uid }, ambiguous: false };
    return { event, ambiguous: match.reason === 'ambiguous' };
  }

  private decide(event: BadgeEvent): Outcome {
    const site = this.sites.list().find((s) => s.id === event.site);
    const door = site?.doors.find((d) => d.id === event.door);
    // Before any other check, rate limits included: an exit reader never locks anyone in.
    if (site && door && readerSide(door, event.deviceId) === 'exit') return this.exitOutcome(event, site, door);
    const admission = this.readers.admit(event);
    if (admission !== 'decide') return denied('rate-limited', admission === 'card-blocked' ? 'card blocked at this reader after repeated unknown presentations' : 'reader slowed down after many unknown badges');
    if (!site || !door) return denied('reader-unknown', `no door "${event.door}" at site "${event.site}"`);
    const holder = this.directory.holderOf(event.uid);
    const decision = decideAccess({
      now: event.receivedAt,
      site,
      doorZone: door.zone,
      badge: holder.badge,
      member: holder.member,
      passes: holder.passes,
      lockdown: this.controls.isLocked(site.id),
    });
    // Taken in memory before the next badge-in is decided: the same day is never taken twice.
    if (decision.granted && decision.take) this.directory.applyTake(decision.take);
    const blocked = !decision.granted && decision.reason === 'unknown-badge' ? this.readers.noteUnknown(event) : null;
    const answer: BadgeAnswer = decision.granted
      ? { granted: true, reason: decision.reason, unlockMs: door.unlockMs, message: messageFor(decision, holder.member?.name) }
      : { granted: false, reason: decision.reason, message: messageFor(decision, undefined) };
    return { answer, site, door, holder, decision, blocked, ...(decision.granted || !decision.detail ? {} : { detail: decision.detail }) };
  }

  /** Opens for any badge (docs/occupancy.md, "Exits"); names the member when the badge is theirs. */
  private exitOutcome(event: BadgeEvent, site: Site, door: Door): Outcome {
    const holder = this.directory.holderOf(event.uid);
    const exit = decideExit(holder.badge, holder.member);
    const name = exit.memberId ? holder.member?.name : undefined;
    const answer: BadgeAnswer = { granted: true, reason: exit.reason, unlockMs: door.unlockMs, message: farewell(name ?? '') };
    return { answer, site, door, exit, ...(exit.memberId ? { holder } : {}) };
  }

  private afterAnswer(event: BadgeEvent, outcome: Outcome, latencyMs: number): void {
    const { decision, holder, door } = outcome;
    const member = holder?.member ?? undefined;
    const entry: Omit<AccessEntry, 'id'> = {
      kind: 'badge',
      site: event.site,
      door: event.door,
      reader: event.deviceId,
      uid: event.uid,
      ...(member ? { memberId: member.id, memberName: member.name } : {}),
      granted: outcome.answer.granted,
      reason: outcome.answer.reason,
      ...(outcome.detail ? { detail: outcome.detail } : {}),
      ...(decision?.granted ? { passId: decision.pass.id } : {}),
      ...(decision?.granted && decision.take ? { take: decision.take } : {}),
      at: event.receivedAt.toISOString(),
      ...(event.deviceTime ? { deviceTime: event.deviceTime.toISOString() } : {}),
      latencyMs: Math.round(latencyMs * 1000) / 1000,
    };
    this.recorder.record(entry);
    if (outcome.blocked) this.recordRateLimit(event, outcome.blocked);
    if (outcome.answer.granted && door) {
      this.doors.noteGrant(event.site, door.id, event.receivedAt, door.unlockMs);
      if (outcome.exit) this.entries.recordExit(event.site, door.zone, outcome.exit.memberId, event.receivedAt);
      else this.entries.recordEntry(event.site, door.zone, member?.id, event.receivedAt);
    }
  }

  private onDoor(event: DoorEvent): void {
    const site = this.sites.list().find((s) => s.id === event.site);
    const door = site?.doors.find((d) => d.id === event.door);
    if (!door) return;
    const opening = this.doors.onDoor(event, { freeExit: door.exitOnly === true });
    // An exit-only door opened without a badge: someone left, unnamed (an exit badge was counted already).
    if (opening && openingIsExit(door, opening.withinGrant)) this.entries.recordExit(event.site, door.zone, undefined, event.receivedAt);
  }

  private recordAlarm(alarm: DoorAlarm): void {
    this.recorder.record({ kind: 'alarm', site: alarm.site, door: alarm.door, reason: alarm.reason, detail: alarm.detail, at: alarm.at.toISOString() });
  }

  /** One row per flooding device and summary period, whatever the number of messages dropped. */
  private recordFlood(event: FloodEvent): void {
    const seconds = Math.max(1, Math.round((event.receivedAt.getTime() - event.since.getTime()) / 1000));
    this.recorder.record({
      kind: 'alarm',
      site: event.site,
      ...(event.door ? { door: event.door } : {}),
      ...(event.kind === 'reader' ? { reader: event.deviceId } : {}),
      reason: 'flood',
      detail: `${event.kind} ${event.deviceId}: ${event.dropped} messages dropped over its rate limit in ${seconds} s`,
      at: event.receivedAt.toISOString(),
    });
  }

  private recordRateLimit(event: BadgeEvent, trigger: Exclude<UnknownTrigger, null>): void {
    const minutes = Math.round(this.settings.rateBlockMs / 60_000);
    this.recorder.record({
      kind: 'alarm',
      site: event.site,
      door: event.door,
      reader: event.deviceId,
      ...(trigger === 'card-blocked' ? { uid: event.uid } : {}),
      reason: 'rate-limited',
      detail: trigger === 'card-blocked'
        ? `unknown card presented again and again: blocked at this reader for ${minutes} min`
        : `many different unknown badges: reader slowed to one decision every ${this.settings.slowIntervalMs / 1000} s for ${minutes} min`,
      at: event.receivedAt.toISOString(),
    });
  }
}

const AMBIGUOUS = 'UID lue sans ses zéros (esp-rfid avec PN532) : plusieurs badges enregistrés s’écrivent ainsi';

function denied(reason: 'rate-limited' | 'reader-unknown' | 'unknown-badge', detail?: string): Outcome {
  return { answer: { granted: false, reason, message: denialMessage(reason) }, ...(detail ? { detail } : {}) };
}
