// aedes has no maximum packet size: mqtt-packet buffers whatever remaining length a client declares.
// This guard reads the MQTT fixed header of every inbound packet [MQTT-2.2] before aedes parses
// anything. A packet over its cap never reaches aedes: an oversized PUBLISH from a device that
// may send it (Zigbee2MQTT's retained `bridge/info` is over 45 KB) is read through and dropped,
// without buffering it; any other oversized packet ends the connection.
import { Duplex } from 'node:stream';
import type net from 'node:net';

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
/** Inbound bytes handed to aedes at once per connection (see GuardedConnection.feed). */
const INBOUND_SLICE = 4096;
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
  private head: number[] = [];
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
    this.head = [];
    return { ok: true };
  }

  /** Topic length, topic, then the packet id when QoS > 0 [MQTT-3.3.2]. */
  private headByte(byte: number): GuardVerdict {
    this.head.push(byte);
    this.remaining--;
    const qos = (this.first >> 1) & 3;
    if (qos === 3) return { ok: false, reason: 'malformed', detail: 'PUBLISH with QoS 3' };
    if (this.head.length < 2) return { ok: true };
    const topicLength = this.head[0]! * 256 + this.head[1]!;
    const headLength = 2 + topicLength + (qos > 0 ? 2 : 0);
    if (headLength > this.length) return { ok: false, reason: 'malformed', detail: 'PUBLISH topic longer than the packet' };
    if (this.head.length < headLength) return { ok: true };
    const head = Buffer.from(this.head);
    this.head = [];
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

/** What one client may have waiting to be sent (its socket's buffer and ours). */
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
  onSlow: (connection: GuardedConnection, detail: string) => void;
  /** Asked once the topic of an oversized PUBLISH is known. */
  decide: (connection: GuardedConnection, publish: OversizedPublish) => 'skip' | 'refuse';
  /** An oversized PUBLISH was read through, dropped and acknowledged. */
  onSkipped: (connection: GuardedConnection, publish: OversizedPublish) => void;
  /** A packet ended the connection. */
  onRefused: (connection: GuardedConnection, verdict: Refusal) => void;
  /** The first bytes arrived. */
  onActive?: (connection: GuardedConnection) => void;
  /** The socket closed. */
  onClosed?: (connection: GuardedConnection) => void;
}

/** The socket's guard, so that its listeners can be shared functions instead of closures per connection. */
const guardOf = Symbol('guard');
type GuardedSocket = net.Socket & { [guardOf]?: GuardedConnection };

/**
 * The socket as aedes sees it: inbound bytes pass through the scanner, outbound bytes go straight
 * to the socket. A refused packet destroys the connection before a byte of it reaches aedes.
 *
 * Outbound, aedes waits for a client's stream to drain before it completes a delivery, and the
 * next messages wait for that (stack notes 13: one reader that stopped reading left every other
 * one without decisions for about 40 s). Here writes are taken at once up to the client's queue
 * bound, so no delivery ever waits on one client; a client past its bound, or whose socket has not
 * drained for `stallMs`, is dropped.
 */
export class GuardedConnection extends Duplex {
  private readonly scanner: PacketScanner;
  private stall?: NodeJS.Timeout;
  /** Received, scanned, not yet handed to aedes. */
  private readonly backlog: Buffer[] = [];
  private ended = false;
  private active = false;
  /** The peer's address, read once (the socket's getter asks the kernel each time, and forgets it once closed). */
  readonly address: string;

  // Every listener is a shared function finding its guard on the socket: thousands of connections
  // would otherwise each hold a closure per event (bench/, scenario R: memory beside a bare aedes).
  constructor(
    private readonly socket: net.Socket,
    private readonly hooks: GuardHooks,
    address = socket.remoteAddress,
  ) {
    // aedes writes without waiting as long as write() returns true: true up to the bound.
    super({ allowHalfOpen: false, writableHighWaterMark: hooks.outgoing.maxQueuedBytes + 1, readableHighWaterMark: INBOUND_SLICE });
    this.address = address ?? 'unknown';
    this.scanner = new PacketScanner(hooks.limits, (publish) => hooks.decide(this, publish));
    (socket as GuardedSocket)[guardOf] = this;
    socket.on('data', onSocketData);
    socket.on('end', onSocketEnd);
    socket.on('error', onSocketError);
    socket.on('close', onSocketClose);
    socket.on('drain', onSocketDrain);
  }

  // The socket's events, through the shared listeners below.
  receive(chunk: Buffer): void {
    if (!this.active) {
      this.active = true;
      this.hooks.onActive?.(this);
    }
    const result = this.scanner.scan(chunk);
    if (!result.ok) {
      this.socket.pause();
      this.hooks.onRefused(this, result);
      this.destroy();
      return;
    }
    for (const publish of result.skipped) {
      this.acknowledge(publish);
      this.hooks.onSkipped(this, publish);
    }
    this.backlog.push(...result.pass);
    this.feed();
  }

