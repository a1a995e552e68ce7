// Command line of firmware-sim: node:util parseArgs, no framework. Turns argv and the environment
// into checked settings, or a message saying exactly what is wrong.
import path from 'node:path';
import { parseArgs } from 'node:util';
import { DAY_END, DAY_START } from './scenarios/day-schedule.js';
import { parseMinutes } from './clock.js';
import { PROTOCOL_CHOICES, type ProtocolChoice } from './plan.js';
import type { OutputMode } from './reporter.js';

export const COMMANDS = ['provision', 'day', 'load', 'chaos'] as const;
export type Command = (typeof COMMANDS)[number];

export const USAGE = `firmware-sim: plays Cantine's door readers, door contacts and desk sensors over MQTT.

Usage: npm run sim -- <command> [options]

Commands:
  provision   create the site's devices (POST /api/devices) and demo members with badges and
              passes, and save their secrets to the credentials file; safe to run again
  day         a day at the cantine, accelerated: arrivals from 8:50, lunch dip, departures
              before 17:00, an 18:00 talk in the event room (provisions first if needed)
  load        steady badges/s and sensor messages/s, for benchmarks
  chaos       disconnects, duplicate deliveries, malformed JSON, wrong types, oversized
              payloads, unknown device ids; checks the service still answers after each

Options:
  --api URL              Cantine API                        (default http://localhost:3000)
  --email ADDRESS        manager login    (default env CANTINE_ADMIN_EMAIL)
  --password SECRET      manager password (default env CANTINE_ADMIN_PASSWORD)
  --mqtt URL             MQTT broker                         (default mqtt://localhost:1883)
  --site ID              site                                (default quimper)
  --root TOPIC           MQTT topic root                     (default cantine)
  --credentials FILE     device secrets, members, seq counters (default data/firmware-sim/<site>.json)
  --protocol P           provision: native | esp-rfid | tasmota | zigbee2mqtt | mixed (default native)
  --seed N               randomness seed: same seed, same members and day (default 1)
  --clock ISO            provision: the simulated present, when the service runs on the same
                         demo clock (npm run demo): passes start that day, the event pass
                         covers its 18:00-21:00 (default: now, and an event pass for a week)
  --speed X              day: time acceleration                (default 60)
  --start HH:MM          day: simulated start                  (default 08:45)
  --end HH:MM            day: simulated end                    (default 19:45)
  --badges-per-s R       load: badges per second               (default 10)
  --sensors-per-s S      load: sensor messages per second      (default 50)
  --devices N            load: devices to use; provision: make at least N (extra load devices)
  --stock                esp-rfid, Tasmota and Zigbee2MQTT as shipped, not tidied up: their own
                         client ids (esp8266-…, DVES_…, mqttjs_…), keepalive and will; what they
                         publish at connect (Tasmota's empty cmnd/…/POWER, INFO1-3 and retained
                         discovery 10 s later, esp-rfid's boot, Zigbee2MQTT's retained bridge/info
                         over 45 KB, bridge/devices, bridge/definitions); reads and sensor states
                         at QoS 0 (docs/devices.md says which broker takes them)
  --duration SECONDS     load: how long                        (default 30)
  --quiet                print only the summary
  --json                 print one JSON object per line
  -h, --help             this help

Examples:
  npm run sim -- provision --protocol mixed
  npm run sim -- day --speed 120
  npm run sim -- load --badges-per-s 50 --sensors-per-s 500 --duration 60 --quiet
  npm run sim -- chaos
  npm run sim -- day --protocol mixed --stock`;

export interface Settings {
  command: Command;
  api: string;
  email?: string;
  password?: string;
  mqtt: string;
  site: string;
  root: string;
  credentials: string;
  protocol: ProtocolChoice;
  seed: number | string;
  speed: number;
  start: number;
  end: number;
  badgesPerSecond: number;
  sensorsPerSecond: number;
  devices?: number;
  durationS: number;
  output: OutputMode;
  stock: boolean;
  clock?: Date;
}

