// The grant windows behind every native reader's offline allow-list, per site and door zone, for
// the 24 h from the last full build. A full build walks each site's clock minute by minute once
// and asks the domain about badges; a change to one member only recomputes that member, and says
// which zones' lists it changed, so only those readers' lists are signed and sent again.
//
// A list over 4 KiB is sent empty (allow-list-publisher.ts). Each zone keeps a lower bound of its
// encoded size (allowListUidBytes per UID listed): once past the room left, the zone is "too big"
// and the build stops asking about members for it, so a directory of 100,000 members costs a few
// hundred decisions per zone, not 100,000. A too-big zone whose scan stopped early is scanned again
// if removals bring its bound back under the cap; scans go a little past the cap so that a few
// removals do not start one. Scans are installed whole when they end, so no reader is ever sent a
// half-built list, and they give the event loop back between time slices. Sites whose rules are
// the same (a network's sites often share their hours) share each member's windows while a
// member has not changed: 200 such sites cost one site's decisions.
import { grantWindows, siteBoundaries } from '#domain';
import { ALLOW_LIST_MAX_MINUTES, allowListBaseBytes, allowListUidBytes, allowListWindows, groupAllowList, MAX_PAYLOAD_BYTES, type UnsignedAllowList } from '#protocol';
import type { MemberDirectory } from '../members/member-directory.js';
import type { Site } from '../sites/site.types.js';

const MINUTE_MS = 60_000;
/** How far past the cap a scan goes on (about 90 short UIDs) before it stops asking. */
const SCAN_PAST_CAP_BYTES = 1024;

/** Gives the event loop back when the current time slice has run out (TimeSlices.check). */
export type Pause = () => Promise<void>;

interface Holding {
  memberId: string;
  windows: Array<[number, number]>;
  /** The windows as text, to tell a changed holding from the same one recomputed. */
  key: string;
}

class ZoneBook {
  /** Canonical UID -> its windows (minutes after `from`) at the doors opening into the zone. */
  readonly holdings = new Map<string, Holding>();
  readonly byMember = new Map<string, Set<string>>();
  /** Lower bound of what the listed UIDs add to the encoded list. */
  bytes = 0;
  /** False when a scan stopped early because the zone was too big: some members were not asked. */
  complete = true;
}

interface SiteBook {
  site: Site;
  from: number;
  until: number;
  boundaries: number[];
  locked: boolean;
  /** Room for UIDs in a list of this range: the cap less the list's own fields. */
  room: number;
  zones: Map<string, ZoneBook>;
  /** What the windows depend on besides the member and the zone: same key, same windows. */
  rulesKey: string;
}

/** The fields of a site that decide access (libs/domain SiteRules), with the range and lockdown. */
function rulesKey(site: Site, from: number, locked: boolean): string {
  const { timezone, hours, closures, publicHolidays, earlyEntryMinutes, halfDaySplit } = site;
  return JSON.stringify([timezone, hours, closures, publicHolidays, earlyEntryMinutes, halfDaySplit, from, locked]);
}

export class AllowListBook {
  private readonly sites = new Map<string, SiteBook>();
  /** `rulesKey\nzone` -> member -> their holdings there; a member's entries go when they change. */
  private readonly shared = new Map<string, Map<string, Map<string, Holding>>>();
  private readonly boundaries = new Map<string, number[]>();
  /** Members' badges decided in a zone since start (tests: a too-big zone stops asking, same rules share). */
  asked = 0;

  constructor(private readonly directory: MemberDirectory) {}

  /** Rebuilds a site's windows from `now` (rounded down to the minute) for the given zones; installed when done. */
  async build(site: Site, zones: ReadonlySet<string>, now: number, locked: boolean, pause: Pause): Promise<void> {
    const from = Math.floor(now / MINUTE_MS) * MINUTE_MS;
    const until = from + ALLOW_LIST_MAX_MINUTES * MINUTE_MS;
    const room = MAX_PAYLOAD_BYTES - allowListBaseBytes(until, from, until);
    const key = rulesKey(site, from, locked);
    const boundaries = this.boundaries.get(key) ?? siteBoundaries(site, from, until);
    this.boundaries.set(key, boundaries);
    const book: SiteBook = { site, from, until, boundaries, locked, room, zones: new Map(), rulesKey: key };
    await this.scan(book, [...zones], pause);
    this.sites.set(site.id, book);
  }

  /** Adds zones to a site's existing windows (a reader at a door of another zone), same range. */
  async addZones(siteId: string, zones: ReadonlySet<string>, pause: Pause): Promise<void> {
    const book = this.sites.get(siteId);
    if (book) await this.scan(book, [...zones].filter((zone) => !book.zones.has(zone)), pause);
  }

  /** Whether the site's windows were built for these zones and this lockdown state. */
  covers(siteId: string, zones: ReadonlySet<string>, locked: boolean): boolean {
    const book = this.sites.get(siteId);
    return book !== undefined && book.locked === locked && [...zones].every((zone) => book.zones.has(zone));
  }

  has(siteId: string): boolean {
    return this.sites.has(siteId);
  }

  siteIds(): string[] {
    return [...this.sites.keys()];
  }

  drop(siteId: string): void {
    this.sites.delete(siteId);
  }

  /** The lockdown state the site's windows were built with; undefined before a build. */
  lockdownOf(siteId: string): boolean | undefined {
    return this.sites.get(siteId)?.locked;
  }

