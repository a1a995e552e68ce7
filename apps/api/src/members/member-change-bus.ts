// Member, badge and pass changes across instances (docs/scaling.md, "Changes across instances").
// In cluster mode, every edit this instance makes is announced on a PostgreSQL channel of the
// shared database, as member ids only (no personal data); the other instances reload those members
// from the database into their directory, whose listeners then do what a local change does (a
// revoked badge leaves the readers' allow-lists at once).
//
// PostgreSQL rather than Redis: the change is written there anyway, so it crosses whenever it
// could have been made, and a Redis outage never delays a revocation. Days taken by badge-ins are
// not announced (many a minute at peak): TakenDaysSync reads them in cluster mode.
import { Injectable, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AppConfig } from '../infra/config/app-config.js';
import { ChangeRelay } from '../infra/database/change-relay.js';
import { MemberDirectory } from './member-directory.js';
import { MembersRepository } from './members.repository.js';

export const MEMBER_CHANNEL = 'cantine_member_changes';

@Injectable()
export class MemberChangeBus implements OnApplicationBootstrap, OnModuleDestroy {
  private relay?: ChangeRelay;

  constructor(
    private readonly config: AppConfig,
    private readonly db: DataSource,
    private readonly repository: MembersRepository,
    private readonly directory: MemberDirectory,
  ) {}

  /** Members reloaded because another instance changed them, since start (tests and the log). */
  get reloaded(): number {
    return this.relay?.reloaded ?? 0;
  }

  async onApplicationBootstrap(): Promise<void> {
    if (!this.config.cluster || !this.config.databaseUrl) return;
    const relay = new ChangeRelay({
      url: this.config.databaseUrl,
      db: this.db,
      channel: MEMBER_CHANNEL,
      self: this.config.cluster.instanceId,
      what: 'member',
      // The whole member (badges, passes) replaced in one step; the directory's listeners then run as for a local edit.
      reload: async (id) => {
        const records = await this.repository.memberRecords(id);
        if (records) this.directory.replaceMember(records, 'edit');
      },
      reloadAll: async () => this.directory.load(await this.repository.snapshot()),
    });
    this.relay = relay;
    this.directory.onChange((memberId, cause, origin) => {
      if (origin === 'local' && cause === 'edit' && memberId !== null) relay.announce(memberId);
    });
    await relay.start();
  }

  async onModuleDestroy(): Promise<void> {
    await this.relay?.stop();
  }
}
