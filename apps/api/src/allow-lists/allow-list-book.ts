// The grant windows behind every native reader's offline allow-list, per site and door zone, for
// the 24 h from the last full build. A full build walks each site's clock minute by minute once
// and asks the domain about every badge; a change to one member only recomputes that member, so
// a revocation or a day taken costs a few decisions, not the whole directory.
import { grantWindows, siteBoundaries, type GrantWindow } from '#domain';
import { ALLOW_LIST_MAX_MINUTES, allowListGroups, type UnsignedAllowList } from '#protocol';
import type { MemberDirectory } from '../members/member-directory.js';
import type { Site } from '../sites/site.types.js';

const MINUTE_MS = 60_000;

interface Holding {
  memberId: string;
  windows: GrantWindow[];
}

interface SiteBook {
  site: Site;
  from: number;
  until: number;
  boundaries: number[];
  locked: boolean;
  /** Zone -> canonical UID -> its windows at the doors opening into that zone. */
  zones: Map<string, Map<string, Holding>>;
}

export class AllowListBook {
  private readonly sites = new Map<string, SiteBook>();

  constructor(private readonly directory: MemberDirectory) {}

  /** Rebuilds a site's windows from `now` (rounded down to the minute) for the given zones. */
  build(site: Site, zones: ReadonlySet<string>, now: number, locked: boolean): void {
    const from = Math.floor(now / MINUTE_MS) * MINUTE_MS;
    const until = from + ALLOW_LIST_MAX_MINUTES * MINUTE_MS;
    const book: SiteBook = { site, from, until, boundaries: siteBoundaries(site, from, until), locked, zones: new Map() };
    for (const zone of zones) book.zones.set(zone, new Map());
    this.sites.set(site.id, book);
    for (const member of this.directory.allMembers()) this.recompute(book, member.id);
  }

  /** Whether the site's windows were built for these zones and this lockdown state. */
  covers(siteId: string, zones: ReadonlySet<string>, locked: boolean): boolean {
    const book = this.sites.get(siteId);
    return book !== undefined && book.locked === locked && [...zones].every((zone) => book.zones.has(zone));
  }

  /** The lockdown state the site's windows were built with; undefined before a build. */
  lockdownOf(siteId: string): boolean | undefined {
    return this.sites.get(siteId)?.locked;
  }

  /** One member changed (a badge, a pass, a day taken): only their UIDs are decided again. */
  updateMember(memberId: string): void {
    for (const book of this.sites.values()) this.recompute(book, memberId);
  }

  /** The unsigned list for a reader at a door opening into `zone`; undefined before a build. */
  listFor(siteId: string, zone: string, version: number): UnsignedAllowList | undefined {
    const book = this.sites.get(siteId);
    const holdings = book?.zones.get(zone);
    if (!book || !holdings) return undefined;
    const intervals = new Map([...holdings].map(([uid, holding]) => [uid, holding.windows]));
    return { version, from: book.from, until: book.until, groups: allowListGroups(book.from, book.until, intervals) };
  }

  private recompute(book: SiteBook, memberId: string): void {
    const member = this.directory.member(memberId) ?? null;
    const passes = this.directory.passesOf(memberId);
    for (const [zone, holdings] of book.zones) {
      for (const badge of this.directory.badgesOf(memberId)) {
        // The UID's current badge may be another member's: only the active holder's windows count.
        const active = this.directory.activeBadge(badge.uid);
        if (active?.memberId !== memberId) {
          if (holdings.get(badge.uid)?.memberId === memberId) holdings.delete(badge.uid);
          continue;
        }
        const request = { site: book.site, doorZone: zone, badge: active, member, passes, lockdown: book.locked };
        const windows = grantWindows(request, book.from, book.until, book.boundaries);
        if (windows.length > 0) holdings.set(badge.uid, { memberId, windows });
        else holdings.delete(badge.uid);
      }
    }
  }
}
