// aedes has no maximum packet size: mqtt-packet buffers whatever remaining length a client declares.
// This guard reads the MQTT fixed header of every inbound packet [MQTT-2.2] before aedes parses
// anything. A packet over its cap never reaches aedes: an oversized PUBLISH from a device that
// may send it (Zigbee2MQTT's retained `bridge/info` is over 45 KB) is read through and dropped,
// without buffering it; any other oversized packet ends the connection.
import net from 'node:net';

export interface PacketLimits {
  /** Largest remaining length of a PUBLISH handed to aedes: the 4 KiB payload cap plus room for topic and packet id. */
  publish: number;
  /** Largest remaining length of any other packet (CONNECT with a will, SUBSCRIBE lists). */
  other: number;
}

/** The variable header of a PUBLISH over the cap [MQTT-3.3.2]; its payload is never kept. */
export interface OversizedPublish {
  topic: string;
  qos: 0 | 1 | 2;
  packetId?: number;
  retain: boolean;
  /** Its remaining length. */
  length: number;
}

export type Refusal = { ok: false; reason: 'oversized' | 'malformed'; detail: string };
export type GuardVerdict = { ok: true } | Refusal;
/** What aedes may see of a chunk, and the oversized PUBLISH packets read through to their end. */
export type ScanResult = { ok: true; pass: Buffer[]; skipped: OversizedPublish[] } | Refusal;
/** Whether an oversized PUBLISH is read through and dropped, or ends the connection. */
export type OversizedDecision = (publish: OversizedPublish) => 'skip' | 'refuse';

const PUBLISH = 3;
const packetNames = ['reserved', 'CONNECT', 'CONNACK', 'PUBLISH', 'PUBACK', 'PUBREC', 'PUBREL', 'PUBCOMP', 'SUBSCRIBE', 'SUBACK', 'UNSUBSCRIBE', 'UNSUBACK', 'PINGREQ', 'PINGRESP', 'DISCONNECT', 'AUTH'];
const EMPTY = Buffer.alloc(0);
/**
 * Inbound bytes handed to aedes at once per connection (see SocketGuard.readMore); also the high-water
 * mark of the broker's plain sockets, so that a read takes a slice or two, not 64 KB.
 */
export const INBOUND_SLICE = 4096;
type Phase = 'type' | 'length' | 'body' | 'head' | 'skip';
/** The phase after a call that may have changed it (TypeScript keeps the narrowed one otherwise). */
const now = (phase: Phase): Phase => phase;

/** Follows packet boundaries across chunks; looks at fixed headers, and at the topic of oversized PUBLISH packets. */
export class PacketScanner {
  private phase: Phase = 'type';
  private first = 0;
  private length = 0;
  private multiplier = 1;
  private lengthBytes = 0;
  private remaining = 0;
  /** A fixed header cut by the end of a chunk: held back until aedes may see it. */
  private held = EMPTY;
  /** The variable header of an oversized PUBLISH as it comes: bytes (as an array of numbers, a 64 KiB topic took 240-600 KiB). */
  private head = Buffer.alloc(2);
  private headRead = 0;
  private skipping?: OversizedPublish;

  constructor(
    private readonly limits: PacketLimits,
    private readonly decide: OversizedDecision = () => 'refuse',
  ) {}

  scan(input: Buffer): ScanResult {
    const chunk = this.held.length ? Buffer.concat([this.held, input]) : input;
    this.held = EMPTY;
    const pass: Buffer[] = [];
    const skipped: OversizedPublish[] = [];
    let runStart = 0;
    let headerStart = 0;
    let i = 0;
    while (i < chunk.length) {
      if (this.phase === 'body' || this.phase === 'skip') {
        const n = Math.min(this.remaining, chunk.length - i);
        i += n;
        this.remaining -= n;
        if (this.remaining > 0) continue;
        if (this.phase === 'skip') {
          skipped.push(this.skipping!);
          runStart = i;
        }
        this.phase = 'type';
        continue;
      }
      if (this.phase === 'head') {
        const verdict = this.headByte(chunk[i++]!);
        if (!verdict.ok) return verdict;
        if (now(this.phase) === 'type') {
          skipped.push(this.skipping!); // a PUBLISH with no payload at all
          runStart = i;
        }
        continue;
      }
      if (this.phase === 'type') headerStart = i;
      const verdict = this.phase === 'type' ? this.startPacket(chunk[i]!) : this.lengthByte(chunk[i]!);
      i++;
      if (!verdict.ok) return verdict;
      if (now(this.phase) === 'head') {
        if (headerStart > runStart) pass.push(chunk.subarray(runStart, headerStart));
        runStart = chunk.length; // nothing of this packet goes to aedes
      }
    }
    if (this.phase === 'length') {
      this.held = Buffer.from(chunk.subarray(headerStart));
      this.phase = 'type';
      if (headerStart > runStart) pass.push(chunk.subarray(runStart, headerStart));
    } else if ((this.phase === 'type' || this.phase === 'body') && chunk.length > runStart) {
      pass.push(chunk.subarray(runStart));
    }
    return { ok: true, pass, skipped };
  }

