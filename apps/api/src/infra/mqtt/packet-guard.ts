// aedes has no maximum packet size: mqtt-packet buffers whatever remaining length a client declares.
// This guard reads the MQTT fixed header of every inbound packet [MQTT-2.2] before aedes parses
// anything, and ends the connection as soon as a packet declares more than its cap.
import { Duplex } from 'node:stream';
import type net from 'node:net';

export interface PacketLimits {
  /** Largest remaining length of a PUBLISH: the 4 KiB payload cap plus room for topic and packet id. */
  publish: number;
  /** Largest remaining length of any other packet (CONNECT with a will, SUBSCRIBE lists). */
  other: number;
}

export type GuardVerdict = { ok: true } | { ok: false; reason: 'oversized' | 'malformed'; detail: string };

const PUBLISH = 3;
const packetNames = ['reserved', 'CONNECT', 'CONNACK', 'PUBLISH', 'PUBACK', 'PUBREC', 'PUBREL', 'PUBCOMP', 'SUBSCRIBE', 'SUBACK', 'UNSUBSCRIBE', 'UNSUBACK', 'PINGREQ', 'PINGRESP', 'DISCONNECT', 'AUTH'];

/** Follows packet boundaries across chunks, looking only at fixed headers; bodies are skipped. */
export class FixedHeaderScanner {
  private phase: 'type' | 'length' | 'body' = 'type';
  private type = 0;
  private length = 0;
  private multiplier = 1;
  private lengthBytes = 0;
  private remaining = 0;

  constructor(private readonly limits: PacketLimits) {}

  scan(chunk: Uint8Array): GuardVerdict {
    let i = 0;
    while (i < chunk.length) {
      if (this.phase === 'body') {
        const skipped = Math.min(this.remaining, chunk.length - i);
        i += skipped;
        this.remaining -= skipped;
        if (this.remaining === 0) this.phase = 'type';
        continue;
      }
      const verdict = this.phase === 'type' ? this.startPacket(chunk[i]!) : this.lengthByte(chunk[i]!);
      i++;
      if (!verdict.ok) return verdict;
    }
    return { ok: true };
  }

  private startPacket(byte: number): GuardVerdict {
    this.type = byte >> 4;
    // 0 is reserved in MQTT 3.1.1 and 15 (AUTH) exists only in MQTT 5, which aedes does not speak.
    if (this.type === 0 || this.type === 15) return { ok: false, reason: 'malformed', detail: `packet type ${this.type}` };
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
    const limit = this.type === PUBLISH ? this.limits.publish : this.limits.other;
    if (this.length > limit) {
      return { ok: false, reason: 'oversized', detail: `${packetNames[this.type]} of ${this.length} bytes > ${limit}` };
    }
    this.remaining = this.length;
    this.phase = this.remaining === 0 ? 'type' : 'body';
    return { ok: true };
  }
}

/**
 * The socket as aedes sees it: inbound bytes pass through the scanner, outbound bytes go straight
 * to the socket. A refused packet destroys the connection before a byte of it reaches aedes.
 */
export class GuardedConnection extends Duplex {
  private readonly scanner: FixedHeaderScanner;

  constructor(
    private readonly socket: net.Socket,
    limits: PacketLimits,
    onRefused: (connection: GuardedConnection, verdict: Exclude<GuardVerdict, { ok: true }>) => void,
  ) {
    super({ allowHalfOpen: false });
    this.scanner = new FixedHeaderScanner(limits);
    socket.on('data', (chunk: Buffer) => {
      const verdict = this.scanner.scan(chunk);
      if (!verdict.ok) {
        socket.pause();
        onRefused(this, verdict);
        this.destroy();
        return;
      }
      if (!this.push(chunk)) socket.pause();
    });
    socket.on('end', () => this.push(null));
    socket.on('error', (error) => this.destroy(error));
    socket.on('close', () => this.destroy());
  }

  get remoteAddress(): string | undefined {
    return this.socket.remoteAddress;
  }

  override _read(): void {
    this.socket.resume();
  }

  override _write(chunk: Buffer, encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
    this.socket.write(chunk, encoding, callback);
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
  }

  override _final(callback: (error?: Error | null) => void): void {
    this.socket.end(() => callback());
  }

  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    this.socket.destroy();
    callback(error);
  }
}
