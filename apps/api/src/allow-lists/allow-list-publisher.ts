// Publishes each native reader's signed offline allow-list, retained on its `allow-list` topic
// (docs/reader-firmware.md): at start, when a reader is provisioned, right after any change to
// members, badges or passes (a revoked badge leaves every list at once), when a site's lockdown
// flips, and every hour so the 24 h window slides.
import { Clock } from '../infra/clock.js';
import { Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { allowListTopic, encodeMessage, signAllowList, TOPIC_DELIVERY, type UnsignedAllowList } from '#protocol';
import { DecisionKeys } from '../devices/decision-keys.js';
import { DeviceChanges } from '../devices/device-changes.js';
import { DeviceRegistry } from '../devices/device-registry.js';
import type { Device } from '../devices/device.types.js';
import { BrokerService } from '../infra/mqtt/broker.service.js';
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

@Injectable()
export class AllowListPublisher implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('AllowLists');
  private readonly book: AllowListBook;
  private readonly changedMembers = new Set<string>();
  /** Readers provisioned since the last round: only their own lists are new. */
  private readonly newReaders = new Set<string>();
  private scheduled = false;
  private everything = false;
  private lastVersion = 0;
  private timers: NodeJS.Timeout[] = [];
  private takeTimer?: NodeJS.Timeout;
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
  ) {
    this.book = new AllowListBook(directory);
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
      if (this.everything || this.changedMembers.size > 0) void this.publishAll(this.everything);
      else void this.publishNewReaders();
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

  /** Rebuilds what changed, then signs and publishes every keyed native reader's list; never rejects. */
  async publishAll(rebuild: boolean): Promise<void> {
    this.everything = false;
    this.newReaders.clear();
    const members = [...this.changedMembers];
    this.changedMembers.clear();
    try {
      const readers = this.readers();
      this.refreshBook(readers, rebuild);
      for (const memberId of rebuild ? [] : members) this.book.updateMember(memberId);
      const recorded = new Set<string>();
      await Promise.all(readers.map((reader) => this.publish(reader, recorded)));
    } catch (error) {
      this.logger.error(`Allow-lists not published: ${error instanceof Error ? error.stack : error}`);
    }
  }

  private async publishNewReaders(): Promise<void> {
    const ids = new Set(this.newReaders);
    this.newReaders.clear();
    try {
      const readers = this.readers();
      this.refreshBook(readers, false);
      const recorded = new Set<string>();
      await Promise.all(readers.filter((reader) => ids.has(reader.id)).map((reader) => this.publish(reader, recorded)));
    } catch (error) {
      this.logger.error(`Allow-lists not published: ${error instanceof Error ? error.stack : error}`);
    }
  }

  private refreshBook(readers: Device[], rebuild: boolean): void {
    const now = this.clock.now().getTime();
    for (const site of this.sites.list()) {
      const zones = new Set(
        readers.filter((r) => r.site === site.id).map((r) => this.zoneOf(r)).filter((z): z is string => z !== undefined),
      );
      if (zones.size === 0) continue;
      const locked = this.lockdowns.isLocked(site.id);
      if (rebuild || !this.book.covers(site.id, zones, locked)) this.book.build(site, zones, now, locked);
    }
  }

  /** `recorded`: the zones whose list this round already went into the history (same for every reader of a zone). */
  private async publish(reader: Device, recorded: Set<string>): Promise<void> {
    const key = this.keys.of(reader.id);
    const zone = this.zoneOf(reader);
    const list = zone === undefined ? undefined : this.book.listFor(reader.site, zone, this.nextVersion());
    if (!key || !list || zone === undefined) return;
    const topic = allowListTopic(reader.site, reader.id, this.registry.root);
    const sent = this.encode(reader, key, list);
    if (!recorded.has(`${reader.site}\n${zone}`)) {
      recorded.add(`${reader.site}\n${zone}`);
      this.history.record(reader.site, zone, sent.list);
    }
    await this.broker.publish(topic, sent.payload, TOPIC_DELIVERY['allow-list']);
    this.published++;
  }

  /**
   * Over the 4 KiB cap (contract §2; about two hundred badges sharing their hours) the reader gets
   * an empty list rather than none: an older list could still name a revoked badge.
   */
  private encode(reader: Device, key: Buffer, list: UnsignedAllowList): { payload: Buffer; list: UnsignedAllowList } {
    try {
      return { payload: encodeMessage('allow-list', signAllowList(key, list)), list };
    } catch (error) {
      this.logger.error(`Allow-list of reader ${reader.id} too large (${error instanceof Error ? error.message : error}): sending an empty one, offline mode denies everyone`);
      const empty = { ...list, groups: [] };
      return { payload: encodeMessage('allow-list', signAllowList(key, empty)), list: empty };
    }
  }

  /** Strictly increasing across restarts too (the clock moves on), as readers require. */
  private nextVersion(): number {
    this.lastVersion = Math.max(this.lastVersion + 1, Date.now());
    return this.lastVersion;
  }

  private readers(): Device[] {
    return this.registry.all().filter((d) => d.kind === 'reader' && d.protocol === 'native' && d.door !== undefined && this.keys.has(d.id));
  }

  private zoneOf(reader: Device): string | undefined {
    return this.sites.list().find((s) => s.id === reader.site)?.doors.find((d) => d.id === reader.door)?.zone;
  }

  private checkLockdowns(): void {
    for (const site of this.sites.list()) {
      const built = this.book.lockdownOf(site.id);
      if (built !== undefined && built !== this.lockdowns.isLocked(site.id)) this.schedule(null);
    }
  }
}
