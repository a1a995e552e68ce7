// Where time-series points wait on disk while the store is down: numbered segment files of JSON
// lines, oldest first. Bounded: past `maxBytes` the oldest segments are deleted and their points
// counted as dropped, so a long outage costs the oldest history, never the disk or the process.
import fs from 'node:fs';
import path from 'node:path';
import type { TimePoint } from './time-series-store.js';

export interface SpoolOptions {
  dir: string;
  /** Points per segment file. Default 5,000 (about 0.7 MB). */
  segmentPoints?: number;
  /** Bytes kept at most on disk. Default 256 MiB (about 1.8 million points). */
  maxBytes?: number;
}

interface Segment {
  file: string;
  points: number;
  bytes: number;
}

const segmentName = /^segment-(\d{12})\.jsonl$/;

export class TimeSeriesSpool {
  private readonly segmentPoints: number;
  private readonly maxBytes: number;
  private readonly segments: Segment[] = [];
  private next = 0;
  /** Points deleted with the oldest segments to stay within maxBytes, or unreadable when read back. */
  dropped = 0;

  constructor(private readonly options: SpoolOptions) {
    this.segmentPoints = options.segmentPoints ?? 5_000;
    this.maxBytes = options.maxBytes ?? 256 * 1024 * 1024;
    fs.mkdirSync(options.dir, { recursive: true });
    for (const name of fs.readdirSync(options.dir).filter((n) => segmentName.test(n)).sort()) {
      const file = path.join(options.dir, name);
      const text = fs.readFileSync(file, 'utf8');
      this.segments.push({ file, points: text.split('\n').filter(Boolean).length, bytes: Buffer.byteLength(text) });
      this.next = Number(segmentName.exec(name)![1]) + 1;
    }
  }

  /** Points waiting on disk. */
  get size(): number {
    return this.segments.reduce((sum, segment) => sum + segment.points, 0);
  }

  /** Appends points after those already spooled; returns how many old points the bound dropped. */
  append(points: readonly TimePoint[]): number {
    for (let start = 0; start < points.length; ) {
      const segment = this.writableSegment();
      const room = this.segmentPoints - segment.points;
      const chunk = points.slice(start, start + room);
      const text = chunk.map((point) => `${JSON.stringify({ ...point, time: point.time.toISOString() })}\n`).join('');
      fs.appendFileSync(segment.file, text);
      segment.points += chunk.length;
      segment.bytes += Buffer.byteLength(text);
      start += chunk.length;
    }
    return this.enforceBound();
  }

  /** The oldest segment's points, or null when the spool is empty. */
  oldest(): TimePoint[] | null {
    const segment = this.segments[0];
    if (!segment) return null;
    const points: TimePoint[] = [];
    for (const line of fs.readFileSync(segment.file, 'utf8').split('\n')) {
      if (!line) continue;
      try {
        const raw = JSON.parse(line) as TimePoint & { time: string };
        points.push({ ...raw, time: new Date(raw.time) });
      } catch {
        this.dropped += 1; // a line torn by a crash mid-write
      }
    }
    return points;
  }

  /** Deletes the oldest segment once its points are in the store. */
  removeOldest(): void {
    const segment = this.segments.shift();
    if (segment) fs.rmSync(segment.file, { force: true });
  }

  private writableSegment(): Segment {
    const last = this.segments.at(-1);
    if (last && last.points < this.segmentPoints) return last;
    const file = path.join(this.options.dir, `segment-${String(this.next++).padStart(12, '0')}.jsonl`);
    const segment = { file, points: 0, bytes: 0 };
    this.segments.push(segment);
    return segment;
  }

  private enforceBound(): number {
    let dropped = 0;
    while (this.segments.length > 1 && this.segments.reduce((sum, s) => sum + s.bytes, 0) > this.maxBytes) {
      dropped += this.segments[0]!.points;
      this.removeOldest();
    }
    this.dropped += dropped;
    return dropped;
  }
}
