// Connections not yet authenticated, across all addresses. The per-address rate limit does not
// stop a flood from many addresses: thousands of connections that send nothing (or half a CONNECT)
// would each hold a client, timers and a file descriptor for aedes' 30 s, until a real device
// could not get in. Here each has a deadline to authenticate, and past a global cap the oldest
// is closed to make room: a real device is pending for milliseconds, so the one closed is almost
// always a flood's, and the newcomer is always let in.

export interface AdmissionLimits {
  /** Connections accepted but not yet authenticated, at most. */
  maxPending: number;
  /** Time from the TCP connection to an accepted CONNECT, at most. */
  connectDeadlineMs: number;
}

export const DEFAULT_ADMISSION_LIMITS: AdmissionLimits = { maxPending: 1000, connectDeadlineMs: 10_000 };

interface Pending {
  close: (reason: 'deadline' | 'evicted') => void;
  /** Nothing received yet: evicted before those that started a CONNECT. */
  idle: boolean;
  timer: NodeJS.Timeout;
}

export class PendingConnections {
  /** In arrival order: the first entries are the oldest. */
  private readonly pending = new Map<object, Pending>();

  constructor(private limits: AdmissionLimits = DEFAULT_ADMISSION_LIMITS) {}

  configure(limits: AdmissionLimits): void {
    this.limits = limits;
  }

  get size(): number {
    return this.pending.size;
  }

  /** A new connection; `close` ends it. Makes room first when the cap is reached. */
  add(key: object, close: Pending['close']): void {
    if (this.pending.size >= this.limits.maxPending) this.evictOne();
    const timer = setTimeout(() => this.end(key, 'deadline'), this.limits.connectDeadlineMs);
    timer.unref();
    this.pending.set(key, { close, idle: true, timer });
  }

  /** Its first bytes arrived. */
  active(key: object): void {
    const entry = this.pending.get(key);
    if (entry) entry.idle = false;
  }

  /** Authenticated, or closed: no longer pending. */
  remove(key: object): void {
    const entry = this.pending.get(key);
    if (!entry) return;
    clearTimeout(entry.timer);
    this.pending.delete(key);
  }

  private evictOne(): void {
    let victim: object | undefined;
    for (const [key, entry] of this.pending) {
      if (entry.idle) {
        victim = key;
        break;
      }
      victim ??= key;
    }
    if (victim) this.end(victim, 'evicted');
  }

  private end(key: object, reason: 'deadline' | 'evicted'): void {
    const entry = this.pending.get(key);
    if (!entry) return;
    this.remove(key);
    entry.close(reason);
  }
}
