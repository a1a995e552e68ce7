// Enrolment mode: a manager arms a reader for a member; the next badge presented there is not
// decided but becomes that member's new badge. The reader gets a denial (an enrolment opens no
// door) whose message says what happened; the dashboard hears the outcome on the `/manager`
// socket (`enrolment`) or by polling. See docs/access-control.md, "Enrolment mode".
import { Clock } from '../infra/clock.js';
import { ConflictException, Injectable, Logger, NotFoundException, type OnApplicationShutdown } from '@nestjs/common';
import { normalizeUid, type EnrolmentResult, type EnrolmentState } from '#protocol';
import type { BadgeEvent } from '../devices/device-events.js';
import { logFailure } from '../infra/logging.js';
import { DeviceRegistry } from '../devices/device-registry.js';
import { MemberDirectory } from '../members/member-directory.js';
import { MembersService } from '../members/members.service.js';
import { SitesService } from '../sites/sites.service.js';
import type { BadgeAnswer } from './access.types.js';
import { BadgeAnswerer } from './badge-answerer.js';
import { ReaderGuard } from './reader-guard.js';

export const ENROLMENT_DEFAULT_SECONDS = 60;

// The shapes are libs/protocol's: /api/docs, the `/manager` socket and the dashboard share them.
export type { EnrolmentResult, EnrolmentState } from '#protocol';
export type EnrolmentError = NonNullable<EnrolmentResult['error']>;

interface Slot {
  memberId: string;
  expiresAt: number;
  timer: NodeJS.Timeout;
}

/**
 * The contract's reasons are a closed list without an enrolment: `no-valid-pass` is true of the
 * moment (the badge opened nothing) and every reader handles it; the message tells the person.
 */
const ANSWERS: Record<'enrolled' | 'uid-taken' | 'uid-unreadable', BadgeAnswer> = {
  enrolled: { granted: false, reason: 'no-valid-pass', message: 'Badge enregistré' },
  'uid-taken': { granted: false, reason: 'no-valid-pass', message: 'Badge déjà attribué' },
  'uid-unreadable': { granted: false, reason: 'no-valid-pass', message: 'Badge illisible ici : enregistrez-le sur un autre lecteur' },
};

@Injectable()
export class Enrolments implements OnApplicationShutdown {
  private readonly logger = new Logger('Enrolment');
  private readonly slots = new Map<string, Slot>();
  private readonly results = new Map<string, EnrolmentResult>();
  private readonly listeners: Array<(result: EnrolmentResult) => void> = [];

  constructor(
    private readonly members: MembersService,
    private readonly directory: MemberDirectory,
    private readonly sites: SitesService,
    private readonly answerer: BadgeAnswerer,
    private readonly readers: ReaderGuard,
    private readonly registry: DeviceRegistry,
    private readonly clock: Clock,
  ) {}

  onResult(listener: (result: EnrolmentResult) => void): void {
    this.listeners.push(listener);
  }

  /** Arms a reader for `seconds`; arming it again replaces the previous member. */
  arm(site: string, reader: string, memberId: string, seconds = ENROLMENT_DEFAULT_SECONDS): EnrolmentState {
    this.checkReader(site, reader);
    if (!this.directory.member(memberId)) throw new NotFoundException(`Membre inconnu « ${memberId} »`);
    this.disarm(site, reader);
    const key = keyOf(site, reader);
    const timer = setTimeout(() => this.expire(site, reader), seconds * 1000);
    timer.unref();
    this.slots.set(key, { memberId, expiresAt: Date.now() + seconds * 1000, timer });
    this.logger.log(`Reader ${key} armed for enrolment (${seconds} s)`);
    return this.state(site, reader);
  }

  disarm(site: string, reader: string): EnrolmentState {
    const slot = this.slots.get(keyOf(site, reader));
    if (slot) clearTimeout(slot.timer);
    this.slots.delete(keyOf(site, reader));
    return this.state(site, reader);
  }

  state(site: string, reader: string): EnrolmentState {
    this.sites.get(site);
    const slot = this.slots.get(keyOf(site, reader));
    const armed = slot ? { memberId: slot.memberId, expiresAt: new Date(slot.expiresAt).toISOString() } : null;
    return { site, reader, armed, last: this.results.get(keyOf(site, reader)) ?? null };
  }

  /**
   * Called by the decision path before deciding: true when the badge-in was taken for an
   * enrolment (then it is answered here and must not be decided). Answers at once, like a decision.
   */
  intercept(event: BadgeEvent): boolean {
    const key = keyOf(event.site, event.deviceId);
    const slot = this.slots.get(key);
    if (!slot) return false;
    clearTimeout(slot.timer);
    this.slots.delete(key);
    // The 409 rule of POST /api/members/{id}/badges, checked before answering.
    const taken = this.directory.activeBadge(event.uid);
    // esp-rfid's PN532 print without leading zeros stands for several UIDs (libs/protocol
    // printed-uid.ts): enrolling a guess would make a badge no other reader recognises.
    const unreadable = !taken && event.printed !== undefined && !normalizeUid(event.printed, 'hex').ok;
    const outcome = taken ? 'uid-taken' : unreadable ? 'uid-unreadable' : 'enrolled';
    this.answerer.answer(event, ANSWERS[outcome]);
    this.readers.remember(event, ANSWERS[outcome]);
    if (outcome === 'enrolled') void this.write(event, slot.memberId);
    else this.finish(event.site, event.deviceId, { memberId: slot.memberId, ...(taken ? { uid: event.uid } : {}), error: outcome });
    return true;
  }

  onApplicationShutdown(): void {
    for (const slot of this.slots.values()) clearTimeout(slot.timer);
    this.slots.clear();
  }

  private async write(event: BadgeEvent, memberId: string): Promise<void> {
    try {
      await this.members.addBadge(memberId, { uid: event.uid });
      this.finish(event.site, event.deviceId, { memberId, uid: event.uid });
    } catch (error) {
      // A concurrent API call may have taken the UID between the answer and the write.
      const cause: EnrolmentError = error instanceof ConflictException ? 'uid-taken' : 'write-failed';
      if (cause === 'write-failed') logFailure(this.logger, `Enrolment at ${event.site}/${event.deviceId} failed`, error);
      this.finish(event.site, event.deviceId, { memberId, uid: event.uid, error: cause });
    }
  }

  private expire(site: string, reader: string): void {
    const slot = this.slots.get(keyOf(site, reader));
    if (!slot) return;
    this.slots.delete(keyOf(site, reader));
    this.finish(site, reader, { memberId: slot.memberId, error: 'expired' });
  }

  private finish(site: string, reader: string, outcome: Omit<EnrolmentResult, 'site' | 'reader' | 'at'>): void {
    const result: EnrolmentResult = { site, reader, ...outcome, at: this.clock.now().toISOString() };
    this.results.set(keyOf(site, reader), result);
    // No UID in the log (docs/security.md, "Privacy"): the manager sees it on the /manager socket.
    this.logger.log(`Enrolment at ${site}/${reader}: ${result.error ?? 'badge enrolled'}`);
    for (const listener of this.listeners) listener(result);
  }

  /** 404 unless the site exists and the reader is one of its readers. */
  private checkReader(site: string, reader: string): void {
    this.sites.get(site);
    const device = this.registry.get(reader);
    if (device?.kind !== 'reader' || device.site !== site) throw new NotFoundException(`Aucun lecteur « ${reader} » sur le site « ${site} »`);
  }
}

function keyOf(site: string, reader: string): string {
  return `${site}/${reader}`;
}