const OPTIONS = {
  api: { type: 'string' },
  email: { type: 'string' },
  password: { type: 'string' },
  mqtt: { type: 'string' },
  site: { type: 'string' },
  root: { type: 'string' },
  credentials: { type: 'string' },
  protocol: { type: 'string' },
  seed: { type: 'string' },
  clock: { type: 'string' },
  speed: { type: 'string' },
  start: { type: 'string' },
  end: { type: 'string' },
  'badges-per-s': { type: 'string' },
  'sensors-per-s': { type: 'string' },
  devices: { type: 'string' },
  duration: { type: 'string' },
  quiet: { type: 'boolean' },
  stock: { type: 'boolean' },
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

export class UsageError extends Error {}

function number(name: string, text: string | undefined, fallback: number, min = 0): number {
  if (text === undefined) return fallback;
  const value = Number(text);
  if (!Number.isFinite(value) || value < min) throw new UsageError(`--${name} must be a number ≥ ${min}, not "${text}"`);
  return value;
}

function url(name: string, text: string, protocols: string[]): string {
  try {
    if (protocols.includes(new URL(text).protocol)) return text;
  } catch {
    // Reported below with the expected form.
  }
  throw new UsageError(`--${name} must be a URL like ${protocols[0]}//localhost, not "${text}"`);
}

function instant(name: string, text: string): Date {
  const at = Date.parse(text);
  if (!/T\d{2}:\d{2}/.test(text) || Number.isNaN(at)) throw new UsageError(`--${name} must be a date and time like 2026-12-07T08:45+01:00, not "${text}"`);
  return new Date(at);
}

/** undefined means: print the usage and stop (--help, or no command). */
export function parseSettings(argv: string[], env: NodeJS.ProcessEnv): Settings | undefined {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options: OPTIONS, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const { values, positionals } = parsed;
  if (values.help === true || positionals.length === 0) return undefined;
  const command = positionals[0] as Command;
  if (!COMMANDS.includes(command)) throw new UsageError(`unknown command "${positionals[0]}": one of ${COMMANDS.join(', ')}`);
  if (positionals.length > 1) throw new UsageError(`unexpected argument "${positionals[1]}"`);
  const protocol = (values.protocol ?? 'native') as ProtocolChoice;
  if (!PROTOCOL_CHOICES.includes(protocol)) throw new UsageError(`--protocol must be one of ${PROTOCOL_CHOICES.join(', ')}`);
  const site = values.site ?? 'quimper';
  if (!/^[a-z0-9-]{1,64}$/.test(site)) throw new UsageError(`--site "${site}" is not a site id ([a-z0-9-])`);
  const seedText = values.seed ?? '1';
  return {
    command,
    api: url('api', values.api ?? 'http://localhost:3000', ['http:', 'https:']),
    email: values.email ?? (env.CANTINE_ADMIN_EMAIL || undefined),
    password: values.password ?? (env.CANTINE_ADMIN_PASSWORD || undefined),
    mqtt: url('mqtt', values.mqtt ?? 'mqtt://localhost:1883', ['mqtt:', 'mqtts:', 'tcp:', 'tls:', 'ws:', 'wss:']),
    site,
    root: values.root ?? 'cantine',
    credentials: values.credentials ?? path.join('data', 'firmware-sim', `${site}.json`),
    protocol,
    seed: /^\d+$/.test(seedText) ? Number(seedText) : seedText,
    speed: number('speed', values.speed, 60, 0.01),
    start: values.start === undefined ? DAY_START : parseMinutes(values.start),
    end: values.end === undefined ? DAY_END : parseMinutes(values.end),
    badgesPerSecond: number('badges-per-s', values['badges-per-s'], 10),
    sensorsPerSecond: number('sensors-per-s', values['sensors-per-s'], 50),
    devices: values.devices === undefined ? undefined : number('devices', values.devices, 0, 1),
    durationS: number('duration', values.duration, 30, 0.1),
    output: values.json === true ? 'json' : values.quiet === true ? 'quiet' : 'text',
    stock: values.stock === true,
    ...(values.clock === undefined ? {} : { clock: instant('clock', values.clock) }),
  };
}
