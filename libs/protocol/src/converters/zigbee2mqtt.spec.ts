// Zigbee2MQTT edge cases beside the golden fixtures: presence states, attribute topics
// (`output: attribute`) with bare, quoted, blank and object values.
import { describe, expect, it } from 'vitest';
import { convertFromDevice } from './index.js';

const ctx = { topic: 'desk-07' };
const state = (message: unknown) => convertFromDevice('zigbee2mqtt', 'zigbee2mqtt/desk-07', JSON.stringify(message), ctx);
const attribute = (key: string, payload: string) => convertFromDevice('zigbee2mqtt', `zigbee2mqtt/desk-07/${key}`, payload, ctx);

describe('Zigbee2MQTT presence_state', () => {
  it.each<[string, unknown, unknown[]]>([
    ['none is an empty desk, in any case and spacing', ' None ', [{ type: 'presence', occupied: false }]],
    ['any other state is someone there', 'move', [{ type: 'presence', occupied: true }]],
    ['a blank state says nothing', '   ', []],
    ['a number says nothing', 3, []],
  ])('%s', (_case, value, events) => {
    expect(state({ presence_state: value })).toEqual({ ok: true, events });
  });
});

describe('Zigbee2MQTT availability', () => {
  const availability = (payload: string) => convertFromDevice('zigbee2mqtt', 'zigbee2mqtt/desk-07/availability', payload, ctx);

  it.each([
    ['legacy text with spaces around', ' Online\n', true],
    ['JSON with spaces before it', ' {"state":"offline"}', false],
  ])('reads %s', (_case, payload, online) => {
    expect(availability(payload)).toEqual({ ok: true, events: [{ type: 'status', online }] });
  });

  it.each([
    ['a state that is not text', '{"state":true}', 'availability "{"state":true}" is neither online nor offline'],
    ['a long payload, quoted short', `sleeping ${'z'.repeat(40)}`, `availability "sleeping ${'z'.repeat(31)}" is neither online nor offline`],
  ])('refuses %s', (_case, payload, detail) => {
    expect(availability(payload)).toEqual({ ok: false, error: 'invalid', detail });
  });
});

describe('Zigbee2MQTT attribute topics', () => {
  it.each<[string, string, string, unknown[]]>([
    ['a bare boolean', 'occupancy', 'true', [{ type: 'presence', occupied: true }]],
    ['an unquoted word', 'contact', ' ON ', [{ type: 'door', open: false }]],
    ['a bare number', 'battery', '87', [{ type: 'telemetry', battery: 87 }]],
    ['presence_state as text, never parsed', 'presence_state', 'none', [{ type: 'presence', occupied: false }]],
    ['a presence_state that reads as JSON is still a state', 'presence_state', 'true', [{ type: 'presence', occupied: true }]],
  ])('reads %s', (_case, key, payload, events) => {
    expect(attribute(key, payload)).toEqual({ ok: true, events });
  });

  it.each([
    ['a blank value', 'occupancy', '  ', 'occupancy "  " is not a value'],
    ['an object', 'contact', '{"a":1}', 'contact "{"a":1}" is not a value'],
    ['a long blank value, quoted short', 'battery', ' '.repeat(30), `battery "${' '.repeat(20)}" is not a value`],
  ])('refuses %s', (_case, key, payload, detail) => {
    expect(attribute(key, payload)).toEqual({ ok: false, error: 'invalid', detail });
  });
});