  receivedEnd(): void {
    this.ended = true;
    this.feed();
  }

  socketClosed(): void {
    this.hooks.onClosed?.(this);
    this.destroy();
  }

  /** What waits to be sent to this client: in this stream and in its socket. */
  get queuedBytes(): number {
    return this.writableLength + this.socket.writableLength;
  }

  override write(
    chunk: unknown,
    encoding?: BufferEncoding | ((error?: Error | null) => void),
    callback?: (error?: Error | null) => void,
  ): boolean {
    const taken = super.write(chunk, encoding as BufferEncoding, callback);
    if (!this.destroyed && this.queuedBytes > this.hooks.outgoing.maxQueuedBytes) {
      this.dropSlow(`over ${this.hooks.outgoing.maxQueuedBytes} bytes queued`);
    }
    return taken;
  }

  get remoteAddress(): string | undefined {
    return this.socket.remoteAddress;
  }

  /**
   * The PUBACK or PUBREC the device waits for [MQTT-4.3.2-2, MQTT-4.3.3-2], else it resends the
   * packet forever. Written through this stream, so it never lands between the pieces of a packet
   * aedes is writing; aedes answers the PUBREL that follows a PUBREC with PUBCOMP by itself.
   */
  private acknowledge(publish: OversizedPublish): void {
    if (publish.qos === 0 || this.destroyed) return;
    const id = publish.packetId!;
    this.write(Buffer.from([publish.qos === 1 ? 0x40 : 0x50, 0x02, id >> 8, id & 0xff]));
  }

  /**
   * Hands aedes INBOUND_SLICE bytes at a time (a read gets two at most): aedes parses all it is given and reads
   * again once every packet of it is handled, so a device flooding its socket (64 KB chunks,
   * ~600 badges) gets a few dozen packets handled per turn while the others' are handled in between.
   */
  private feed(): void {
    while (this.backlog.length > 0) {
      const part = this.backlog[0]!;
      const slice = part.length > INBOUND_SLICE ? part.subarray(0, INBOUND_SLICE) : part;
      if (slice === part) this.backlog.shift();
      else this.backlog[0] = part.subarray(INBOUND_SLICE);
      if (!this.push(slice)) break;
    }
    if (this.backlog.length > 0) this.socket.pause();
    else if (this.ended) this.push(null);
  }

  override _read(): void {
    if (this.backlog.length > 0) this.feed();
    if (this.backlog.length === 0 && !this.ended) this.socket.resume();
  }

  override _write(chunk: Buffer, encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
    this.socket.write(chunk, encoding, callback);
    this.watchStall();
  }

  /**
   * What aedes wrote while the previous write was in flight, in one corked burst: mqtt-packet
   * writes each packet in four or five pieces, which would otherwise reach the socket (and the
   * kernel) one at a time, each waiting for the one before.
   */
  override _writev(chunks: Array<{ chunk: Buffer; encoding: BufferEncoding }>, callback: (error?: Error | null) => void): void {
    this.socket.cork();
    chunks.forEach(({ chunk, encoding }, index) => this.socket.write(chunk, encoding, index === chunks.length - 1 ? callback : undefined));
    this.socket.uncork();
    this.watchStall();
  }

  /** Bytes left in the socket's own buffer: the kernel's is full. It must drain within `stallMs`. */
  private watchStall(): void {
    if (this.stall || this.socket.writableLength === 0) return;
    this.stall = setTimeout(() => this.dropSlow(`nothing read for ${this.hooks.outgoing.stallMs} ms`), this.hooks.outgoing.stallMs);
    this.stall.unref();
  }

  clearStall(): void {
    clearTimeout(this.stall);
    this.stall = undefined;
  }

  private dropSlow(detail: string): void {
    this.clearStall();
    if (this.destroyed) return;
    this.hooks.onSlow(this, detail);
    this.destroy();
  }

  override _final(callback: (error?: Error | null) => void): void {
    this.socket.end(() => callback());
  }

  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    this.clearStall();
    this.socket.destroy();
    callback(error);
  }
}

function guard(socket: net.Socket): GuardedConnection {
  return (socket as GuardedSocket)[guardOf]!;
}

function onSocketData(this: net.Socket, chunk: Buffer): void {
  guard(this).receive(chunk);
}

function onSocketEnd(this: net.Socket): void {
  guard(this).receivedEnd();
}

function onSocketError(this: net.Socket, error: Error): void {
  guard(this).destroy(error);
}

function onSocketClose(this: net.Socket): void {
  guard(this).socketClosed();
}

function onSocketDrain(this: net.Socket): void {
  guard(this).clearStall();
}
