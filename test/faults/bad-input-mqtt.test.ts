// Bad input over MQTT (hardening issue), on the embedded broker: thousands of random and mutated
// payloads and topics from authenticated and unauthenticated clients, over raw TCP so that nothing
// filters them first (invalid UTF-8, 101-level topics, wildcards in topics and client ids,
// empty/huge client ids, huge declared lengths, truncated packets, garbage after CONNECT).
// Afterwards: the service is healthy, no seat, device (but its error counters) or audit entry
// changed, no badge/door/presence event was published, and no unhandled error reached the process.
// Mutated payloads that the service's own decoders would accept are not sent: they are valid input.
// Seeded: FUZZ_SEED=n replays a run.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { convertFromDevice, decodeMessage, firmwareFixtures, nativeInvalidFixtures, nativeValidFixtures } from '#protocol';
import { AuditLog } from '../../apps/api/src/access/audit-log.js';
import { DeviceRegistry } from '../../apps/api/src/devices/device-registry.js';
import { json, managerHeaders, startTestCantine, type TestCantine } from '../support/app.js';
import { connectDevice, provisioned, recordEvents, type DeviceBody } from '../support/devices.js';
import { catchUnhandled, fuzzSeed, seededRandom, type Random } from '../support/faults.js';
import { connectPacket, DISCONNECT, PINGREQ, publishPacket, rawSession, remainingLength, subscribePacket } from '../support/mqtt-raw.js';
import { eventually } from '../support/eventually.js';

const seed = fuzzSeed();

const devices: DeviceBody[] = [
  { id: 'entrance-reader', kind: 'reader', door: 'entrance' },
  { id: 'entrance-contact', kind: 'door-sensor', door: 'entrance' },
  { id: 'desk-07-sensor', kind: 'desk-sensor', desk: 'desk-07' },
  { id: 'esp-open-space', kind: 'reader', door: 'open-space', protocol: 'esp-rfid', topic: '/rfid' },
  { id: 'tasmota-event-room', kind: 'reader', door: 'event-room', protocol: 'tasmota', topic: 'tasmota' },
  { id: 'z2m', kind: 'bridge', protocol: 'zigbee2mqtt' },
  { id: 'desk-08-z', kind: 'desk-sensor', desk: 'desk-08', protocol: 'zigbee2mqtt', topic: 'desk-07', bridge: 'z2m' },
  { id: 'desk-09-z', kind: 'desk-sensor', desk: 'desk-09', protocol: 'zigbee2mqtt', topic: 'desk-08', bridge: 'z2m' },
];
/** Who publishes on a topic: the native device itself, a foreign firmware, or the bridge. */
const PUBLISHERS = ['entrance-reader', 'entrance-contact', 'desk-07-sensor', 'esp-open-space', 'tasmota-event-room', 'z2m'];

/** Seeds for mutation: golden payloads, each on a topic of one of our devices. */
function seeds(): Array<{ publisher: string; topic: string; payload: Buffer }> {
  const native = [...nativeValidFixtures, ...nativeInvalidFixtures]
    .filter((f) => !f.topic.endsWith('/decision') && !f.topic.endsWith('/seats'))
    .map((f) => {
      const topic = f.topic.replace('/doors/entrance/', '/doors/entrance/').replace('/devices/entrance-reader/', '/devices/entrance-reader/');
      const publisher = topic.includes('/readers/') || topic.includes('/devices/') ? 'entrance-reader' : topic.includes('/doors/') ? 'entrance-contact' : 'desk-07-sensor';
      return { publisher, topic, payload: Buffer.from(f.payload) };
    });
  const foreign = firmwareFixtures
    .filter((f) => !f.ctx.bridgeTopic && !f.ctx.uidFormat)
    .filter((f) => (f.protocol === 'esp-rfid' && f.ctx.topic === '/rfid') || (f.protocol === 'tasmota' && f.ctx.topic === 'tasmota') || (f.protocol === 'zigbee2mqtt' && ['desk-07', 'desk-08'].includes(f.ctx.topic)))
    .map((f) => ({ publisher: f.protocol === 'esp-rfid' ? 'esp-open-space' : f.protocol === 'tasmota' ? 'tasmota-event-room' : 'z2m', topic: f.topic, payload: Buffer.from(f.payload) }));
  return [...native, ...foreign];
}

const INVALID_UTF8 = [
  Buffer.from([0xc3, 0x28]),
  Buffer.from([0xed, 0xa0, 0x80]),
  Buffer.from([0xc0, 0xaf]),
  Buffer.from([0xff, 0xfe]),
  Buffer.from([0xf8, 0x88, 0x80, 0x80, 0x80]),
];

