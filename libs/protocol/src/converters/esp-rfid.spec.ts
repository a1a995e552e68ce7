// esp-rfid edge cases beside the golden fixtures: blank and numeric UIDs, forced formats, case,
// and what is ignored or refused (fixtures/esp-rfid.ts holds the firmware's own payloads).
import { describe, expect, it } from 'vitest';
import { convertFromDevice, espRfidSender } from './index.js';
import type { DeviceContext } from './types.js';

const ctx: DeviceContext = { topic: '/rfid' };
const send = (message: unknown, context: DeviceContext = ctx) => convertFromDevice('esp-rfid', '/rfid/send', JSON.stringify(message), context);

describe('esp-rfid access messages', () => {
  it.each<[string, unknown, DeviceContext, unknown]>([
    ['a blank uid (a door opened by command or exit button) is no badge', { type: 'access', uid: '   ' }, ctx, { ok: true, events: [] }],
    ['no uid at all is no badge', { type: 'access' }, ctx, { ok: true, events: [] }],
    ['a numeric uid from a Wiegand reader', { type: 'access', uid: 7748328 }, { ...ctx, uidFormat: 'decimal' }, { ok: true, events: [{ type: 'badge', uid: '00763AE8' }] }],
    ['a numeric uid on a reader left to auto: a decimal number, not printed text', { type: 'access', uid: 7748328 }, ctx, { ok: true, events: [{ type: 'badge', uid: '00763AE8' }] }],
    ['a decimal text uid when the reader is set to decimal', { type: 'Access', uid: '7748328' }, { ...ctx, uidFormat: 'decimal' }, { ok: true, events: [{ type: 'badge', uid: '00763AE8' }] }],
    ['a full hex uid when the reader is set to hex: no printed text', { type: 'access', uid: '04a224b2' }, { ...ctx, uidFormat: 'hex' }, { ok: true, events: [{ type: 'badge', uid: '04A224B2' }] }],
  ])('%s', (_case, message, context, expected) => {
    expect(send(message, context)).toEqual(expected);
  });

  it.each<[string, unknown, DeviceContext, RegExp]>([
    ['an odd-length hex uid when the reader is set to hex', { type: 'access', uid: '4a224b2c31f80' }, { ...ctx, uidFormat: 'hex' }, /^uid: /],
    ['more hex digits than any UID, even with zeros restored', { type: 'access', uid: 'a'.repeat(21) }, ctx, new RegExp(`^uid: "${'a'.repeat(21)}" is no 4, 7 or 10-byte UID`)],
    ['a long text of hex digits, quoted short', { type: 'access', uid: 'a'.repeat(40) }, ctx, new RegExp(`^uid: "${'a'.repeat(24)}" is no`)],
  ])('refuses %s', (_case, message, context, detail) => {
    const result = send(message, context);
    expect(result).toMatchObject({ ok: false, error: 'invalid' });
    expect(result.ok ? '' : result.detail).toMatch(detail);
  });
});

describe('esp-rfid status and log messages', () => {
  it.each<[string, unknown, unknown]>([
    ['a boot message with its ip', { type: 'boot', ip: '192.0.2.7' }, [{ type: 'status', online: true, ip: '192.0.2.7' }]],
    ['a heartbeat whose ip is not text: no ip', { type: 'heartbeat', ip: 3221225991 }, [{ type: 'status', online: true }]],
    ['a door open event, in any case', { cmd: 'EVENT', src: 'Door', desc: 'DOOR OPEN' }, [{ type: 'door', open: true }]],
    ['a door closed event', { cmd: 'event', src: 'door', desc: 'Door Closed' }, [{ type: 'door', open: false }]],
    ['another door event', { cmd: 'event', src: 'door', desc: 'Door Locked' }, []],
    ['a door event without desc', { cmd: 'event', src: 'door' }, []],
    ['an event without src', { cmd: 'event', desc: 'Door Open' }, []],
    ['an event from another source', { cmd: 'event', src: 'wifi', desc: 'Door Open' }, []],
    ['door words outside an event', { type: 'info', src: 'door', desc: 'Door Open' }, []],
    ['a message with neither type nor cmd', { src: 'door', desc: 'Door Open' }, []],
  ])('%s', (_case, message, events) => {
    expect(send(message)).toEqual({ ok: true, events });
  });
});

describe('esp-rfid Home Assistant topics', () => {
  const door = (payload: string) => convertFromDevice('esp-rfid', '/rfid/io/door', payload, ctx);
  const avty = (payload: string) => convertFromDevice('esp-rfid', '/rfid/avty', payload, ctx);

  it('reads availability in any case and spacing', () => {
    expect(avty(' Online ')).toEqual({ ok: true, events: [{ type: 'status', online: true }] });
    expect(avty('offline')).toEqual({ ok: true, events: [{ type: 'status', online: false }] });
  });

  it.each([
    ['a door state that is neither ON nor OFF', () => door('maybe'), 'door state "maybe" is not ON or OFF'],
    ['a long door state, quoted short', () => door(`x${'y'.repeat(40)}`), `door state "x${'y'.repeat(19)}" is not ON or OFF`],
    ['an availability that is neither', () => avty('gone'), 'availability "gone" is not online or offline'],
    ['a long availability, quoted short', () => avty(`z${'w'.repeat(40)}`), `availability "z${'w'.repeat(19)}" is not online or offline`],
  ])('refuses %s', (_case, convert, detail) => {
    expect(convert()).toEqual({ ok: false, error: 'invalid', detail });
  });
});

describe('espRfidSender', () => {
  it.each<[string, Uint8Array | string, unknown]>([
    ['hostname and the first of several door names', '{"hostname":"esp-hall","doorName":["Hall","Garage"]}', { hostname: 'esp-hall', doorName: 'Hall' }],
    ['names that are not text are left out', '{"hostname":7,"doorName":[3]}', {}],
    ['a payload that is not JSON', 'uid=1', {}],
    ['a payload that is not UTF-8', new Uint8Array([0xff]), {}],
  ])('%s', (_case, payload, expected) => {
    expect(espRfidSender(payload)).toEqual(expected);
  });
});
