// Members, badges and passes: validate, write to the database, then update the in-memory view the
// door decisions read (only after the write committed, so the view never holds what was lost).
import { randomUUID } from 'node:crypto';
import { BadRequestException, ConflictException, Injectable, NotFoundException, type OnModuleInit } from '@nestjs/common';
import { listPriceCents, localTime, passInForce, startOfLocalDay, summarisePass, withPassDefaults, ANY_ZONE, type Pass, type PassSummary } from '#domain';
import { normalizeUid, type BadgeCreateDto, type UidRejection, type MemberCreateDto, type MemberListItem, type PassCreateDto } from '#protocol';
import { Clock } from '../infra/clock.js';
import { invalidFields } from '../infra/http/zod-body.pipe.js';
import { SitesService } from '../sites/sites.service.js';
import type { Site } from '../sites/site.types.js';
import { MemberDirectory } from './member-directory.js';
import type { BadgeRecord, MemberRecord, MembersSnapshot } from './member.types.js';
import { MembersRepository } from './members.repository.js';
import { PassLifecycleService } from './pass-lifecycle.service.js';
import { TariffsService } from './tariffs.service.js';

// The views' shapes live in libs/protocol (shared with the dashboard and /api/docs).
export type { BadgeView, MemberView, PassView } from '#protocol';
import type { BadgeView, MemberView, PassView } from '#protocol';

@Injectable()
export class MembersService implements OnModuleInit {
  constructor(
    private readonly repository: MembersRepository,
    private readonly directory: MemberDirectory,
    private readonly sites: SitesService,
    private readonly tariffs: TariffsService,
    private readonly lifecycle: PassLifecycleService,
    private readonly clock: Clock,
  ) {}

  async onModuleInit(): Promise<void> {
    const snapshot = await this.repository.snapshot();
    await this.fillPrices(snapshot);
    this.directory.load(snapshot);
  }

  async createMember(body: MemberCreateDto): Promise<{ id: string }> {
    const member: MemberRecord = { id: randomUUID(), ...body, email: body.email.toLowerCase(), active: true, createdAt: this.clock.now() };
    if (this.emailHolder(member.email, member.id)) throw emailTaken();
    if ((await this.repository.createMember(member)) === 'email-taken') throw emailTaken();
    this.directory.putMember(member);
    return { id: member.id };
  }

  /** Another member holding `email`, compared case-insensitively (stored e-mails are lower case). */
  emailHolder(email: string, exceptId: string): MemberRecord | undefined {
    const wanted = email.toLowerCase();
    return this.directory.allMembers().find((m) => m.id !== exceptId && m.email.toLowerCase() === wanted);
  }

  /** Every member record, in directory order: a page is cut from it before the views are built. */
  records(): MemberRecord[] {
    return this.directory.allMembers();
  }

  list(members = this.records()): MemberView[] {
    return members.map((member) => this.view(member));
  }

  /**
   * A page of the members list with what its rows show: the pass in force and what is left of it
   * (from the in-memory passes), and whether they came in today (one query for the whole page).
   */
  async listItems(members: MemberRecord[]): Promise<MemberListItem[]> {
    const site = this.defaultSite();
    const now = this.clock.now();
    const today = localTime(now, site.timezone).date;
    const present = members.length ? await this.repository.badgedInSince(startOfLocalDay(today, site.timezone)) : new Set<string>();
    return members.map((member) => {
      const passes = this.directory.passesOf(member.id).map((pass) => passView(pass, summarisePass(pass, now, site)));
      return { ...this.view(member), currentPass: passInForce(passes, today), presentToday: present.has(member.id) };
    });
  }

  get(memberId: string): MemberView & { passes: PassView[] } {
    const member = this.member(memberId);
    return { ...this.view(member), passes: this.passes(memberId) };
  }

