// `chaos`: what real devices and networks do wrong, one step at a time, each followed by a check
// that the service still answers (contract section 2: bad messages are dropped and counted, they
// never crash or stall the service). Bad payloads are hand-written here on purpose: producing
// them is the point, and the protocol library refuses to encode them.
import mqtt from 'mqtt';
import { badgeTopic, presenceTopic } from '#protocol';
import type { CantineApi } from '../api-client.js';
import { delay } from '../device-connection.js';
import type { Fleet } from '../fleet.js';
import { NativeReader } from '../readers.js';
import { silentReporter, type Reporter, describeOutcome } from '../reporter.js';
import { NativeSensor } from '../sensors.js';

export interface ChaosOptions {
  fleet: Fleet;
  mqttUrl: string;
  site: string;
  root?: string;
  /** A member's badge, for the control badge after each step. */
  uid: string;
  /** Logged in: lets the run check /health and the devices' online flag. */
  api?: CantineApi;
  reporter?: Reporter;
}

export interface ChaosStepResult {
  step: string;
  did: string;
  serviceOk: boolean;
  check: string;
}

interface Actors {
  reader: NativeReader;
  sensor?: NativeSensor;
}

type Step = { name: string; run: (actors: Actors, options: ChaosOptions) => Promise<string> };

/**
 * QoS 0 where the broker may drop the connection (oversized, foreign topic): MQTT.js would resend
 * an unacknowledged QoS 1 message after reconnecting, and be dropped again, forever.
 */
const raw = (topic: string, payload: string | Buffer, qos: 0 | 1 = 1) => ({ topic, payload, qos, retain: false });

const STEPS: Step[] = [
  {
    name: 'duplicate delivery',
    run: async ({ reader }, { uid }) => {
      const first = await reader.badge(uid);
      const again = await reader.resendLast();
      return `seq ${first.seq} sent twice: first ${describeOutcome(first)}; again ${again === undefined ? '–' : describeOutcome(again)}`;
    },
  },
  {
    name: 'malformed JSON',
    run: async ({ reader }, { site, root }) => {
      await reader.raw?.publish(raw(badgeTopic(site, reader.id, root), '{"uid":"04A224B2C31F80","seq":'));
      return 'a badge cut in the middle of its JSON';
    },
  },
  {
    name: 'wrong types',
    run: async ({ reader, sensor }, { site, root }) => {
      await reader.raw?.publish(raw(badgeTopic(site, reader.id, root), '{"uid":42,"seq":"seventeen"}'));
      if (sensor !== undefined) await sensor.raw?.publish(raw(presenceTopic(site, sensor.desk, root), '{"occupied":"yes","battery":"full"}'));
      return 'badge with a numeric uid and a text seq; presence with text where booleans and numbers go';
    },
  },
  {
    name: 'oversized payload',
    run: async ({ sensor, reader }, { site, root }) => {
      const padding = 'x'.repeat(5000);
      const target = sensor ?? reader;
      const topic = sensor !== undefined ? presenceTopic(site, sensor.desk, root) : badgeTopic(site, reader.id, root);
      await target.raw?.publish(raw(topic, `{"occupied":true,"pad":"${padding}"}`, 0));
      return `a ${padding.length + 30}-byte message (limit 4096) from ${target.id}`;
    },
  },
  {
    name: 'unknown device id',
    run: async ({ sensor }, { mqttUrl, site, root }) => {
      const refused = await tryGhostLogin(mqttUrl);
      if (sensor !== undefined) await sensor.raw?.publish(raw(presenceTopic(site, 'ghost-desk', root), '{"occupied":true}', 0)).catch(() => undefined);
      return `ghost-reader login ${refused ? 'refused' : 'ACCEPTED (it should not be)'}; ${sensor?.id ?? 'no sensor'} published for desk "ghost-desk"`;
    },
  },
  {
    name: 'disconnect',
    run: async ({ sensor, reader }, { api }) => {
      const target = sensor ?? reader;
      await waitFor(() => target.raw?.connected ?? false, 10_000);
      target.raw?.drop(3000);
      await delay(1500);
      const seenOffline = await deviceOnline(api, target.id);
      const back = await waitFor(() => target.raw?.connected ?? false, 10_000);
      await delay(300);
      const seenOnline = await deviceOnline(api, target.id);
      const seen = seenOffline === undefined ? '' : `; the service showed it ${seenOffline ? 'still online' : 'offline'}, then ${seenOnline ? 'online' : 'offline'}`;
      return `${target.id}'s socket cut without DISCONNECT (last will); ${back ? 'reconnected with backoff' : 'not reconnected within 10 s'}${seen}`;
    },
  },
];

async function tryGhostLogin(url: string): Promise<boolean> {
  try {
    const client = await mqtt.connectAsync(url, { clientId: 'ghost-reader', username: 'ghost-reader', password: 'not-a-secret', reconnectPeriod: 0, connectTimeout: 3000 }, false);
    await client.endAsync(true);
    return false;
  } catch {
    return true;
  }
}

/** The `online` flag of GET /api/devices; undefined without a manager login or that endpoint. */
async function deviceOnline(api: CantineApi | undefined, id: string): Promise<boolean | undefined> {
  if (api?.loggedIn !== true) return undefined;
  const response = await api.request('GET', '/api/devices').catch(() => undefined);
  type Listed = Array<{ id?: string; online?: boolean }>;
  const body = response?.body as Listed | { devices?: Listed } | undefined;
  const list = Array.isArray(body) ? body : body?.devices;
  return list?.find((device) => device.id === id)?.online;
}

async function waitFor(condition: () => boolean, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) return false;
    await delay(100);
  }
  return true;
}

/** After each step: /health still 200 (when the API is known) and a control badge still answered. */
async function checkService(actors: Actors, options: ChaosOptions): Promise<{ ok: boolean; check: string }> {
  await waitFor(() => actors.reader.connected && (actors.sensor?.raw?.connected ?? true), 10_000);
  const healthy = options.api === undefined ? undefined : await options.api.healthy();
  const control = await actors.reader.badge(options.uid);
  const answered = control.outcome.result === 'granted' || control.outcome.result === 'denied';
  const health = healthy === undefined ? '' : `/health ${healthy ? '200' : 'NOT OK'}; `;
  return { ok: answered && healthy !== false, check: `${health}control badge ${describeOutcome(control)}` };
}

export async function runChaos(options: ChaosOptions): Promise<ChaosStepResult[]> {
  const reporter = options.reporter ?? silentReporter;
  const reader = options.fleet.readers.find((candidate): candidate is NativeReader => candidate instanceof NativeReader);
  if (reader === undefined) throw new Error('chaos needs a native reader in the credentials file (provision with --protocol native or mixed)');
  const sensor = options.fleet.deskSensors.find((candidate): candidate is NativeSensor => candidate instanceof NativeSensor);
  const results: ChaosStepResult[] = [];
  for (const step of STEPS) {
    const did = await step.run({ reader, sensor }, options).catch((error: unknown) => `failed to send: ${String(error)}`);
    const { ok, check } = await checkService({ reader, sensor }, options);
    results.push({ step: step.name, did, serviceOk: ok, check });
    reporter.event(undefined, ok ? 'chaos ✓' : 'chaos ✗', `${step.name}: ${did}\n${' '.repeat(14)}→ ${check}`, { step: step.name, serviceOk: ok });
  }
  return results;
}
