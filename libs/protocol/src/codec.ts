// Decoding and encoding native protocol messages (contract section 2). decodeMessage never throws:
// a bad message is logged, counted and dropped by the caller, never thrown inside the MQTT loop.
import { z } from 'zod';
import { MAX_PAYLOAD_BYTES, MESSAGE_SCHEMAS, type MessageInputOf, type MessageOf } from './messages.js';
import { failure, parseJsonObject, payloadText, type DecodeFailure } from './payload.js';
import { DEFAULT_TOPIC_ROOT, parseTopic, type TopicKind, type TopicOf } from './topics.js';

export type DecodedMessage = {
  [K in TopicKind]: { ok: true; kind: K; topic: TopicOf<K>; message: MessageOf<K> };
}[TopicKind];

export type DecodeResult = DecodedMessage | DecodeFailure;

/** `path: message; path: message`, short enough for a log line. */
export function describeIssues(error: z.ZodError): string {
  return error.issues
    .map((issue) => `${issue.path.length > 0 ? issue.path.join('.') : '(root)'}: ${issue.message}`)
    .join('; ');
}

/**
 * Decodes a message received on a native topic: 4 KiB cap, UTF-8 JSON object, the topic's schema.
 * Returns the parsed topic with the message so callers need not parse the topic again.
 */
export function decodeMessage(topic: string, payload: Uint8Array | string, root: string = DEFAULT_TOPIC_ROOT): DecodeResult {
  // The size cap comes first so an oversized flood costs no parsing work.
  const text = payloadText(payload);
  if (!text.ok && text.error === 'oversized') return text;
  const parsedTopic = parseTopic(topic, root);
  if (parsedTopic === null) return failure('unknown-topic', `not a protocol v1 topic under "${root}/": ${topic.slice(0, 200)}`);
  if (!text.ok) return text;
  const json = parseJsonObject(text.text);
  if (!json.ok) return json;
  const result = MESSAGE_SCHEMAS[parsedTopic.kind].safeParse(json.value);
  if (!result.success) return failure('invalid', describeIssues(result.error));
  return { ok: true, kind: parsedTopic.kind, topic: parsedTopic, message: result.data } as DecodedMessage;
}

/**
 * Validates and serialises a message for a topic kind (UIDs come out canonical). Throws on an
 * invalid message: encoding is done by our own code, so a failure is a bug to surface, not input.
 */
export function encodeMessage<K extends TopicKind>(kind: K, message: MessageInputOf<K>): Buffer {
  const parsed: unknown = MESSAGE_SCHEMAS[kind].parse(message);
  const bytes = Buffer.from(JSON.stringify(parsed), 'utf8');
  if (bytes.byteLength > MAX_PAYLOAD_BYTES) {
    throw new RangeError(`${kind} message is ${bytes.byteLength} bytes > ${MAX_PAYLOAD_BYTES}`);
  }
  return bytes;
}