  async addBadge(memberId: string, body: BadgeCreateDto): Promise<BadgeView & { memberId: string }> {
    this.member(memberId);
    const uid = canonicalUid(body.uid);
    if (this.directory.activeBadge(uid)) throw uidTaken(uid);
    const badge: BadgeRecord = { uid, memberId, status: 'active', createdAt: new Date() };
    if ((await this.repository.addBadge(badge)) === 'uid-taken') throw uidTaken(uid);
    this.directory.putBadge(badge);
    return { memberId, ...badgeView(badge) };
  }

  /** Refused from its next badge-in: the view changes as soon as the row does. */
  async revokeBadge(rawUid: string, accountId: string | null = null, keepPasses = false): Promise<BadgeView & { memberId: string }> {
    const uid = canonicalUid(rawUid);
    const badge = this.directory.activeBadge(uid);
    if (!badge) throw new NotFoundException(`Aucun badge actif n’a l’UID ${uid}`);
    const at = this.clock.now();
    await this.repository.revokeBadge(uid, at);
    this.directory.revokeBadge(uid, at);
    // Their last badge gone, the member has left: their passes end today (issue 12), unless the
    // badge is being replaced (`keepPasses`, or the new badge enrolled before the old is revoked).
    const left = !keepPasses && !this.directory.badgesOf(badge.memberId).some((b) => b.status === 'active');
    if (left) await this.lifecycle.endAllOf(badge.memberId, accountId);
    return { memberId: badge.memberId, ...badgeView(badge) };
  }

  async addPass(memberId: string, body: PassCreateDto): Promise<{ id: string }> {
    const member = this.member(memberId);
    this.checkZones(body.zones);
    const site = this.defaultSite();
    const soldOn = localTime(this.clock.now(), site.timezone).date;
    const tariffs = this.tariffs.current();
    const validFrom = body.validFrom ?? (body.type === 'subscription' ? soldOn : undefined);
    const pass: Pass = withPassDefaults({
      id: randomUUID(),
      memberId,
      type: body.type,
      ...(validFrom !== undefined ? { validFrom } : {}),
      ...(body.validUntil !== undefined ? { validUntil: body.validUntil } : {}),
      ...(body.credits !== undefined ? { credits: body.credits } : {}),
      ...(body.zones ? { zones: body.zones } : {}),
      ...(body.title !== undefined ? { title: body.title } : {}),
      soldOn,
      // The price is fixed now: later tariffs or adherent status never reprice this sale.
      priceCents: body.price ?? listPriceCents(body, member, tariffs),
      ...(body.type === 'subscription' ? { endMode: tariffs.subscriptionEnd } : {}),
    });
    await this.repository.createPass(pass, this.clock.now());
    this.directory.putPass(pass);
    return { id: pass.id };
  }

  /** Each pass with what is left of it, counted in the site's calendar (default: the first site). */
  passes(memberId: string, siteId?: string): PassView[] {
    this.member(memberId);
    const site = siteId ? this.sites.get(siteId) : this.defaultSite();
    const now = this.clock.now();
    return this.directory.passesOf(memberId).map((pass) => passView(pass, summarisePass(pass, now, site)));
  }

  /** Passes sold before prices were kept on them take the tariffs in force at this start, once. */
  private async fillPrices(snapshot: MembersSnapshot): Promise<void> {
    const members = new Map(snapshot.members.map((m) => [m.id, m]));
    const tariffs = this.tariffs.current();
    for (const pass of snapshot.passes) {
      const member = members.get(pass.memberId);
      if (pass.priceCents !== undefined || !member) continue;
      pass.priceCents = listPriceCents(pass, member, tariffs);
      if (pass.type === 'subscription') pass.endMode = tariffs.subscriptionEnd;
      await this.repository.fillPrice(pass.id, pass.priceCents, pass.endMode ?? null);
    }
  }

  member(memberId: string): MemberRecord {
    const member = this.directory.member(memberId);
    if (!member) throw new NotFoundException(`Membre inconnu « ${memberId} »`);
    return member;
  }

