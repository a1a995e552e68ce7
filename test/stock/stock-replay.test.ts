// Stock firmware as shipped, replayed byte for byte by a third-party client (paho-mqtt) against
// the embedded broker and a real Mosquitto: each device keeps its session through its whole
// connect sequence and several keepalive periods, every read is answered in the form its firmware
// acts on, and the Zigbee2MQTT sensors move the seats and the doors.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DeviceEvent } from '../../apps/api/src/devices/device-events.js';
import { recordEvents } from '../support/devices.js';
import { mosquittoAvailable } from '../support/mosquitto.js';
import { embedded, mosquitto, seatStates, startStockSite } from './brokers.js';
import { describeReplay, pahoAvailable, replay, type ReplayResult } from './replay.js';
import { stockCases } from './stock-site.js';

const KEEPALIVE_S = 1;
const HOLD_MS = 6_000;
const TIME_SCALE = 0.3;

const runnable = pahoAvailable();

describe.skipIf(!runnable).each([embedded, mosquitto].filter((broker) => broker.cases.length > 0 && (broker !== mosquitto || mosquittoAvailable())))('stock firmware on the $name', (broker) => {
  const cases = stockCases.filter((c) => broker.cases.includes(c.name));
  const results = new Map<string, ReplayResult>();
  let running: Awaited<ReturnType<typeof startStockSite>>;
  let events: DeviceEvent[];
  let seats: Record<string, string> = {};

  beforeAll(async () => {
    running = await startStockSite(broker, cases);
    const { cantine, secrets } = running;
    events = recordEvents(cantine);
    const runs = cases.map(async (c) => {
      const plan = {
        port: cantine.mqttPort,
        username: c.body.id,
        password: secrets.get(c.name)!,
        sequence: c.sequence,
        later: c.later,
        timeScale: TIME_SCALE,
        keepaliveS: KEEPALIVE_S,
        holdMs: HOLD_MS,
      };
      results.set(c.name, await replay(plan));
    });
    await Promise.all(runs);
    seats = await seatStates(cantine.baseUrl);
  }, 90_000);
  afterAll(async () => {
    await running?.stop();
  });

  it.each(cases.map((c) => [c.name, c] as const))('%s stays connected through its connect sequence and several keepalive periods', (name, c) => {
    const result = results.get(name)!;
    const seen = describeReplay(result);
    expect(result.connack, seen).toBe(0);
    expect(result.drops, seen).toEqual([]);
    expect(result.done, seen).toMatchObject({ disconnects: 0, failed: 0 });
    expect(result.done!.sent, seen).toBe(c.sequence.publishes.length + c.later.length);
    expect(HOLD_MS / 1000 / KEEPALIVE_S).toBeGreaterThanOrEqual(4);
  });

  // A refused grant is an error to mqtt.js: Zigbee2MQTT's Home Assistant extension then does not start.
  it.each(cases.map((c) => [c.name, c] as const))('%s: every subscription it makes at connect is granted', (name, c) => {
    const result = results.get(name)!;
    const granted = result.subacks.flat();
    expect(granted.length, describeReplay(result)).toBe(c.sequence.subscribe.length);
    expect(granted.filter((code) => code >= 0x80), JSON.stringify(result.subacks)).toEqual([]);
  });

  it.each(cases.filter((c) => c.reads.length > 0).map((c) => [c.name, c] as const))('%s: every read is answered in the form the firmware opens on', (name, c) => {
    const result = results.get(name)!;
    const opened = result.messages.filter((m) => c.opens!(m.topic, m.payload));
    expect(opened.length, describeReplay(result)).toBe(c.reads.length);
    const decided = events.filter((e) => e.type === 'badge' && e.deviceId === c.body.id);
    expect(decided.length).toBe(c.reads.length);
  });

  it.each(cases.filter((c) => c.sensors.length > 0).map((c) => [c.name, c] as const))('%s: the sensors behind the bridge move seats and doors', (_name, c) => {
    const [pir, radar, contact] = c.sensors.map((sensor) => sensor.body);
    // The PIR's desk stays occupied (its hold); the radar's was occupied, then freed when its person left.
    expect(seats[pir!.desk!], pir!.desk).toBe('occupied');
    const radarStates = events.flatMap((e) => (e.type === 'presence' && e.deviceId === radar!.id ? [(e as { occupied: boolean }).occupied] : []));
    expect(radarStates.slice(-2), radar!.desk).toEqual([true, false]);
    expect(seats[radar!.desk!], radar!.desk).toBe('free');
    expect(events.some((e) => e.type === 'door' && e.door === contact!.door && (e as { open?: boolean }).open === true), contact!.door).toBe(true);
  });
});