  private startPacket(byte: number): GuardVerdict {
    this.first = byte;
    const type = byte >> 4;
    // 0 is reserved in MQTT 3.1.1 and 15 (AUTH) exists only in MQTT 5, which aedes does not speak.
    if (type === 0 || type === 15) return { ok: false, reason: 'malformed', detail: `packet type ${type}` };
    this.length = 0;
    this.multiplier = 1;
    this.lengthBytes = 0;
    this.phase = 'length';
    return { ok: true };
  }

  /** Remaining length: 1 to 4 bytes, 7 bits each, least significant first [MQTT-2.2.3]. */
  private lengthByte(byte: number): GuardVerdict {
    this.length += (byte & 0x7f) * this.multiplier;
    this.multiplier *= 128;
    this.lengthBytes++;
    if (byte & 0x80) {
      return this.lengthBytes < 4 ? { ok: true } : { ok: false, reason: 'malformed', detail: 'remaining length over 4 bytes' };
    }
    const type = this.first >> 4;
    const limit = type === PUBLISH ? this.limits.publish : this.limits.other;
    this.remaining = this.length;
    if (this.length <= limit) {
      this.phase = this.remaining === 0 ? 'type' : 'body';
      return { ok: true };
    }
    if (type !== PUBLISH) return { ok: false, reason: 'oversized', detail: `${packetNames[type]} of ${this.length} bytes > ${limit}` };
    this.phase = 'head';
    this.head = Buffer.alloc(2);
    this.headRead = 0;
    return { ok: true };
  }

  /** Topic length, topic, then the packet id when QoS > 0 [MQTT-3.3.2]. */
  private headByte(byte: number): GuardVerdict {
    this.remaining--;
    const qos = (this.first >> 1) & 3;
    if (qos === 3) return { ok: false, reason: 'malformed', detail: 'PUBLISH with QoS 3' };
    this.head[this.headRead++] = byte;
    if (this.headRead < 2) return { ok: true };
    const topicLength = this.head.readUInt16BE(0);
    const headLength = 2 + topicLength + (qos > 0 ? 2 : 0);
    if (headLength > this.length) return { ok: false, reason: 'malformed', detail: 'PUBLISH topic longer than the packet' };
    if (this.headRead === 2) this.head = Buffer.concat([this.head], headLength); // its size, known now
    if (this.headRead < headLength) return { ok: true };
    const head = this.head;
    this.head = Buffer.alloc(2);
    const publish: OversizedPublish = {
      topic: head.toString('utf8', 2, 2 + topicLength),
      qos: qos as 0 | 1 | 2,
      ...(qos > 0 ? { packetId: head.readUInt16BE(2 + topicLength) } : {}),
      retain: (this.first & 1) === 1,
      length: this.length,
    };
    if (this.decide(publish) === 'refuse') {
      return { ok: false, reason: 'oversized', detail: `PUBLISH of ${this.length} bytes > ${this.limits.publish}` };
    }
    this.skipping = publish;
    this.phase = this.remaining === 0 ? 'type' : 'skip';
    return { ok: true };
  }
}

/** What one client may have waiting to be sent (its socket's buffer). */
export interface OutgoingLimits {
  /** Bytes queued for the client past which it is dropped. */
  maxQueuedBytes: number;
  /** How long its socket may stay unable to take more before it is dropped. */
  stallMs: number;
}

export interface GuardHooks {
  limits: PacketLimits;
  outgoing: OutgoingLimits;
  /** The client stopped reading: it was dropped. */
  onSlow: (guard: SocketGuard, detail: string) => void;
  /** Asked once the topic of an oversized PUBLISH is known. */
  decide: (guard: SocketGuard, publish: OversizedPublish) => 'skip' | 'refuse';
  /** An oversized PUBLISH was read through, dropped and acknowledged. */
  onSkipped: (guard: SocketGuard, publish: OversizedPublish) => void;
  /** A packet ended the connection. */
  onRefused: (guard: SocketGuard, verdict: Refusal) => void;
  /** The first bytes arrived. */
  onActive?: (guard: SocketGuard) => void;
  /** The socket closed. */
  onClosed?: (guard: SocketGuard) => void;
}

