// Member, badge and pass changes across instances (docs/scaling.md, "Member changes across
// instances"). In cluster mode, every edit this instance makes is announced on
// a PostgreSQL channel of the shared database, as member ids only (no personal data); the other
// instances reload those members from the database into their directory, whose listeners then do
// what a local change does (a revoked badge leaves the readers' allow-lists at once).
//
// PostgreSQL rather than Redis: the change is written there anyway, so it crosses whenever it
// could have been made, and a Redis outage never delays a revocation. Days taken by badge-ins are
// not announced (many a minute at peak): TakenDaysSync reads them in cluster mode.
import { Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AppConfig } from '../infra/config/app-config.js';
import { NOTIFY_MAX_BYTES, PgChannel } from '../infra/database/pg-channel.js';
import { MemberDirectory } from './member-directory.js';
import { MembersRepository } from './members.repository.js';

export const MEMBER_CHANNEL = 'cantine_member_changes';
const RETRY_MS = 1000;

/** What crosses: who sent it (to skip one's own) and the ids of the members edited. */
interface ChangeNote {
  from: string;
  members: string[];
}

@Injectable()
export class MemberChangeBus implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('MemberChanges');
  private readonly self: string;
  private channel?: PgChannel;
  private readonly outgoing = new Set<string>();
  private readonly incoming = new Set<string>();
  private sending = false;
  private reloading = false;
  private retry?: NodeJS.Timeout;
  /** Members reloaded because another instance changed them, since start (tests and the log). */
  reloaded = 0;

  constructor(
    private readonly config: AppConfig,
    private readonly db: DataSource,
    private readonly repository: MembersRepository,
    private readonly directory: MemberDirectory,
  ) {
    this.self = config.cluster?.instanceId ?? '';
  }

  async onApplicationBootstrap(): Promise<void> {
    if (!this.config.cluster || !this.config.databaseUrl) return;
    this.directory.onChange((memberId, cause, origin) => {
      if (origin !== 'local' || cause !== 'edit' || memberId === null) return;
      this.outgoing.add(memberId);
      if (!this.sending) setImmediate(() => void this.send());
      this.sending = true;
    });
    this.channel = new PgChannel(this.config.databaseUrl, MEMBER_CHANNEL, {
      message: (payload) => this.received(payload),
      resumed: () => void this.reloadAll(),
    });
    await this.channel.start();
  }

  async onModuleDestroy(): Promise<void> {
    clearTimeout(this.retry);
    await this.channel?.stop();
  }

  /** Everything changed since the last send, in as few notifications as fit. */
  private async send(): Promise<void> {
    const members = [...this.outgoing];
    this.outgoing.clear();
    this.sending = false;
    for (const note of notes(this.self, members)) {
      await PgChannel.notify(this.db, MEMBER_CHANNEL, note).catch((error: Error) => this.logger.warn(`Could not announce a member change (${error.message}); other instances see it at their next reload`));
    }
  }

  private received(payload: string): void {
    let note: ChangeNote;
    try {
      note = JSON.parse(payload) as ChangeNote;
    } catch {
      return this.logger.warn('Ignored a malformed member change notification');
    }
    if (note.from === this.self) return;
    for (const id of note.members ?? []) this.incoming.add(id);
    void this.reload();
  }

  /**
   * One member at a time, so an older read never replaces a newer one; a member announced again
   * while being read is read again (it went back to the end of the queue).
   */
  private async reload(): Promise<void> {
    if (this.reloading) return;
    this.reloading = true;
    try {
      for (const id of this.incoming) {
        this.incoming.delete(id);
        const records = await this.repository.memberRecords(id).catch((error: Error) => {
          this.incoming.add(id);
          throw error;
        });
        if (records) this.directory.replaceMember(records, 'edit');
        this.reloaded++;
      }
    } catch (error) {
      this.logger.warn(`Could not reload a member changed elsewhere (${(error as Error).message}); retrying`);
      clearTimeout(this.retry);
      this.retry = setTimeout(() => void this.reload(), RETRY_MS);
      this.retry.unref();
    } finally {
      this.reloading = false;
    }
  }

  private async reloadAll(): Promise<void> {
    try {
      this.directory.load(await this.repository.snapshot());
    } catch (error) {
      this.logger.warn(`Could not reload the members (${(error as Error).message}); retrying`);
      this.retry = setTimeout(() => void this.reloadAll(), RETRY_MS);
      this.retry.unref();
    }
  }
}

/** Notifications under PostgreSQL's payload limit (a uuid costs 39 bytes: ~200 members each). */
export function notes(from: string, members: string[]): string[] {
  const out: string[] = [];
  let note: ChangeNote = { from, members: [] };
  let size = 32 + from.length;
  for (const id of members) {
    if (size + id.length + 3 > NOTIFY_MAX_BYTES) {
      out.push(JSON.stringify(note));
      note = { from, members: [] };
      size = 32 + from.length;
    }
    note.members.push(id);
    size += id.length + 3;
  }
  if (note.members.length > 0) out.push(JSON.stringify(note));
  return out;
}