function mutatePayload(random: Random, payload: Buffer): Buffer {
  const bytes = Buffer.from(payload);
  switch (random.int(0, 9)) {
    case 0:
      return random.bytes(random.int(0, 300));
    case 1: // bit flips
      for (let i = random.int(1, 4); i > 0 && bytes.length; i--) bytes[random.int(0, bytes.length - 1)]! ^= 1 << random.int(0, 7);
      return bytes;
    case 2:
      return bytes.subarray(0, random.int(0, Math.max(0, bytes.length - 1)));
    case 3: {
      const at = random.int(0, bytes.length);
      return Buffer.concat([bytes.subarray(0, at), random.pick(INVALID_UTF8), bytes.subarray(at)]);
    }
    case 4:
      return Buffer.from(random.pick(['{"uid":123,"seq":"x"}', '{"uid":null}', '{"occupied":"maybe"}', '{"open":1}', '{"online":"yes","battery":-5,"rssi":1e309}', '[]', 'null', '""', '{}', '{"__proto__":{"granted":true}}', '{"constructor":{"prototype":{"x":1}}}', '{"uid":"04A224B2C31F80","seq":-1}', '{"uid":"04A224B2C31F80","seq":1.5}', '{"uid":"04A224B2C31F80","seq":99999999999999999999}']));
    case 5:
      return Buffer.from(JSON.stringify({ uid: 'A'.repeat(random.pick([4090, 4097, 4500])), seq: 1 }));
    case 6: {
      const depth = random.pick([50, 500, 2000]);
      return Buffer.from(`${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`);
    }
    case 7:
      return Buffer.alloc(0);
    case 8:
      return Buffer.concat([bytes, Buffer.from(random.pick([',', '}', ' x', '\u0000', '{"seq":1}']))]);
    default: {
      const text = bytes.toString('latin1');
      const at = random.int(0, text.length);
      return Buffer.from(text.slice(0, at) + random.pick(['"', '\\', '{', ']', 'true', '1e999', '\\u0000', '\\ud800']) + text.slice(at), 'latin1');
    }
  }
}

function evilTopic(random: Random, own: string): string | Buffer {
  switch (random.int(0, 9)) {
    case 0:
      return Array.from({ length: 101 }, (_, i) => `l${i}`).join('/');
    case 1:
      return own.replace(/\/[^/]+$/, '/+');
    case 2:
      return `${own}/#`;
    case 3:
      return Buffer.concat([Buffer.from(own.slice(0, -2)), random.pick(INVALID_UTF8)]);
    case 4:
      return '';
    case 5:
      return random.pick(['$SYS/broker/uptime', '$share/x/cantine/quimper/seats', 'cantine/quimper/seats', 'cantine/quimper/readers/other-reader/badge', 'cantine/quimper/readers/entrance-reader/decision']);
    case 6:
      return `${own}\u0000`;
    case 7:
      return 'x/'.repeat(random.int(1, 3000));
    case 8:
      return random.bytes(random.int(1, 40));
    default:
      return own.split('/').map((level) => (random.chance(0.3) ? '' : level)).join('/');
  }
}

function evilClientId(random: Random, id: string): string | Buffer {
  return random.pick<string | Buffer>(['+', '#', `${id}/x`, `$${id}`, '', `${id}\u0000`, 'x'.repeat(random.pick([23, 1000, 20_000, 65_535])), Buffer.concat([Buffer.from(id), random.pick(INVALID_UTF8)]), 'cantine-service-0', id.toUpperCase()]);
}

