// What a native reader checks before it opens (docs/reader-firmware.md): every decision must be
// signed with the key it derives from its own secret, unexpired, and answer a seq it is waiting
// on, once; its offline allow-list must be signed, current and newer than the one it holds.
// When the service is silent it decides from that list and queues the badge-in for upload.
import {
  allowListGrants,
  badgeTopic,
  decodeMessage,
  deriveDecisionKey,
  encodeMessage,
  PendingDecisions,
  TOPIC_DELIVERY,
  verifyAllowList,
  verifyDecision,
  type AllowListMessage,
} from '#protocol';
import type { Publication, ReaderReply } from './dialects/types.js';
import type { RefusedDecisions } from './stats.js';

export interface OfflineCounts {
  granted: number;
  denied: number;
  uploaded: number;
  listsAccepted: number;
  listsRefused: number;
}

/** The reader's non-volatile memory for remote unlocks: the floor kept across reboots. */
export interface UnlockMemory {
  floor?: number;
  save(floor: number): void;
}

export class DecisionGuard {
  readonly refused: RefusedDecisions = { stale: 0, forged: 0, replayed: 0 };
  private readonly pending: PendingDecisions;

  /** Constructed at (re)boot: nothing signed before it opens the door afterwards. */
  constructor(
    readonly key: Buffer,
    private readonly now: () => number = Date.now,
    private readonly memory?: UnlockMemory,
  ) {
    this.pending = new PendingDecisions(now(), memory?.floor);
  }

  static forSecret(secret: string, now?: () => number, memory?: UnlockMemory): DecisionGuard {
    return new DecisionGuard(deriveDecisionKey(secret), now, memory);
  }

  expect(seq: number): void {
    this.pending.expect(seq);
  }

  forget(seq: number): void {
    this.pending.forget(seq);
  }

  /** True when the decision may be acted on; a refusal is counted by its reason. */
  accept(reply: ReaderReply): boolean {
    if (reply.seq === undefined) return false;
    const check = verifyDecision(
      this.key,
      { seq: reply.seq, granted: reply.granted, unlockMs: reply.unlockMs, exp: reply.exp, sig: reply.sig },
      this.now(),
    );
    if (!check.ok) {
      this.refused[check.reason === 'stale' ? 'stale' : 'forged']++;
      return false;
    }
    if (this.pending.settle(reply.seq, reply.exp as number)) {
      if (reply.seq === 0) this.memory?.save(this.pending.unsolicitedFloor);
      return true;
    }
    this.refused.replayed++;
    return false;
  }
}

/** A badge-in decided offline, waiting to be uploaded with its original time. */
export interface QueuedBadge {
  uid: string;
  seq: number;
  ts: string;
  granted: boolean;
}

export class OfflineMode {
  readonly counts: OfflineCounts = { granted: 0, denied: 0, uploaded: 0, listsAccepted: 0, listsRefused: 0 };
  private current?: AllowListMessage;
  private heldVersion?: number;
  private queue: QueuedBadge[] = [];

  constructor(
    private readonly key: Buffer,
    private readonly target: { site: string; root: string; readerId: string },
    private readonly now: () => number = Date.now,
  ) {}

  get version(): number | undefined {
    return this.heldVersion;
  }

  /** The list held, last accepted. */
  get list(): AllowListMessage | undefined {
    return this.current;
  }

  get queued(): readonly QueuedBadge[] {
    return this.queue;
  }

  /** Keeps a list only when signed, current and newer than the one held. */
  onAllowList(topic: string, payload: Buffer): boolean {
    const decoded = decodeMessage(topic, payload, this.target.root);
    if (!decoded.ok || decoded.kind !== 'allow-list') return false;
    const check = verifyAllowList(this.key, decoded.message, this.now(), this.heldVersion);
    if (!check.ok) {
      this.counts.listsRefused++;
      return false;
    }
    this.current = decoded.message;
    this.heldVersion = decoded.message.version;
    this.counts.listsAccepted++;
    return true;
  }

  /** The offline decision, or undefined without a list still in force (then silence means denied). */
  decide(uid: string, seq: number): boolean | undefined {
    const now = this.now();
    if (this.current === undefined || now >= this.current.until) return undefined;
    const granted = allowListGrants(this.current, uid, now);
    this.counts[granted ? 'granted' : 'denied']++;
    this.queue.push({ uid, seq, ts: new Date(now).toISOString(), granted });
    return granted;
  }

  /** The queued badge-ins as badge messages flagged `offline`, emptying the queue. */
  uploads(): Publication[] {
    const queued = this.queue;
    this.queue = [];
    this.counts.uploaded += queued.length;
    const topic = badgeTopic(this.target.site, this.target.readerId, this.target.root);
    return queued.map((badge) => ({ topic, payload: encodeMessage('badge', { ...badge, offline: true }), ...TOPIC_DELIVERY.badge }));
  }
}
