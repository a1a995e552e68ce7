// Per-reader memory of the decision path: answers already given (contract §2: a repeated `seq` is
// a duplicate delivery, answered again, never counted twice) and unknown-badge bursts (a reader
// tried with more than N unknown badges in a minute answers `rate-limited` for a while).
import { Injectable } from '@nestjs/common';
import type { BadgeEvent } from '../devices/device-events.js';
import { AccessSettings } from './access-settings.js';
import type { BadgeAnswer } from './access.types.js';

interface Answered {
  uid: string;
  at: number;
  answer: BadgeAnswer;
}

interface ReaderMemory {
  answers: Map<number, Answered>;
  unknownAt: number[];
  blockedUntil: number;
}

// Enough for every message a reader can have in flight; older seqs are forgotten first.
const ANSWERS_KEPT = 64;

@Injectable()
export class ReaderGuard {
  private readonly readers = new Map<string, ReaderMemory>();

  constructor(private readonly settings: AccessSettings) {}

  /**
   * The answer already given to this delivery, if it is a repeat. The UID must match too, and the
   * first delivery be recent: a reader that rebooted restarts its counter, and its new seq 17 must
   * not be answered with the grant some other badge got.
   */
  repeated(event: BadgeEvent): BadgeAnswer | undefined {
    if (event.seq === undefined) return undefined;
    const previous = this.memory(event).answers.get(event.seq);
    if (!previous || previous.uid !== event.uid) return undefined;
    const age = event.receivedAt.getTime() - previous.at;
    return age >= 0 && age <= this.settings.duplicateWindowMs ? previous.answer : undefined;
  }

  remember(event: BadgeEvent, answer: BadgeAnswer): void {
    if (event.seq === undefined) return;
    const answers = this.memory(event).answers;
    answers.delete(event.seq);
    answers.set(event.seq, { uid: event.uid, at: event.receivedAt.getTime(), answer });
    if (answers.size > ANSWERS_KEPT) answers.delete(answers.keys().next().value as number);
  }

  isBlocked(event: BadgeEvent): boolean {
    return event.receivedAt.getTime() < this.memory(event).blockedUntil;
  }

  /** Counts an unknown badge; true when it is the one that blocks the reader. */
  noteUnknown(event: BadgeEvent): boolean {
    const memory = this.memory(event);
    const now = event.receivedAt.getTime();
    memory.unknownAt = memory.unknownAt.filter((at) => now - at < this.settings.rateWindowMs);
    memory.unknownAt.push(now);
    if (memory.unknownAt.length <= this.settings.rateLimitUnknown) return false;
    memory.blockedUntil = now + this.settings.rateBlockMs;
    memory.unknownAt = [];
    return true;
  }

  private memory(event: BadgeEvent): ReaderMemory {
    const key = `${event.site}/${event.deviceId}`;
    let memory = this.readers.get(key);
    if (!memory) {
      memory = { answers: new Map(), unknownAt: [], blockedUntil: 0 };
      this.readers.set(key, memory);
    }
    return memory;
  }
}
