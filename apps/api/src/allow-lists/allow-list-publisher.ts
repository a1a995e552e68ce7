// Publishes each native reader's signed offline allow-list, retained on its `allow-list` topic
// (docs/reader-firmware.md): at start, when a reader is provisioned, right after any change to
// members, badges or passes (a revoked badge leaves every list at once), when a site's lockdown
// flips, and every hour so the 24 h window slides. A member change re-signs only the lists it
// changed: the zones where one of the member's badges gained, lost or changed windows. In cluster
// mode only the instance holding a site's lease builds and publishes its readers' lists (every
// instance hears every member change, docs/scaling.md): taking a site builds them, giving it up
// drops them.
import { Clock } from '../infra/clock.js';
import { Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { allowListTopic, encodeMessage, signAllowList, TOPIC_DELIVERY, type UnsignedAllowList } from '#protocol';
import { DecisionKeys } from '../devices/decision-keys.js';
import { DeviceChanges } from '../devices/device-changes.js';
import { DeviceRegistry } from '../devices/device-registry.js';
import type { Device } from '../devices/device.types.js';
import { BrokerService } from '../infra/mqtt/broker.service.js';
import { SiteOwnership } from '../infra/site-ownership.js';
import { TimeSlices } from '../infra/time-slices.js';
import { SiteLockdowns } from '../lockdown/site-lockdowns.js';
import { MemberDirectory } from '../members/member-directory.js';
import { SitesService } from '../sites/sites.service.js';
import { AllowListBook } from './allow-list-book.js';
import { AllowListHistory } from './allow-list-history.js';

export const ALLOW_LIST_REFRESH_MS = 60 * 60_000;
/**
 * Days taken come with badge-ins, many a minute at peak: they are batched, since a take only
 * removes windows from a later day. Edits (a revocation above all) go out at once.
 */
const TAKE_BATCH_MS = 5000;
/** Lockdowns come without an event: their flags are read this often. */
const LOCKDOWN_POLL_MS = 2000;

const zoneKey = (site: string, zone: string) => `${site}\n${zone}`;

@Injectable()
export class AllowListPublisher implements OnModuleInit, OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('AllowLists');
  readonly book: AllowListBook;
  private readonly changedMembers = new Set<string>();
  /** Readers provisioned, rotated or moved since the last round: only their own lists are new. */
  private readonly newReaders = new Set<string>();
  /** Zones whose list was last found over 4 KiB (logged once when they become so). */
  private readonly tooBig = new Set<string>();
  private scheduled = false;
  private everything = false;
  private running: Promise<void> | null = null;
  private again = false;
  private stopped = false;
  private lastVersion = 0;
  private timers: NodeJS.Timeout[] = [];
  private takeTimer?: NodeJS.Timeout;
  /** How long the work runs before giving the event loop back (TimeSlices); tests set 0. */
  sliceMs = 10;
  /** Published since start, for tests and the log. */
  published = 0;
  /** What the lists sent said, for checking offline uploads (OfflineUploads). */
  readonly history = new AllowListHistory();

  constructor(
    private readonly directory: MemberDirectory,
    private readonly sites: SitesService,
    private readonly registry: DeviceRegistry,
    private readonly keys: DecisionKeys,
    private readonly broker: BrokerService,
    private readonly changes: DeviceChanges,
    private readonly lockdowns: SiteLockdowns,
    private readonly clock: Clock,
    private readonly ownership: SiteOwnership,
  ) {
    this.book = new AllowListBook(directory);
  }

  /** Before the lease loop's first round (its bootstrap), so no site taken is missed. */
  onModuleInit(): void {
    this.ownership.onHandover({
      // After the round's last take: lists can wait, the takes (and their sites' doors) cannot.
      listen: async () => this.ownership.afterTakes(() => this.arm()),
      stop: async (site) => this.book.drop(site),
    });
  }

  async onApplicationBootstrap(): Promise<void> {
    this.directory.onChange((memberId, cause) => (cause === 'take' && memberId !== null ? this.scheduleTake(memberId) : this.schedule(memberId)));
    // A site created, replaced or deleted: its hours and doors are in every list of its readers.
    this.sites.onChange(() => this.schedule(null));
    this.changes.on((change) => {
      // A new reader, a new key (rotation) or a new door (another zone): that reader's list only.
      const fresh = change.type === 'provisioned' || change.type === 'rotated' || change.type === 'moved';
      if (fresh && change.device.protocol === 'native' && change.device.kind === 'reader') this.scheduleReader(change.device.id);
    });
    this.timers = [
      setInterval(() => this.schedule(null), ALLOW_LIST_REFRESH_MS),
      setInterval(() => this.checkLockdowns(), LOCKDOWN_POLL_MS),
    ];
    for (const timer of this.timers) timer.unref();
    await this.publishAll(true);
  }

  onModuleDestroy(): void {
    this.stopped = true;
    for (const timer of this.timers) clearInterval(timer);
    clearTimeout(this.takeTimer);
  }

  /** Coalesces changes: a burst of API calls or takes publishes once, right after the current tick. */
  schedule(memberId: string | null): void {
    if (memberId === null) this.everything = true;
    else this.changedMembers.add(memberId);
    this.arm();
  }

  /**
   * A new reader needs its own list only: the others' do not depend on it. Re-signing every list
   * for each new reader made provisioning quadratic (6 devices/s at about 4,700 readers).
   */
  private scheduleReader(readerId: string): void {
    this.newReaders.add(readerId);
    this.arm();
  }

  private arm(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      void this.run();
    });
  }

  private scheduleTake(memberId: string): void {
    this.changedMembers.add(memberId);
    if (this.takeTimer) return;
    this.takeTimer = setTimeout(() => {
      this.takeTimer = undefined;
      this.schedule(memberId);
    }, TAKE_BATCH_MS);
    this.takeTimer.unref();
  }

  /** Rebuilds (all of it when `rebuild`) and publishes what changed; resolves once published, never rejects. */
  publishAll(rebuild: boolean): Promise<void> {
    if (rebuild) this.everything = true;
    return this.run();
  }

  /**
   * One round at a time, since a round gives the event loop back and changes keep coming; asked
   * for during a round, one more follows it. Resolves when no round is left to run.
   */
  private run(): Promise<void> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = (async () => {
      do {
        this.again = false;
        await this.round().catch((error: unknown) => this.logger.error(`Allow-lists not published: ${error instanceof Error ? error.stack : error}`));
        this.book.forgetShared();
      } while (this.again && !this.stopped);
      this.running = null;
    })();
    return this.running;
  }

  /**
   * Member changes first (a revocation must not wait behind a rebuild), then the sites whose
   * windows must be built (all on a full rebuild, else new sites, zones or lockdown states), with
   * changes that came meanwhile applied between sites; then the lists of new readers.
   */
  private async round(): Promise<void> {
    const slices = new TimeSlices(this.sliceMs);
    const rebuild = this.everything;
    this.everything = false;
    const fresh = new Set(this.newReaders);
    this.newReaders.clear();
    const readers = this.readers();
    const sent = new Set<string>();
    await this.applyChanges(readers, slices, sent);
    const now = this.clock.now().getTime();
    const zonesBySite = this.zonesBySite(readers);
    for (const [siteId, zones] of zonesBySite) {
      if (this.stopped) return;
      const site = this.sites.list().find((s) => s.id === siteId);
      const locked = this.lockdowns.isLocked(siteId);
      const ofSite = readers.filter((reader) => reader.site === siteId);
      if (!site) continue;
      if (rebuild || !this.book.has(siteId) || this.book.lockdownOf(siteId) !== locked) {
        await this.book.build(site, zones, now, locked, slices.check);
        await this.publishTo(ofSite, slices, sent);
      } else if (!this.book.covers(siteId, zones, locked)) {
        const missing = new Set([...zones].filter((zone) => !this.book.covers(siteId, new Set([zone]), locked)));
        await this.book.addZones(siteId, missing, slices.check);
        await this.publishTo(ofSite.filter((reader) => missing.has(this.zoneOf(reader)!)), slices, sent);
      }
      if (this.changedMembers.size > 0) await this.applyChanges(readers, slices, sent);
    }
    for (const siteId of this.book.siteIds()) if (!zonesBySite.has(siteId)) this.book.drop(siteId);
    await this.publishTo(readers.filter((reader) => fresh.has(reader.id) && !sent.has(reader.id)), slices, sent);
  }

  /** Recomputes the changed members; publishes the lists whose content they changed. */
  private async applyChanges(readers: Device[], slices: TimeSlices, sent: Set<string>): Promise<void> {
    const members = [...this.changedMembers];
    this.changedMembers.clear();
    const changed = new Set<string>();
    for (const memberId of members) {
      for (const key of this.book.updateMember(memberId)) changed.add(key);
      await slices.check();
    }
    for (const key of await this.book.rescan(slices.check)) changed.add(key);
    if (changed.size === 0) return;
    await this.publishTo(readers.filter((reader) => changed.has(zoneKey(reader.site, this.zoneOf(reader)!))), slices, sent);
  }

  /** Signs and publishes these readers' lists: one list per zone, folded into the history once. */
  private async publishTo(readers: Device[], slices: TimeSlices, sent: Set<string>): Promise<void> {
    const byZone = new Map<string, Device[]>();
    for (const reader of readers) {
      const key = zoneKey(reader.site, this.zoneOf(reader)!);
      const ofZone = byZone.get(key) ?? [];
      ofZone.push(reader);
      byZone.set(key, ofZone);
    }
    const publications: Array<Promise<void>> = [];
    for (const [key, ofZone] of byZone) {
      const [site, zone] = key.split('\n') as [string, string];
      const list = this.book.listFor(site, zone, this.nextVersion());
      if (!list) continue;
      let recorded = false;
      for (const reader of ofZone) {
        const readerKey = this.keys.of(reader.id);
        // Given up during the round: the new owner publishes it.
        if (!readerKey || !this.ownership.holds(site)) continue;
        const signed = this.encode(key, readerKey, list);
        if (!recorded) this.history.record(site, zone, signed.list);
        recorded = true;
        sent.add(reader.id);
        publications.push(this.broker.publish(allowListTopic(site, reader.id, this.registry.root), signed.payload, TOPIC_DELIVERY['allow-list']).then(() => void this.published++));
        await slices.check();
      }
    }
    await Promise.all(publications);
  }

  /**
   * Over the 4 KiB cap (contract §2; about two hundred badges sharing their hours) the reader gets
   * an empty list rather than none: an older list could still name a revoked badge. Most too-big
   * lists are known so by the book before being built (listFor gives them no group).
   */
  private encode(zone: string, key: Buffer, list: UnsignedAllowList): { payload: Buffer; list: UnsignedAllowList } {
    const [site, zoneId] = zone.split('\n') as [string, string];
    let result: { payload: Buffer; list: UnsignedAllowList } | undefined;
    let error: unknown;
    if (!this.book.tooBig(site, zoneId)) {
      try {
        result = { payload: encodeMessage('allow-list', signAllowList(key, list)), list };
      } catch (caught) {
        error = caught;
      }
    }
    if (result) {
      this.tooBig.delete(zone);
      return result;
    }
    if (!this.tooBig.has(zone)) {
      const why = error instanceof Error ? error.message : 'more badges than 4 KiB can hold';
      this.logger.warn(`Allow-lists of site ${site}, zone ${zoneId} too large (${why}): sending empty ones, offline mode denies everyone there`);
    }
    this.tooBig.add(zone);
    const empty = { ...list, groups: [] };
    return { payload: encodeMessage('allow-list', signAllowList(key, empty)), list: empty };
  }

  /** Strictly increasing across restarts too (the clock moves on), as readers require. */
  private nextVersion(): number {
    this.lastVersion = Math.max(this.lastVersion + 1, Date.now());
    return this.lastVersion;
  }

  /** Keyed native readers at a door of a known site held here. */
  private readers(): Device[] {
    const native = (d: Device) => d.kind === 'reader' && d.protocol === 'native' && d.door !== undefined;
    const held = (d: Device) => this.ownership.holds(d.site) && this.zoneOf(d) !== undefined;
    return this.registry.all().filter((d) => native(d) && held(d) && this.keys.has(d.id));
  }

  private zonesBySite(readers: Device[]): Map<string, Set<string>> {
    const zones = new Map<string, Set<string>>();
    for (const reader of readers) zones.set(reader.site, (zones.get(reader.site) ?? new Set()).add(this.zoneOf(reader)!));
    return zones;
  }

  private zoneOf(reader: Device): string | undefined {
    return this.sites.list().find((s) => s.id === reader.site)?.doors.find((d) => d.id === reader.door)?.zone;
  }

  private checkLockdowns(): void {
    for (const site of this.book.siteIds()) {
      if (this.book.lockdownOf(site) !== this.lockdowns.isLocked(site)) this.arm();
    }
  }
}
