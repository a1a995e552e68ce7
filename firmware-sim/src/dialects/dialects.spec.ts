// Every payload the simulator produces must decode with libs/protocol's own decoder and converters,
// and every command the service's converters produce must be understood by the simulated firmware.
import { commandFixtures, commandsForDecision, convertFromDevice, decodeMessage, deviceSubscriptions, nativeValidFixtures } from '#protocol';
import { describe, expect, it } from 'vitest';
import {
  commandTopic,
  espRfidAvailability,
  espRfidBadge,
  espRfidDoor,
  espRfidHello,
  listensOn,
  readEspRfidCommand,
  readTasmotaCommand,
  tasmotaBadge,
  tasmotaLwt,
  z2mAvailability,
  z2mContact,
  z2mOccupancy,
} from './firmware.js';
import { nativeBadge, nativeDecisionTopic, nativeDoorState, nativeOffline, nativePresence, nativeStatus, readNativeDecision } from './native.js';

const target = { site: 'quimper', root: 'cantine' };
const UID = '04A224B2C31F80';

describe('native payloads decode with decodeMessage', () => {
  it.each([
    ['badge', nativeBadge(target, 'entrance-reader', '04:a2:24:b2:c3:1f:80', 17), { uid: UID, seq: 17 }],
    ['presence', nativePresence(target, 'desk-07', true, 86.6), { occupied: true, battery: 87 }],
    ['door-state', nativeDoorState(target, 'entrance', true), { open: true }],
    ['device-status', nativeStatus(target, 'desk-07-sensor', { fw: '1.4.2', battery: 90.2, rssi: -61.4 }), { online: true, fw: '1.4.2', battery: 90, rssi: -61 }],
    ['device-status', nativeOffline(target, 'desk-07-sensor'), { online: false }],
  ] as const)('%s', (kind, publication, message) => {
    const decoded = decodeMessage(publication.topic, publication.payload);
    expect(decoded).toMatchObject({ ok: true, kind, message });
  });

  it('uses the contract QoS, retained status and last will', () => {
    expect(nativeBadge(target, 'r', UID, 1)).toMatchObject({ qos: 1, retain: false });
    expect(nativeOffline(target, 'r')).toMatchObject({ qos: 1, retain: true, topic: 'cantine/quimper/devices/r/status' });
  });

  it('reads the golden decisions, and ignores other topics', () => {
    const decisions = nativeValidFixtures.filter((fixture) => fixture.topic.endsWith('/decision'));
    expect(decisions.length).toBeGreaterThan(0);
    for (const fixture of decisions) {
      const reply = readNativeDecision(fixture.topic, Buffer.from(fixture.payload), 'cantine');
      expect(reply).toMatchObject({ seq: (fixture.expected as unknown as { message: { seq: number } }).message.seq });
    }
    expect(nativeDecisionTopic(target, 'entrance-reader')).toBe('cantine/quimper/readers/entrance-reader/decision');
    expect(readNativeDecision('cantine/quimper/readers/r/badge', '{"uid":"04A224B2","seq":1}', 'cantine')).toBeUndefined();
  });
});

