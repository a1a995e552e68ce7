// Turning raw MQTT payload bytes into text and JSON, shared by the native decoder and the
// firmware converters. Nothing here throws: bad input becomes a typed failure.
import { MAX_PAYLOAD_BYTES } from './messages.js';

export type DecodeError = 'oversized' | 'not-json' | 'invalid' | 'unknown-topic';

export interface DecodeFailure {
  ok: false;
  error: DecodeError;
  detail: string;
}

export type JsonObject = Record<string, unknown>;

export function failure(error: DecodeError, detail: string): DecodeFailure {
  return { ok: false, error, detail };
}

// fatal: a payload that is not UTF-8 is refused, not silently repaired with U+FFFD.
// TextDecoder / TextEncoder rather than Buffer keep this module usable in the browser front ends.
const utf8 = new TextDecoder('utf-8', { fatal: true });
const utf8Encoder = new TextEncoder();

/** Checks the 4 KiB cap and decodes UTF-8. */
export function payloadText(payload: Uint8Array | string): { ok: true; text: string } | DecodeFailure {
  const size = typeof payload === 'string' ? utf8Encoder.encode(payload).byteLength : payload.byteLength;
  if (size > MAX_PAYLOAD_BYTES) return failure('oversized', `${size} bytes > ${MAX_PAYLOAD_BYTES}`);
  if (typeof payload === 'string') return { ok: true, text: payload };
  try {
    return { ok: true, text: utf8.decode(payload) };
  } catch {
    return failure('not-json', 'payload is not valid UTF-8');
  }
}

export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Parses text that must hold one JSON object. */
export function parseJsonObject(text: string): { ok: true; value: JsonObject } | DecodeFailure {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return failure('not-json', error instanceof Error ? error.message : 'unparseable JSON');
  }
  if (!isJsonObject(value)) {
    const kind = Array.isArray(value) ? 'an array' : value === null ? 'null' : `a ${typeof value}`;
    return failure('invalid', `payload must be a JSON object, got ${kind}`);
  }
  return { ok: true, value };
}