const guardOf = Symbol('guard');
type GuardedSocket = net.Socket & { [guardOf]: SocketGuard };
const netPush = net.Socket.prototype.push;
const netRead = net.Socket.prototype._read;
const netWrite = net.Socket.prototype.write;

/**
 * The guard of one socket, which aedes is given as it is. The guard sits in three of its methods
 * (shared functions, not closures: bench/, scenario R, memory beside a bare aedes): `push`, where
 * the socket hands over what it read, `_read`, where its reader asks for more, and `write`.
 * An earlier guard was a Duplex stream between aedes and the socket: every byte went through two
 * streams (its memory was small: live heap per connection 10.1 KB with it, 9.9-10.0 KB without,
 * docs/scaling.md "Quiet runs"; the gain is in the storm's and the start's CPU).
 *
 * Inbound, every byte passes the scanner before it is buffered: a refused packet destroys the
 * connection before a byte of it reaches aedes, and aedes is handed INBOUND_SLICE bytes at a time.
 *
 * Outbound, aedes waits for a client's stream to drain before it completes a delivery, and the
 * next messages wait for that (stack notes 13: one reader that stopped reading left every other
 * one without decisions for about 40 s). Here `write` says yes at once up to the client's queue
 * bound, so no delivery ever waits on one client; a client past its bound, or whose socket has
 * flushed nothing for `stallMs`, is dropped.
 */
export class SocketGuard {
  private readonly scanner: PacketScanner;
  /** Received, scanned, not yet handed to aedes. */
  private readonly backlog: Buffer[] = [];
  private active = false;
  private stall?: NodeJS.Timeout;
  /** Bytes flushed to the kernel when the stall timer started. */
  private flushedAtStall = 0;
  private checkQueued = false;
  /** The socket's end arrived while a backlog was held. */
  private ended = false;

  private constructor(
    readonly socket: net.Socket,
    private readonly hooks: GuardHooks,
    /** The peer's address, read once (the socket's getter asks the kernel each time, and forgets it once closed). */
    readonly address: string,
  ) {
    this.scanner = new PacketScanner(hooks.limits, (publish) => hooks.decide(this, publish));
  }

  /** Puts a guard on `socket` before aedes reads from it. */
  static attach(socket: net.Socket, hooks: GuardHooks, address = socket.remoteAddress ?? 'unknown'): SocketGuard {
    const guard = new SocketGuard(socket, hooks, address);
    const guarded = socket as GuardedSocket;
    guarded[guardOf] = guard;
    guarded.push = guardedPush;
    guarded._read = guardedRead;
    guarded.write = guardedWrite as net.Socket['write'];
    socket.on('close', onSocketClose);
    return guard;
  }

  /** What the socket read (`null`: its end). Whether it may go on reading. */
  received(chunk: Buffer | null): boolean {
    // A plain socket's end cannot come while a backlog is held (returning false stopped its
    // reading), but a TLS socket's can: the peer's close_notify comes with the records read before
    // it. It then waits for readMore to have handed all of the backlog over.
    if (chunk === null) {
      if (this.backlog.length === 0) return netPush.call(this.socket, null);
      this.ended = true;
      return false;
    }
    if (!this.active) {
      this.active = true;
      this.hooks.onActive?.(this);
    }
    const result = this.scanner.scan(chunk);
    if (!result.ok) {
      this.hooks.onRefused(this, result);
      this.socket.destroy();
      return false;
    }
    for (const publish of result.skipped) {
      this.acknowledge(publish);
      this.hooks.onSkipped(this, publish);
    }
    for (const part of result.pass) this.backlog.push(part);
    // Below the socket's own high-water mark (16 KiB on TLS sockets, not INBOUND_SLICE), the stream
    // may have asked for more already (readMore found no backlog and resumed the handle): it will not
    // ask again before something is pushed, so a backlog kept back now would stay there for good.
    if (this.backlog.length > 0 && this.socket.readableLength < this.socket.readableHighWaterMark) this.feedSlice();
    return this.backlog.length === 0;
  }