describe('firmware payloads convert with the service converters', () => {
  const esp = { topic: 'esp-rfid/open-space-reader', ip: '10.29.0.11', hostname: 'open-space-reader' };
  const tas = { topic: 'quimper-event-room-reader' };
  const z2m = { topic: 'desk-08', bridgeTopic: 'zigbee2mqtt-quimper' };

  it.each([
    ['esp-rfid', esp, espRfidBadge(esp, UID), [{ type: 'badge', uid: UID, printed: UID }]],
    ['esp-rfid', esp, espRfidHello(esp, 'boot', 0), [{ type: 'status', online: true, ip: '10.29.0.11' }]],
    ['esp-rfid', esp, espRfidHello(esp, 'heartbeat', 120), [{ type: 'status', online: true, ip: '10.29.0.11' }]],
    ['esp-rfid', esp, espRfidDoor(esp, true), [{ type: 'door', open: true }]],
    ['esp-rfid', esp, espRfidDoor(esp, false), [{ type: 'door', open: false }]],
    ['esp-rfid', esp, espRfidAvailability(esp, true), [{ type: 'status', online: true }]],
    ['esp-rfid', esp, espRfidAvailability(esp, false), [{ type: 'status', online: false }]],
    ['tasmota', tas, tasmotaBadge(tas, UID), [{ type: 'badge', uid: UID }]],
    ['tasmota', tas, tasmotaLwt(tas, true), [{ type: 'status', online: true }]],
    ['tasmota', tas, tasmotaLwt(tas, false), [{ type: 'status', online: false }]],
    ['zigbee2mqtt', z2m, z2mOccupancy(z2m, true, 80.4, 120), [{ type: 'presence', occupied: true, battery: 80 }, { type: 'telemetry', battery: 80, linkquality: 120 }]],
    ['zigbee2mqtt', z2m, z2mContact(z2m, true, 91, 47), [{ type: 'door', open: true }, { type: 'telemetry', battery: 91, linkquality: 47 }]],
    ['zigbee2mqtt', z2m, z2mAvailability(z2m, true), [{ type: 'status', online: true }]],
    ['zigbee2mqtt', z2m, z2mAvailability(z2m, false), [{ type: 'status', online: false }]],
  ] as const)('%s %#', (protocol, ctx, publication, events) => {
    expect(deviceSubscriptions(protocol, ctx)).toContain(publication.topic);
    expect(convertFromDevice(protocol, publication.topic, publication.payload, ctx)).toEqual({ ok: true, events });
  });

  it('retains availability as the firmwares do', () => {
    expect(tasmotaLwt(tas, true).retain).toBe(true);
    expect(espRfidAvailability(esp, false).retain).toBe(true);
    expect(z2mAvailability(z2m, true).retain).toBe(true);
  });
});

describe('simulated firmwares understand the service commands', () => {
  it.each(commandFixtures.filter((fixture) => fixture.protocol !== 'zigbee2mqtt' && fixture.expected.ok))('$protocol: $name', ({ protocol, ctx, decision }) => {
    const result = commandsForDecision(protocol, decision, ctx);
    if (!result.ok) throw new Error('fixture expected a command result');
    const target = { topic: ctx.topic, ip: ctx.lastIp ?? '', hostname: 'x', relay: ctx.relay };
    const filter = commandTopic(protocol as 'esp-rfid' | 'tasmota', target);
    const replies = result.commands.flatMap((command) => {
      expect(listensOn(filter, command.topic)).toBe(true);
      const reply = protocol === 'esp-rfid' ? readEspRfidCommand(target, command.payload) : readTasmotaCommand(target, command.topic, command.payload);
      return reply === undefined ? [] : [reply];
    });
    // Exactly one command opens the door (a PulseTime before it only sets the pulse).
    expect(replies).toEqual(decision.granted ? [{ granted: true }] : []);
  });

  it('Tasmota opens only the relay named in the topic, and not on PulseTime', () => {
    const board = { topic: 'sonoff-4ch', relay: 2 };
    expect(readTasmotaCommand(board, 'cmnd/sonoff-4ch/POWER2', 'ON')).toEqual({ granted: true });
    expect(readTasmotaCommand(board, 'cmnd/sonoff-4ch/POWER', 'ON')).toBeUndefined();
    expect(readTasmotaCommand(board, 'cmnd/sonoff-4ch/PulseTime2', '50')).toBeUndefined();
    expect(readTasmotaCommand({ topic: 'tasmota' }, 'cmnd/tasmota/power1', 'on')).toEqual({ granted: true });
  });

  it('esp-rfid ignores an opendoor meant for another ip', () => {
    const target = { topic: '/rfid', ip: '10.0.0.2', hostname: 'x' };
    expect(readEspRfidCommand(target, '{"cmd":"opendoor","doorip":"10.0.0.3"}')).toBeUndefined();
    expect(readEspRfidCommand(target, 'not json')).toBeUndefined();
  });
});
