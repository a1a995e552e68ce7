// Per-reader memory of the decision path: answers already given (contract §2: a repeated `seq` is
// a duplicate delivery, answered again, never counted twice) and unknown badges. Those never
// block the door for everyone (a wallet of bank and transit cards would lock the entrance for two
// minutes): one unknown card presented again and again is blocked at that reader; many different
// unknown cards (someone trying UIDs) *slow* the reader to one decision every few seconds, so
// members still get in while guessing slows to a crawl.
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
  /** Unknown UIDs -> when each was presented within the window. */
  unknown: Map<string, number[]>;
  /** Cards blocked at this reader -> until when. */
  blockedCards: Map<string, number>;
  slowedUntil: number;
  lastDecidedAt: number;
}

/** What the unknown-badge rules say about a badge-in, before it is decided. */
export type Admission = 'decide' | 'card-blocked' | 'slowed';
/** What an unknown badge just triggered, for the alarm. */
export type UnknownTrigger = 'card-blocked' | 'reader-slowed' | null;

// Unknown UIDs remembered per reader: past this, those outside the window are forgotten first.
const UNKNOWN_KEPT = 256;

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

  /**
   * Whether to decide this badge-in: not for a card blocked here; in a slowed reader, one
   * decision per `slowIntervalMs` (a person badging takes longer), the rest answered rate-limited.
   */
  admit(event: BadgeEvent): Admission {
    const memory = this.memory(event);
    const now = event.receivedAt.getTime();
    const blockedUntil = memory.blockedCards.get(event.uid);
    if (blockedUntil !== undefined && now < blockedUntil) return 'card-blocked';
    if (now < memory.slowedUntil && now - memory.lastDecidedAt < this.settings.slowIntervalMs) return 'slowed';
    memory.lastDecidedAt = now;
    return 'decide';
  }

  /**
   * Counts an unknown badge. The same card more than `cardRepeatLimit` times within the window
   * blocks that card here; more than `rateLimitUnknown` different cards slow the reader. Returns
   * what it triggered, once per block or slow-down.
   */
  noteUnknown(event: BadgeEvent): UnknownTrigger {
    const memory = this.memory(event);
    const now = event.receivedAt.getTime();
    const window = this.settings.rateWindowMs;
    const times = (memory.unknown.get(event.uid) ?? []).filter((at) => now - at < window);
    times.push(now);
    memory.unknown.delete(event.uid);
    memory.unknown.set(event.uid, times);
    this.forgetOld(memory, now);
    if (times.length > this.settings.cardRepeatLimit) {
      memory.blockedCards.set(event.uid, now + this.settings.rateBlockMs);
      memory.unknown.delete(event.uid);
      return 'card-blocked';
    }
    if (memory.unknown.size <= this.settings.rateLimitUnknown) return null;
    // Still guessing: the slow-down lasts; the alarm was raised when it began.
    const alreadySlowed = now < memory.slowedUntil;
    memory.slowedUntil = now + this.settings.rateBlockMs;
    return alreadySlowed ? null : 'reader-slowed';
  }

  private forgetOld(memory: ReaderMemory, now: number): void {
    for (const [uid, times] of memory.unknown) {
      if (memory.unknown.size <= UNKNOWN_KEPT && now - times[times.length - 1]! < this.settings.rateWindowMs) break;
      memory.unknown.delete(uid);
    }
    for (const [uid, until] of memory.blockedCards) if (until <= now) memory.blockedCards.delete(uid);
  }

  private memory(event: BadgeEvent): ReaderMemory {
    const key = `${event.site}/${event.deviceId}`;
    let memory = this.readers.get(key);
    if (!memory) {
      memory = { answers: new Map(), unknown: new Map(), blockedCards: new Map(), slowedUntil: 0, lastDecidedAt: 0 };
      this.readers.set(key, memory);
    }
    return memory;
  }
}
