// What one instance changes, the others reload (docs/scaling.md, "Changes across instances"): after
// a write has committed, the ids of what it changed are announced on a PostgreSQL channel of the
// shared database, never the data itself (a notification may carry no personal data and at most
// 8,000 bytes). Every other instance reads those ids back from the database, one at a time in
// arrival order, so an older read never replaces a newer one. Members, devices and sites each have
// their own channel; this is the part they share.
import { Logger } from '@nestjs/common';
import { NOTIFY_MAX_BYTES, PgChannel } from './pg-channel.js';

const RETRY_MS = 1000;

export interface ChangeRelayOptions {
  /** The shared database's URL: the listener holds a connection of its own. */
  url: string;
  /** Where notifications are sent from (any pooled connection: they go out when it commits). */
  db: { query(sql: string, params: unknown[]): Promise<unknown> };
  channel: string;
  /** This instance's id: its own notifications come back to it and are skipped. */
  self: string;
  /** What the ids name, for the log (`member`, `device`, `site`). */
  what: string;
  /** Brings one id up to date from the database (it may be gone); a rejection is retried. */
  reload(id: string): Promise<void>;
  /** Listening again after a lost connection: what was announced meanwhile is lost, reload everything. */
  reloadAll(): Promise<void>;
}

/** What crosses: who sent it (to skip one's own) and the ids changed. */
interface ChangeNote {
  from: string;
  ids: string[];
}

export class ChangeRelay {
  private readonly logger: Logger;
  private readonly channel: PgChannel;
  private readonly outgoing = new Set<string>();
  private readonly incoming = new Set<string>();
  private sending = false;
  private reloading = false;
  private readonly retries = new Map<'one' | 'all', NodeJS.Timeout>();
  /** Ids reloaded because another instance changed them, since start (tests and the log). */
  reloaded = 0;

  constructor(private readonly options: ChangeRelayOptions) {
    this.logger = new Logger(`${options.what[0]!.toUpperCase()}${options.what.slice(1)}Changes`);
    this.channel = new PgChannel(options.url, options.channel, {
      message: (payload) => this.received(payload),
      resumed: () => void this.reloadAll(),
    });
  }

  /** Resolves once listening, or after a first failure (it keeps trying, then reloads everything). */
  start(): Promise<void> {
    return this.channel.start();
  }

  async stop(): Promise<void> {
    for (const timer of this.retries.values()) clearTimeout(timer);
    await this.channel.stop();
  }

  /** A change this instance made and committed: the changes of one event-loop turn share notifications. */
  announce(id: string): void {
    this.outgoing.add(id);
    if (this.sending) return;
    this.sending = true;
    setImmediate(() => void this.send());
  }

  private async send(): Promise<void> {
    const ids = [...this.outgoing];
    this.outgoing.clear();
    this.sending = false;
    for (const note of notes(this.options.self, ids)) {
      await PgChannel.notify(this.options.db, this.options.channel, note).catch((error: Error) => {
        this.logger.warn(`Could not announce a ${this.options.what} change (${error.message}); other instances see it at their next start or reconnection`);
      });
    }
  }

  private received(payload: string): void {
    let note: ChangeNote;
    try {
      note = JSON.parse(payload) as ChangeNote;
    } catch {
      return this.logger.warn(`Ignored a malformed ${this.options.what} change notification`);
    }
    if (note.from === this.options.self || !Array.isArray(note.ids)) return;
    for (const id of note.ids) if (typeof id === 'string') this.incoming.add(id);
    void this.reload();
  }

  /** One id at a time; an id announced again while being read is read again (back at the end of the queue). */
  private async reload(): Promise<void> {
    if (this.reloading) return;
    this.reloading = true;
    try {
      for (const id of this.incoming) {
        this.incoming.delete(id);
        await this.options.reload(id).catch((error: unknown) => {
          this.incoming.add(id);
          throw error;
        });
        this.reloaded++;
      }
    } catch (error) {
      this.logger.warn(`Could not reload a ${this.options.what} changed elsewhere (${error instanceof Error ? error.message : error}); retrying`);
      this.later('one', () => this.reload());
    } finally {
      this.reloading = false;
    }
  }

  private async reloadAll(): Promise<void> {
    try {
      await this.options.reloadAll();
    } catch (error) {
      this.logger.warn(`Could not reload every ${this.options.what} (${error instanceof Error ? error.message : error}); retrying`);
      this.later('all', () => this.reloadAll());
    }
  }

  private later(which: 'one' | 'all', task: () => Promise<void>): void {
    clearTimeout(this.retries.get(which));
    const timer = setTimeout(() => void task(), RETRY_MS);
    timer.unref();
    this.retries.set(which, timer);
  }
}

/** Notifications under PostgreSQL's payload limit (a uuid costs 39 bytes: ~200 ids each). */
export function notes(from: string, ids: string[]): string[] {
  const out: string[] = [];
  let note: ChangeNote = { from, ids: [] };
  let size = 32 + from.length;
  for (const id of ids) {
    if (size + id.length + 3 > NOTIFY_MAX_BYTES) {
      out.push(JSON.stringify(note));
      note = { from, ids: [] };
      size = 32 + from.length;
    }
    note.ids.push(id);
    size += id.length + 3;
  }
  if (note.ids.length > 0) out.push(JSON.stringify(note));
  return out;
}
