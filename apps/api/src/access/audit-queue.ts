// The audit log's on-disk queue while the database is down: one JSON entry per line, appended and
// fsync'd one batch at a time, replayed then truncated when the database is back. Bounded, so a
// long outage cannot fill the disk: past the bound new entries are dropped and counted.
import fs from 'node:fs';
import path from 'node:path';
import type { AccessEntry } from './access.types.js';

export interface QueueLimits {
  maxEntries: number;
  maxBytes: number;
}

export class AuditQueue {
  private entries = 0;
  private bytes = 0;
  /** Entries refused because the queue was full, since start. */
  dropped = 0;
  /** Lines that did not parse when read back (a line torn by a crash mid-write). */
  unreadable = 0;

  constructor(
    readonly file: string,
    private readonly limits: QueueLimits,
  ) {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    if (fs.existsSync(file)) {
      this.bytes = fs.statSync(file).size;
      this.entries = this.readAll().length;
    }
  }

  get size(): number {
    return this.entries;
  }

  /**
   * Appends what fits and makes it durable before resolving; returns how many were dropped.
   * An entry that took a day is kept past the bound: dropped, the day would be lost at the next
   * start and could be taken twice. There is at most one per pass and day (or half-day).
   */
  async append(batch: readonly AccessEntry[]): Promise<number> {
    const lines: string[] = [];
    let bytes = 0;
    for (const entry of batch) {
      const line = `${JSON.stringify(entry)}\n`;
      const size = Buffer.byteLength(line);
      const full = this.entries + lines.length >= this.limits.maxEntries || this.bytes + bytes + size > this.limits.maxBytes;
      if (full && !entry.take) continue;
      lines.push(line);
      bytes += size;
    }
    if (lines.length > 0) {
      const handle = await fs.promises.open(this.file, 'a');
      try {
        await handle.appendFile(lines.join(''));
        await handle.sync();
      } finally {
        await handle.close();
      }
      this.entries += lines.length;
      this.bytes += bytes;
    }
    const dropped = batch.length - lines.length;
    this.dropped += dropped;
    return dropped;
  }

  /** Every queued entry, oldest first; unparseable lines are skipped and counted. */
  readAll(): AccessEntry[] {
    if (!fs.existsSync(this.file)) return [];
    const entries: AccessEntry[] = [];
    let unreadable = 0;
    for (const line of fs.readFileSync(this.file, 'utf8').split('\n')) {
      if (line.trim() === '') continue;
      try {
        entries.push(JSON.parse(line) as AccessEntry);
      } catch {
        unreadable++;
      }
    }
    this.unreadable = unreadable;
    return entries;
  }

  /** Empties the queue once its entries are safely in the database. */
  async clear(): Promise<void> {
    await fs.promises.truncate(this.file, 0).catch((error: NodeJS.ErrnoException) => {
      if (error.code !== 'ENOENT') throw error;
    });
    this.entries = 0;
    this.bytes = 0;
  }
}