  /**
   * Aedes parses all a read gives it and reads again once every packet of it is handled: a
   * device flooding its socket (64 KB chunks, ~600 badges) gets a few dozen packets handled per
   * turn while the others' are handled in between. One slice per call, whatever is buffered: the
   * stream calls this only below its high-water mark, and a call that pushed nothing would leave
   * the backlog waiting for a read that never comes.
   */
  readMore(size: number): void {
    if (this.backlog.length > 0) this.feedSlice();
    else if (this.ended) netPush.call(this.socket, null);
    else netRead.call(this.socket, size);
  }

  private feedSlice(): void {
    const part = this.backlog[0]!;
    const slice = part.length > INBOUND_SLICE ? part.subarray(0, INBOUND_SLICE) : part;
    if (slice === part) this.backlog.shift();
    else this.backlog[0] = part.subarray(INBOUND_SLICE);
    netPush.call(this.socket, slice);
  }

  /**
   * After a write: mqtt-packet corks the socket for each packet and uncorks it on the next tick,
   * so what stays queued is known only then.
   */
  wrote(): void {
    if (this.socket.writableLength === 0 || this.checkQueued) return;
    this.checkQueued = true;
    process.nextTick(checkQueued, this);
  }

  queued(): void {
    this.checkQueued = false;
    const queued = this.socket.writableLength;
    if (queued > this.hooks.outgoing.maxQueuedBytes) this.dropSlow(`over ${this.hooks.outgoing.maxQueuedBytes} bytes queued`);
    else if (queued > 0 && !this.stall && !this.socket.destroyed) this.watchStall();
  }

  /**
   * Bytes left in the socket's own buffer: the kernel's is full. Within `stallMs` the queue must
   * empty, or the kernel must have taken some of it (a write completed), which starts another
   * wait. Not the socket's 'drain': it comes only after a write said "full", and a client whose
   * small queue emptied at once would otherwise be dropped `stallMs` later all the same.
   */
  private watchStall(): void {
    this.flushedAtStall = this.flushed();
    this.stall = setTimeout(stallCheck, this.hooks.outgoing.stallMs, this);
    this.stall.unref();
  }

  stallChecked(): void {
    this.stall = undefined;
    if (this.socket.destroyed || this.socket.writableLength === 0) return;
    if (this.flushed() > this.flushedAtStall) this.watchStall();
    else this.dropSlow(`queue not emptied for ${this.hooks.outgoing.stallMs} ms`);
  }

  /** Bytes the kernel took: those handed to it or queued, less those queued or in flight. */
  private flushed(): number {
    return this.socket.bytesWritten - this.socket.writableLength;
  }

  /**
   * The PUBACK or PUBREC the device waits for [MQTT-4.3.2-2, MQTT-4.3.3-2], else it resends the
   * packet forever. Written between aedes' packets (aedes writes each whole, in one go); aedes
   * answers the PUBREL that follows a PUBREC with PUBCOMP by itself.
   */
  private acknowledge(publish: OversizedPublish): void {
    if (publish.qos === 0 || this.socket.destroyed) return;
    const id = publish.packetId!;
    this.socket.write(Buffer.from([publish.qos === 1 ? 0x40 : 0x50, 0x02, id >> 8, id & 0xff]));
  }

  private dropSlow(detail: string): void {
    this.closed();
    if (this.socket.destroyed) return;
    this.hooks.onSlow(this, detail);
    this.socket.destroy();
  }

  closed(): void {
    clearTimeout(this.stall);
    this.stall = undefined;
  }

  socketClosed(): void {
    this.closed();
    this.hooks.onClosed?.(this);
  }
}

// The socket's methods and events, through shared functions finding their guard on the socket.
function guardedPush(this: GuardedSocket, chunk: Buffer | null): boolean {
  return this[guardOf].received(chunk);
}

function guardedRead(this: GuardedSocket, size: number): void {
  this[guardOf].readMore(size);
}

function guardedWrite(this: GuardedSocket, ...args: Parameters<net.Socket['write']>): boolean {
  (netWrite as (...a: typeof args) => boolean).apply(this, args);
  this[guardOf].wrote();
  return true; // never "wait for drain": see SocketGuard
}

function checkQueued(guard: SocketGuard): void {
  guard.queued();
}

function stallCheck(guard: SocketGuard): void {
  guard.stallChecked();
}

function onSocketClose(this: GuardedSocket): void {
  this[guardOf].socketClosed();
}

/** The guard of a socket given to aedes (`client.conn`). */
export function guardOfSocket(socket: net.Socket): SocketGuard | undefined {
  return (socket as Partial<GuardedSocket>)[guardOf];
}