/** A raw TCP attack: garbage, truncated packets, huge declared lengths, broken CONNECTs. */
function rawAttack(random: Random, secrets: Map<string, string>): { connect?: Buffer; rest: Buffer[]; afterAccept?: boolean } {
  const id = random.pick(PUBLISHERS);
  const goodConnect = connectPacket({ clientId: id, username: id, password: secrets.get(id)! });
  switch (random.int(0, 11)) {
    case 0:
      return { rest: [random.bytes(random.int(1, 2000))] };
    case 1: // huge declared remaining length, then nothing (or a little)
      return {
        rest: [
          Buffer.concat([
            Buffer.from([random.pick([0x10, 0x30, 0x82, 0x32])]),
            Buffer.from([0xff, 0xff, 0xff, 0x7f]),
            random.bytes(random.int(0, 100)),
          ]),
        ],
      };
    case 2: // five length bytes: malformed [MQTT-2.2.3]
      return { rest: [Buffer.from([0x30, 0xff, 0xff, 0xff, 0xff, 0x7f, 0x00])] };
    case 3: // truncated CONNECT
      return { rest: [goodConnect.subarray(0, random.int(1, goodConnect.length - 1))] };
    case 4: // random bytes after an accepted CONNECT
      return { connect: goodConnect, rest: [random.bytes(random.int(1, 500))], afterAccept: true };
    case 5: // PUBLISH before CONNECT
      return { rest: [publishPacket('cantine/quimper/readers/entrance-reader/badge', Buffer.from('{"uid":"04A224B2C31F80","seq":1}'), 1)] };
    case 6: // a second CONNECT on the same connection [MQTT-3.1.0-2]
      return { connect: goodConnect, rest: [goodConnect], afterAccept: true };
    case 7: // wrong protocol name / level / reserved flag
      return { rest: [connectPacket({ clientId: id, username: id, password: secrets.get(id)!, ...random.pick([{ protocolName: 'MQIsdp' }, { protocolLevel: random.pick([0, 3, 5, 255]) }, { extraFlags: 0x01 }, { protocolName: 'HTTP' }]) })] };
    case 8: // evil client ids, with good and bad credentials
      return { connect: connectPacket({ clientId: evilClientId(random, id), username: id, password: random.chance(0.5) ? secrets.get(id)! : 'wrong', clean: random.chance(0.5) }), rest: [DISCONNECT] };
    case 9: // unauthenticated, then publishes anyway
      return {
        connect: connectPacket(random.pick([{ clientId: 'anon' }, { clientId: id, username: id, password: 'wrong' }, { clientId: 'ghost', username: 'ghost', password: 'x' }, { clientId: id, username: id }])),
        rest: [publishPacket('cantine/quimper/readers/entrance-reader/badge', Buffer.from('{"uid":"04A224B2C31F80","seq":5}'), 1), publishPacket('cantine/quimper/desks/desk-07/presence', Buffer.from('{"occupied":true}'))],
      };
    case 10: // the packet-size guard's edges: declared just over and well over each cap
      return {
        connect: goodConnect,
        rest: [Buffer.concat([Buffer.from([0x30]), remainingLength(random.pick([4609, 70_000, 268_435_455])), random.bytes(64)])],
        afterAccept: true,
      };
    default: // subscriptions nobody may have
      return { connect: goodConnect, rest: [subscribePacket([random.pick(['#', '+/#', '$SYS/#', 'cantine/quimper/readers/+/decision', '', 'a/#/b', Array(101).fill('x').join('/')]), random.pick(INVALID_UTF8)]), PINGREQ], afterAccept: true };
  }
}

