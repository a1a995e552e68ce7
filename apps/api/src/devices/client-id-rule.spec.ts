import { describe, expect, it } from 'vitest';
import { clientIdRefusal, type ClientIdRequest } from './client-id-rule.js';

const esp = (request: Partial<ClientIdRequest>): ClientIdRequest => ({ clientId: 'esp8266-a1b2c3', username: 'door-rfid', clean: true, native: false, ...request });

describe('the client id a device may connect with', () => {
  it.each([
    ['esp-rfid with its chip id', esp({}), null],
    ['Tasmota with DVES_ and 6 hex', esp({ clientId: 'DVES_4F21A0' }), null],
    ['a device taking over its own connection (reconnect before the old one timed out)', esp({ heldBy: 'door-rfid' }), null],
    ['any device with its own id, persistent session included', esp({ clientId: 'door-rfid', clean: false, heldBy: 'intruder' }), null],
    ['a native reader with its own id', esp({ clientId: 'door-rfid', native: true, clean: false }), null],
  ])('accepts %s', (_case, request, refusal) => {
    expect(clientIdRefusal(request)).toBe(refusal);
  });

  it.each([
    ['a client id another device is connected with', esp({ heldBy: 'other-reader' }), 'client id in use by another device'],
    ['another device id as client id', esp({ clientId: 'entrance-reader', deviceNamed: 'entrance-reader' }), 'client id of device entrance-reader'],
    ['a persistent session under another client id', esp({ clean: false }), 'a persistent session (clean session 0) needs the device id as client id'],
    ['a native device with another client id', esp({ native: true }), 'a native device connects with its device id as client id'],
  ])('refuses %s', (_case, request, refusal) => {
    expect(clientIdRefusal(request)).toBe(refusal);
  });
});