  view(member: MemberRecord): MemberView {
    const { id, name, email, adherent, active, createdAt } = member;
    const view: MemberView = {
      id,
      name,
      email,
      adherent,
      active,
      createdAt: createdAt.toISOString(),
      badges: this.directory.badgesOf(id).map(badgeView),
    };
    if (member.emailDuplicate) view.emailDuplicate = true;
    return view;
  }

  private checkZones(zones: string[] | undefined): void {
    const known = new Set(this.sites.list().flatMap((site) => site.zones.map((zone) => zone.id)));
    const unknown = (zones ?? []).filter((zone) => zone !== ANY_ZONE && !known.has(zone));
    if (unknown.length === 0) return;
    const message = `zone${unknown.length > 1 ? 's' : ''} inconnue${unknown.length > 1 ? 's' : ''} : ${unknown.map((z) => `« ${z} »`).join(', ')}`;
    throw new BadRequestException({ message: `${invalidFields(['zones'])} (${message})`, errors: [{ field: 'zones', message }] });
  }

  /** Passes belong to members, not sites: dates are counted in the first site's calendar. */
  defaultSite(): Site {
    const site = this.sites.list()[0];
    if (!site) throw new NotFoundException('Aucun site configuré');
    return site;
  }
}

function canonicalUid(raw: string): string {
  const result = normalizeUid(raw);
  if (result.ok) return result.uid;
  const message = `pas un UID NFC : ${UID_REFUSALS[result.reason]}`;
  throw new BadRequestException({ message: `${invalidFields(['uid'])} (${message})`, errors: [{ field: 'uid', message }] });
}

/** What a manager reads for each refusal of normalizeUid (its own details are English, for the log). */
const UID_REFUSALS: Record<UidRejection, string> = {
  empty: 'vide',
  'not-a-uid': 'des chiffres hexadécimaux, séparés ou non par « : » ou « - », ou un numéro de carte décimal',
  'bad-separators': 'chaque octet en deux chiffres hexadécimaux, séparés par « : » ou par « - », pas les deux',
  'odd-length': 'un nombre impair de chiffres hexadécimaux ne fait pas des octets entiers',
  'bad-length': 'un UID NFC fait 4, 7 ou 10 octets',
  'too-large': 'trop grand : un UID NFC fait 10 octets au plus',
  zero: 'un UID tout à zéro est un signal du lecteur, pas une carte',
};

export function emailTaken(): ConflictException {
  return new ConflictException({ message: 'Cette adresse e-mail appartient déjà à un autre membre', errors: [{ field: 'email', message: 'déjà utilisée par un autre membre' }] });
}

function uidTaken(uid: string): ConflictException {
  return new ConflictException(`L’UID ${uid} est déjà celui d’un badge actif`);
}

function badgeView(badge: BadgeRecord): BadgeView {
  return {
    uid: badge.uid,
    status: badge.status,
    createdAt: badge.createdAt.toISOString(),
    ...(badge.revokedAt ? { revokedAt: badge.revokedAt.toISOString() } : {}),
  };
}

export function passView(pass: Pass, summary: PassSummary): PassView {
  const { passId, ...rest } = summary;
  return {
    id: passId,
    ...rest,
    zones: pass.zones,
    ...(pass.credits !== undefined ? { credits: pass.credits } : {}),
    ...(pass.title !== undefined ? { title: pass.title } : {}),
    ...(pass.soldOn !== undefined ? { soldOn: pass.soldOn } : {}),
    ...(pass.priceCents !== undefined ? { priceCents: pass.priceCents } : {}),
    ...(pass.cancelledOn !== undefined ? { cancelledOn: pass.cancelledOn } : {}),
    ...(pass.refund !== undefined ? { refund: pass.refund } : {}),
    ...(pass.refundCents !== undefined ? { refundCents: pass.refundCents } : {}),
  };
}
