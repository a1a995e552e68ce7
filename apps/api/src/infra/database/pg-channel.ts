// One PostgreSQL LISTEN/NOTIFY channel between the instances sharing a database (docs/scaling.md,
// "Changes across instances"). Notifications are not kept for an absent listener, so
// after a lost connection `resumed` is called once listening again: the caller reloads what it
// may have missed. The listener has its own connection (LISTEN holds it for good).
import { Logger } from '@nestjs/common';
import pg from 'pg';

/** A notification's payload must stay under PostgreSQL's 8000 bytes. */
export const NOTIFY_MAX_BYTES = 7900;
const RETRY_MS = 1000;

export interface PgChannelHandlers {
  message(payload: string): void;
  /** Listening again after a lost connection: notifications sent meanwhile were lost. */
  resumed(): void;
}

export class PgChannel {
  private readonly log = new Logger('PgChannel');
  private client?: pg.Client;
  private retry?: NodeJS.Timeout;
  private stopped = false;
  private lostOnce = false;
  private listening = false;

  constructor(
    private readonly url: string,
    private readonly channel: string,
    private readonly handlers: PgChannelHandlers,
  ) {
    if (!/^[a-z_][a-z0-9_]*$/.test(channel)) throw new Error(`bad channel name ${channel}`);
  }

  /** Resolves once listening, or after the first failure (it keeps trying in the background). */
  async start(): Promise<void> {
    this.stopped = false;
    await this.connect();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.retry);
    await this.client?.end().catch(() => undefined);
  }

  /** Sends on `db` (any pooled connection): delivered to every listener once the sender's transaction commits. */
  static async notify(db: { query(sql: string, params: unknown[]): Promise<unknown> }, channel: string, payload: string): Promise<void> {
    await db.query('SELECT pg_notify($1, $2)', [channel, payload]);
  }

  private async connect(): Promise<void> {
    const client = new pg.Client({ connectionString: this.url, connectionTimeoutMillis: 5000 });
    client.on('error', (error) => this.lost(client, error));
    client.on('end', () => this.lost(client, new Error('connection ended')));
    client.on('notification', (note) => {
      if (note.channel === this.channel && note.payload !== undefined) this.handlers.message(note.payload);
    });
    this.client = client;
    try {
      await client.connect();
      await client.query(`LISTEN ${this.channel}`);
    } catch (error) {
      this.lost(client, error as Error);
      return;
    }
    this.listening = true;
    if (this.lostOnce) {
      this.log.log(`Listening again on ${this.channel}: reloading what may have been missed`);
      this.handlers.resumed();
    }
  }

  private lost(client: pg.Client, error: Error): void {
    if (this.stopped || client !== this.client) return;
    this.client = undefined;
    // Once per outage, not once per retry.
    if (this.listening || !this.lostOnce) this.log.warn(`Not listening on ${this.channel} (${error.message}): other instances' changes wait until it is back`);
    this.listening = false;
    this.lostOnce = true;
    void client.end().catch(() => undefined);
    clearTimeout(this.retry);
    this.retry = setTimeout(() => {
      this.retry = undefined;
      void this.connect();
    }, RETRY_MS);
    this.retry.unref();
  }
}
