// Soak (not in CI): every stock firmware sequence held STOCK_SOAK_MINUTES (default 10) on the
// embedded broker and on Mosquitto at once, with the firmwares' real keepalives and timetables,
// reconnecting as firmware does; a read or a sensor state every 20 s. Prints the table that
// docs/reliability.md carries. Run: STOCK_SOAK_MINUTES=10 npx vitest run --config vitest.soak.config.ts
import { expect, it } from 'vitest';
import type { StockMessage } from '#protocol';
import type { DeviceEvent } from '../../apps/api/src/devices/device-events.js';
import { recordEvents } from '../support/devices.js';
import { embedded, mosquitto, startStockSite, type Broker } from './brokers.js';
import { replay, type ReplayResult } from './replay.js';
import { stockCases, type StockCase } from './stock-site.js';

const minutes = Number(process.env.STOCK_SOAK_MINUTES ?? 10);
const holdMs = minutes * 60_000;
const EVERY_MS = 20_000;

/** Reads in turn, or the bridge's sensor states flipping between their two values. */
function traffic(c: StockCase): Array<StockMessage & { atMs: number }> {
  const ticks = Math.floor((holdMs - 15_000) / EVERY_MS);
  return Array.from({ length: ticks }, (_, i) => {
    const atMs = 15_000 + i * EVERY_MS;
    if (c.reads.length > 0) return { ...c.reads[i % c.reads.length]!.message, atMs };
    const state = c.later[i % c.later.length]!;
    const flip = Math.floor(i / c.later.length) % 2 === 1;
    return { ...state, atMs, payload: flip ? state.payload.replace(/"(occupancy|presence)":true/, '"$1":false').replace('"contact":false', '"contact":true') : state.payload };
  });
}

interface Row {
  broker: string;
  sequence: string;
  connack: string;
  drops: number;
  connectedPct: number;
  sent: number;
  failed: number;
  answered: string;
  states: string;
}

async function soak(broker: Broker): Promise<Row[]> {
  const cases = stockCases;
  const site = await startStockSite(broker, cases);
  const events: DeviceEvent[] = recordEvents(site.cantine);
  try {
    const results = await Promise.all(
      cases.map((c) =>
        replay({
          port: site.cantine.mqttPort,
          username: c.body.id,
          password: site.secrets.get(c.name)!,
          sequence: c.sequence,
          later: traffic(c),
          holdMs,
          reconnect: true,
        }).then((r) => [c, r] as const),
      ),
    );
    return results.map(([c, r]) => row(broker, c, r, events));
  } finally {
    await site.stop();
  }
}

function row(broker: Broker, c: StockCase, r: ReplayResult, events: DeviceEvent[]): Row {
  // Connected time: from each CONNACK 0 to the next disconnect (or the end).
  let connectedMs = 0;
  let since: number | undefined;
  for (const e of r.events) {
    if (e.ev === 'connack' && e.rc === 0) since = e.t;
    if ((e.ev === 'disconnect' || e.ev === 'done') && since !== undefined) {
      connectedMs += e.t - since;
      since = undefined;
    }
  }
  const codes = [...new Set(r.events.flatMap((e) => (e.ev === 'connack' ? [e.rc] : [])))];
  const reads = traffic(c).length;
  const answered = c.opens ? `${r.messages.filter((m) => c.opens!(m.topic, m.payload)).length} / ${reads}` : '—';
  const sensorIds = new Set(c.sensors.map((s) => s.body.id));
  const states = c.sensors.length > 0 ? `${events.filter((e) => sensorIds.has(e.deviceId) && (e.type === 'presence' || e.type === 'door')).length} / ${reads}` : '—';
  return {
    broker: broker.name,
    sequence: c.name,
    connack: codes.join(', '),
    drops: r.drops.length,
    connectedPct: Math.round((connectedMs / holdMs) * 1000) / 10,
    sent: r.done?.sent ?? 0,
    failed: r.done?.failed ?? 0,
    answered,
    states,
  };
}

it(`holds every stock sequence ${minutes} min on both brokers`, async () => {
  const rows = (await Promise.all([soak(embedded), soak(mosquitto)])).flat();
  const header = '| broker | sequence | CONNACK codes | drops | connected | publishes sent / failed | reads answered | sensor states taken |\n| --- | --- | --- | --- | --- | --- | --- | --- |';
  const lines = rows.map((r) => `| ${r.broker} | ${r.sequence} | ${r.connack} | ${r.drops} | ${r.connectedPct} % | ${r.sent} / ${r.failed} | ${r.answered} | ${r.states} |`);
  console.log(`[stock-soak] ${minutes} min, started ${new Date(Date.now() - holdMs).toISOString()}\n${header}\n${lines.join('\n')}`);
  expect(rows.length).toBe(stockCases.length * 2);
});
