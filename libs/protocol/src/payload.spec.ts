// Raw payload bytes to text and to one JSON object, never throwing.
import { describe, expect, it } from 'vitest';
import { MAX_PAYLOAD_BYTES } from './messages.js';
import { isJsonObject, parseJsonObject, payloadText } from './payload.js';

describe('payloadText: the 4 KiB cap, on bytes', () => {
  it('takes bytes up to the cap as they are', () => {
    expect(payloadText(new Uint8Array(MAX_PAYLOAD_BYTES).fill(0x20))).toEqual({ ok: true, text: ' '.repeat(MAX_PAYLOAD_BYTES) });
  });

  it('measures text by its UTF-8 bytes, not its characters', () => {
    expect(payloadText('é'.repeat(MAX_PAYLOAD_BYTES / 2))).toEqual({ ok: true, text: 'é'.repeat(MAX_PAYLOAD_BYTES / 2) });
    expect(payloadText(`é${'é'.repeat(MAX_PAYLOAD_BYTES / 2)}`)).toEqual({ ok: false, error: 'oversized', detail: `${MAX_PAYLOAD_BYTES + 2} bytes > ${MAX_PAYLOAD_BYTES}` });
  });
});

describe('isJsonObject', () => {
  it.each<[unknown, boolean]>([
    [{}, true],
    [{ a: 1 }, true],
    [null, false],
    [[], false],
    ['{}', false],
    [1, false],
    [undefined, false],
  ])('%j: %s', (value, expected) => {
    expect(isJsonObject(value)).toBe(expected);
  });
});

describe('parseJsonObject', () => {
  it.each([
    ['[1]', 'an array'],
    ['null', 'null'],
    ['"open"', 'a string'],
    ['12', 'a number'],
    ['true', 'a boolean'],
  ])('refuses %s as %s', (text, kind) => {
    expect(parseJsonObject(text)).toEqual({ ok: false, error: 'invalid', detail: `payload must be a JSON object, got ${kind}` });
  });

  it('says why text is not JSON', () => {
    const result = parseJsonObject('{"uid":');
    expect(result).toMatchObject({ ok: false, error: 'not-json' });
    expect(result.ok ? '' : result.detail).toMatch(/JSON/);
  });
});