  /**
   * One member changed (a badge, a pass, a day taken): only their UIDs are decided again. Returns
   * the `site\nzone` keys whose list changed (a too-big zone staying too big did not).
   */
  updateMember(memberId: string): string[] {
    for (const byMember of this.shared.values()) byMember.delete(memberId);
    const changed: string[] = [];
    for (const book of this.sites.values()) {
      for (const [zone, holdings] of book.zones) {
        // A zone whose scan stopped early was too big, so sent empty: it stays so until scanned again.
        if (!holdings.complete) {
          this.recompute(book, zone, holdings, memberId);
          continue;
        }
        const wasTooBig = holdings.bytes > book.room;
        if (this.recompute(book, zone, holdings, memberId) && !(wasTooBig && holdings.bytes > book.room)) changed.push(`${book.site.id}\n${zone}`);
      }
    }
    return changed;
  }

  /**
   * Scans again the zones that stopped early and may fit now (removals brought their bound back
   * under the cap). Returns the `site\nzone` keys of those that fit: their list is no longer empty.
   */
  async rescan(pause: Pause): Promise<string[]> {
    const fit: string[] = [];
    for (const book of [...this.sites.values()]) {
      const zones = [...book.zones].filter(([, holdings]) => !holdings.complete && holdings.bytes <= book.room).map(([zone]) => zone);
      if (zones.length === 0) continue;
      await this.scan(book, zones, pause);
      fit.push(...zones.filter((zone) => book.zones.get(zone)!.bytes <= book.room).map((zone) => `${book.site.id}\n${zone}`));
    }
    return fit;
  }

  /** Forgets the windows shared between sites (end of a round: they were for its builds). */
  forgetShared(): void {
    this.shared.clear();
    this.boundaries.clear();
  }

  /** Whether the zone's list is known to be over the cap: it is sent empty. */
  tooBig(siteId: string, zone: string): boolean {
    const book = this.sites.get(siteId);
    const holdings = book?.zones.get(zone);
    return book !== undefined && holdings !== undefined && holdings.bytes > book.room;
  }

  /** The unsigned list for a reader at a door opening into `zone` (no group when too big); undefined before a build. */
  listFor(siteId: string, zone: string, version: number): UnsignedAllowList | undefined {
    const book = this.sites.get(siteId);
    const holdings = book?.zones.get(zone);
    if (!book || !holdings) return undefined;
    if (holdings.bytes > book.room) return { version, from: book.from, until: book.until, groups: [] };
    const windows = new Map([...holdings.holdings].map(([uid, holding]) => [uid, holding.windows]));
    return { version, from: book.from, until: book.until, groups: groupAllowList(windows) };
  }

  /** Fresh windows for these zones of the book, every member asked until a zone is too big; installed at the end. */
  private async scan(book: SiteBook, zones: string[], pause: Pause): Promise<void> {
    const fresh = zones.map((zone) => [zone, new ZoneBook()] as const);
    const limit = book.room + SCAN_PAST_CAP_BYTES;
    for (const member of this.directory.allMembers()) {
      const open = fresh.filter(([, holdings]) => holdings.bytes <= limit);
      if (open.length === 0) break;
      for (const [zone, holdings] of open) this.recompute(book, zone, holdings, member.id);
      await pause();
    }
    for (const [zone, holdings] of fresh) {
      holdings.complete = holdings.bytes <= limit;
      book.zones.set(zone, holdings);
    }
  }

  /** Decides the member's badges again in one zone; true when its part of the list changed. */
  private recompute(book: SiteBook, zone: string, holdings: ZoneBook, memberId: string): boolean {
    const next = this.holdingsOf(book, zone, memberId);
    let changed = false;
    // UIDs gone: revoked, given to another member, erased (the member has no badge left at all).
    for (const uid of holdings.byMember.get(memberId) ?? []) {
      if (!next.has(uid) && holdings.holdings.get(uid)?.memberId === memberId) changed = this.remove(holdings, uid) || changed;
    }
    for (const [uid, holding] of next) {
      const before = holdings.holdings.get(uid);
      if (before?.key === holding.key && before.memberId === memberId) continue;
      if (before) this.remove(holdings, uid);
      holdings.holdings.set(uid, holding);
      holdings.bytes += allowListUidBytes(uid);
      changed = true;
    }
    if (next.size > 0) holdings.byMember.set(memberId, new Set(next.keys()));
    else holdings.byMember.delete(memberId);
    return changed;
  }

  /** The member's badges decided in the zone, or the same from a site with the same rules. */
  private holdingsOf(book: SiteBook, zone: string, memberId: string): Map<string, Holding> {
    const sharedKey = `${book.rulesKey}\n${zone}`;
    const byMember = this.shared.get(sharedKey) ?? new Map<string, Map<string, Holding>>();
    this.shared.set(sharedKey, byMember);
    const known = byMember.get(memberId);
    if (known) return known;
    this.asked++;
    const member = this.directory.member(memberId) ?? null;
    const passes = this.directory.passesOf(memberId);
    const next = new Map<string, Holding>();
    for (const badge of this.directory.badgesOf(memberId)) {
      // The UID's current badge may be another member's: only the active holder's windows count.
      const active = this.directory.activeBadge(badge.uid);
      if (active?.memberId !== memberId) continue;
      const request = { site: book.site, doorZone: zone, badge: active, member, passes, lockdown: book.locked };
      const windows = allowListWindows(book.from, book.until, grantWindows(request, book.from, book.until, book.boundaries));
      if (windows.length > 0) next.set(badge.uid, { memberId, windows, key: JSON.stringify(windows) });
    }
    byMember.set(memberId, next);
    return next;
  }

  private remove(holdings: ZoneBook, uid: string): boolean {
    const holding = holdings.holdings.get(uid);
    if (!holding) return false;
    holdings.holdings.delete(uid);
    holdings.bytes -= allowListUidBytes(uid);
    const uids = holdings.byMember.get(holding.memberId);
    uids?.delete(uid);
    if (uids?.size === 0) holdings.byMember.delete(holding.memberId);
    return true;
  }
}