describe('bad input over MQTT, on the embedded broker', () => {
  let cantine: TestCantine;
  let headers: Record<string, string>;
  const secrets = new Map<string, string>();
  const unhandled = catchUnhandled();

  beforeAll(async () => {
    // Thousands of connections from one address: lift the per-address connection rate limit.
    cantine = await startTestCantine({ MQTT_CONNECT_BURST: '1000000', MQTT_CONNECT_PER_SECOND: '1000000' });
    headers = await managerHeaders(cantine.baseUrl);
    for (const device of devices) secrets.set(device.id, await provisioned(cantine.baseUrl, headers, device));
    // Every device online first (a device connecting is a legitimate change: its desk leaves "offline").
    const online: Array<[string, string, string]> = [
      ['entrance-reader', 'cantine/quimper/devices/entrance-reader/status', '{"online":true}'],
      ['entrance-contact', 'cantine/quimper/devices/entrance-contact/status', '{"online":true}'],
      ['desk-07-sensor', 'cantine/quimper/devices/desk-07-sensor/status', '{"online":true}'],
      ['z2m', 'zigbee2mqtt/desk-07/availability', 'online'],
      ['z2m', 'zigbee2mqtt/desk-08/availability', 'online'],
    ];
    for (const [id, topic, payload] of online) {
      const client = await connectDevice(cantine.mqttPort, id, secrets.get(id));
      await client.publishAsync(topic, payload, { qos: 1 });
      await client.endAsync();
    }
    await eventually(async () => (await json(await fetch(`${cantine.baseUrl}/api/sites/quimper/seats`))).free === 3);
  });
  afterAll(async () => {
    unhandled.dispose();
    await cantine?.dispose();
  });

  const snapshot = async () => {
    await cantine.app.get(AuditLog).flush();
    const seats = await json(await fetch(`${cantine.baseUrl}/api/sites/quimper/seats`));
    const deviceList = ((await json(await fetch(`${cantine.baseUrl}/api/devices`, { headers }))) as Array<Record<string, unknown>>).map(({ errors: _e, online: _o, lastSeen: _l, ...rest }) => rest);
    const audit = await json(await fetch(`${cantine.baseUrl}/api/access-events?kind=all&limit=1000`, { headers }));
    return { seats, devices: deviceList, audit };
  };

  it(`stays up and changes nothing, whatever arrives (seed ${seed})`, { timeout: 90_000 }, async () => {
    const random = seededRandom(seed);
    const registry = cantine.app.get(DeviceRegistry);
    const before = await snapshot();
    const events = recordEvents(cantine);
    const material = seeds();
    const isValid = (topic: string, payload: Buffer, publisher: string) => {
      const device = registry.get(publisher)!;
      if (device.protocol === 'native') return decodeMessage(topic, payload, 'cantine').ok;
      return convertFromDevice(device.protocol, topic, payload, registry.contextOf(registry.route(topic)?.device ?? device)).ok;
    };

    const counts = { sessions: 0, publishes: 0, skippedValid: 0, raw: 0, closedByServer: 0 };
    const started = Date.now();
    const sessions = 2500;
    const work = Array.from({ length: sessions }, (_, n) => async () => {
      if (random.chance(0.35)) {
        const attack = rawAttack(random, secrets);
        counts.raw++;
        const outcome = await rawSession(cantine.mqttPort, attack.connect, attack.rest, { afterAccept: attack.afterAccept ?? false });
        if (outcome.closedByServer) counts.closedByServer++;
        return;
      }
      // An authenticated device (sometimes a stranger) publishing mutated payloads on real and evil topics.
      const base = random.pick(material);
      const authenticated = random.chance(0.85);
      const connect = authenticated
        ? connectPacket({
          clientId: base.publisher,
          username: base.publisher,
          password: secrets.get(base.publisher)!,
          clean: random.chance(0.7),
        })
        : connectPacket({ clientId: `stranger-${n}`, username: `stranger-${n}`, password: 'guess' });
      const publishes: Buffer[] = [];
      for (let i = random.int(1, 12); i > 0; i--) {
        const topic = random.chance(0.8) ? base.topic : evilTopic(random, base.topic);
        const payload = mutatePayload(random, base.payload);
        if (typeof topic === 'string' && isValid(topic, payload, base.publisher)) {
          counts.skippedValid++;
          continue;
        }
        publishes.push(publishPacket(topic, payload, random.pick([0, 1] as const), random.int(1, 65535), random.chance(0.1)));
        counts.publishes++;
      }
      if (random.chance(0.3)) publishes.push(random.bytes(random.int(1, 50)));
      else publishes.push(DISCONNECT);
      const outcome = await rawSession(cantine.mqttPort, connect, publishes, { afterAccept: true, lingerMs: 20 });
      if (outcome.closedByServer) counts.closedByServer++;
    });
    // 16 at a time: enough to interleave sessions inside aedes.
    for (let i = 0; i < work.length; i += 16) await Promise.all(work.slice(i, i + 16).map((job) => job()));
    counts.sessions = sessions;
    await new Promise((resolve) => setTimeout(resolve, 500));
    const elapsedMs = Date.now() - started;

    const after = await snapshot();
    const drops = ((await json(await fetch(`${cantine.baseUrl}/api/devices`, { headers }))) as Array<{ id: string; errors: Record<string, number> }>).map((d) => [d.id, d.errors]);
    console.log(`[bad-input-mqtt] seed ${seed}: ${JSON.stringify(counts)} in ${elapsedMs} ms; drops counted ${JSON.stringify(Object.fromEntries(drops))}`);

    expect(unhandled.errors, `seed ${seed}`).toEqual([]);
    const health = await fetch(`${cantine.baseUrl}/health`);
    expect(await json(health), `seed ${seed}`).toMatchObject({ status: 'ok', checks: { database: 'up', broker: 'up', timeseries: 'up' } });
    expect(events.filter((e) => e.type !== 'device-status'), `seed ${seed}: events from invalid input`).toEqual([]);
    expect(after.seats, `seed ${seed}`).toEqual(before.seats);
    expect(after.devices, `seed ${seed}`).toEqual(before.devices);
    expect(after.audit, `seed ${seed}`).toEqual(before.audit);
    // The drops were counted against the devices that sent them.
    const malformed = drops.reduce((sum, [, errors]) => sum + ((errors as Record<string, number>).malformed ?? 0), 0);
    expect(malformed, `seed ${seed}`).toBeGreaterThan(0);
  });
});
