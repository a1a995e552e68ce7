// What a manager does to the doors from the dashboard: open one remotely, lock a site down (only
// staff passes open while it is on). Both are audited with the manager who did it.
import { Clock } from '../infra/clock.js';
import { Injectable, Logger, NotFoundException, type OnModuleInit } from '@nestjs/common';
import { SiteLockdowns } from '../lockdown/site-lockdowns.js';
import { SitesService } from '../sites/sites.service.js';
import { AccessEventsRepository } from './access-events.repository.js';
import { AccessRecorder } from './access-recorder.js';
import { BadgeAnswerer } from './badge-answerer.js';
import { DoorMonitor } from './door-monitor.js';

export interface UnlockResult {
  site: string;
  door: string;
  unlockMs: number;
  /** Readers the unlock was sent to (0 when no reader is bound to the door yet). */
  readers: number;
}

export interface LockdownState {
  site: string;
  lockdown: boolean;
  /** False when the database was down: the lockdown holds, but not across a restart. */
  persisted: boolean;
}

@Injectable()
export class SiteControls implements OnModuleInit {
  private readonly logger = new Logger('Access');
  constructor(
    private readonly repository: AccessEventsRepository,
    private readonly sites: SitesService,
    private readonly answerer: BadgeAnswerer,
    private readonly doors: DoorMonitor,
    private readonly recorder: AccessRecorder,
    private readonly lockdowns: SiteLockdowns,
    private readonly clock: Clock,
  ) {}

  async onModuleInit(): Promise<void> {
    this.lockdowns.restore(await this.repository.lockedSites());
    for (const site of this.lockdowns.sites()) this.logger.warn(`Site "${site}" is in lockdown: only staff badges open`);
  }

  isLocked(site: string): boolean {
    return this.lockdowns.isLocked(site);
  }

  lockdown(siteId: string): LockdownState {
    this.sites.get(siteId);
    return { site: siteId, lockdown: this.lockdowns.isLocked(siteId), persisted: true };
  }

  /** Takes effect in memory first: an emergency must not wait for, or fail with, the database. */
  async setLockdown(siteId: string, enabled: boolean, managerId: string): Promise<LockdownState> {
    this.sites.get(siteId);
    this.lockdowns.set(siteId, enabled);
    this.recorder.record({ kind: 'lockdown', site: siteId, reason: enabled ? 'on' : 'off', managerId, at: this.clock.now().toISOString() });
    let persisted = true;
    try {
      await this.repository.setLockdown(siteId, enabled);
    } catch (error) {
      persisted = false;
      this.logger.error(`Lockdown of "${siteId}" not saved, it will not survive a restart: ${error instanceof Error ? error.message : error}`);
    }
    return { site: siteId, lockdown: enabled, persisted };
  }

  /** A granted decision with reason `staff` sent to the door's readers (`detail: remote` in the audit log). */
  async unlock(siteId: string, doorId: string, managerId: string): Promise<UnlockResult> {
    const door = this.sites.get(siteId).doors.find((d) => d.id === doorId);
    if (!door) throw new NotFoundException(`Porte inconnue « ${doorId} » sur le site « ${siteId} »`);
    const at = this.clock.now();
    this.doors.noteGrant(siteId, doorId, at, door.unlockMs);
    const readers = await this.answerer.unlock(siteId, doorId, { granted: true, reason: 'staff', unlockMs: door.unlockMs, message: 'Ouverture à distance' });
    this.recorder.record({ kind: 'unlock', site: siteId, door: doorId, granted: true, reason: 'remote', detail: `${readers} reader(s) told`, managerId, at: at.toISOString() });
    return { site: siteId, door: doorId, unlockMs: door.unlockMs, readers };
  }
}
