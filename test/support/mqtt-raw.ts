// Hand-built MQTT 3.1.1 packets and a raw TCP session, for sending what no MQTT library would:
// wildcards in topics, invalid UTF-8, huge declared lengths, truncated packets, garbage.
import net from 'node:net';

/** Remaining length, 7 bits a byte, least significant first [MQTT-2.2.3]. */
export function remainingLength(length: number): Buffer {
  const bytes: number[] = [];
  do {
    let byte = length % 128;
    length = Math.floor(length / 128);
    if (length > 0) byte |= 0x80;
    bytes.push(byte);
  } while (length > 0);
  return Buffer.from(bytes);
}

export function mqttString(value: string | Buffer): Buffer {
  const bytes = typeof value === 'string' ? Buffer.from(value, 'utf8') : value;
  const length = Buffer.alloc(2);
  length.writeUInt16BE(bytes.length & 0xffff);
  return Buffer.concat([length, bytes]);
}

function packet(first: number, body: Buffer): Buffer {
  return Buffer.concat([Buffer.from([first]), remainingLength(body.length), body]);
}

export interface ConnectFields {
  clientId: string | Buffer;
  username?: string | Buffer;
  password?: string | Buffer;
  clean?: boolean;
  keepalive?: number;
  protocolName?: string;
  protocolLevel?: number;
  /** Extra flag bits (e.g. the reserved bit 0x01). */
  extraFlags?: number;
  will?: { topic: string; payload: Buffer; qos: 0 | 1; retain: boolean };
}

export function connectPacket(fields: ConnectFields): Buffer {
  let flags = (fields.clean ?? true ? 0x02 : 0) | (fields.extraFlags ?? 0);
  if (fields.username !== undefined) flags |= 0x80;
  if (fields.password !== undefined) flags |= 0x40;
  const will = fields.will;
  if (will) flags |= 0x04 | (will.qos << 3) | (will.retain ? 0x20 : 0);
  const keepalive = Buffer.alloc(2);
  keepalive.writeUInt16BE(fields.keepalive ?? 30);
  const body = Buffer.concat([
    mqttString(fields.protocolName ?? 'MQTT'),
    Buffer.from([fields.protocolLevel ?? 4, flags]),
    keepalive,
    mqttString(fields.clientId),
    ...(will ? [mqttString(will.topic), mqttString(will.payload)] : []),
    ...(fields.username !== undefined ? [mqttString(fields.username)] : []),
    ...(fields.password !== undefined ? [mqttString(fields.password)] : []),
  ]);
  return packet(0x10, body);
}

export function publishPacket(topic: string | Buffer, payload: Buffer, qos: 0 | 1 = 0, packetId = 1, retain = false): Buffer {
  const id = Buffer.alloc(2);
  id.writeUInt16BE(packetId);
  return packet(0x30 | (qos << 1) | (retain ? 1 : 0), Buffer.concat([mqttString(topic), ...(qos > 0 ? [id] : []), payload]));
}

export function subscribePacket(filters: Array<string | Buffer>, packetId = 1): Buffer {
  const id = Buffer.alloc(2);
  id.writeUInt16BE(packetId);
  return packet(0x82, Buffer.concat([id, ...filters.flatMap((filter) => [mqttString(filter), Buffer.from([1])])]));
}

export const PINGREQ = Buffer.from([0xc0, 0x00]);
export const DISCONNECT = Buffer.from([0xe0, 0x00]);

export interface RawOutcome {
  /** The CONNACK return code, when one came back. */
  connack?: number;
  /** The broker closed the connection. */
  closedByServer: boolean;
}

/**
 * Opens a socket, sends `connect` (if any) and waits for the CONNACK; then sends `rest` (only
 * after an accepted CONNACK when `afterAccept`), lingers `lingerMs` and closes. Never rejects.
 */
export function rawSession(
  port: number,
  connect: Buffer | undefined,
  rest: Buffer[],
  options: { afterAccept?: boolean; lingerMs?: number } = {},
): Promise<RawOutcome> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port, noDelay: true });
    const outcome: RawOutcome = { closedByServer: false };
    let received = Buffer.alloc(0);
    let sentRest = false;
    let finished = false;
    const finish = () => {
      if (finished) return;
      finished = true;
      clearTimeout(guard);
      socket.destroy();
      resolve(outcome);
    };
    const guard = setTimeout(finish, 3000);
    const sendRest = () => {
      if (sentRest || socket.destroyed) return;
      sentRest = true;
      for (const chunk of rest) if (!socket.destroyed) socket.write(chunk);
      setTimeout(finish, options.lingerMs ?? 30);
    };
    socket.on('error', () => undefined);
    socket.on('close', () => {
      outcome.closedByServer = !finished;
      finish();
    });
    socket.on('data', (chunk) => {
      received = Buffer.concat([received, chunk]);
      if (outcome.connack === undefined && received.length >= 4 && received[0] === 0x20) {
        outcome.connack = received[3];
        if (outcome.connack === 0 || !options.afterAccept) sendRest();
        else finish();
      }
    });
    socket.on('connect', () => {
      if (connect) socket.write(connect);
      // No CONNACK expected (garbage, truncated CONNECT) or none coming: send the rest anyway.
      if (!connect || !options.afterAccept) setTimeout(sendRest, connect ? 20 : 0);
      else setTimeout(() => (outcome.connack === undefined ? finish() : undefined), 1500);
    });
  });
}
