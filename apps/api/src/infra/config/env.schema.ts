// The environment of contract §1, parsed once at boot. Empty strings count as unset.
import { z } from 'zod';

const unset = (value: unknown) => (value === '' ? undefined : value);
const optional = <T extends z.ZodType>(schema: T) => z.preprocess(unset, schema.optional());

const seconds = (fallback: number) => z.preprocess(unset, z.coerce.number().positive().default(fallback));

// 0 asks the system for any free port (tests run several instances side by side).
const port = z.coerce.number().int().min(0).max(65535);

function urlWith(protocols: string[], example: string, needsPath = false) {
  const fits = (value: string) => {
    try {
      const url = new URL(value);
      const hasPath = url.pathname.replace(/^\//, '') !== '';
      return protocols.includes(url.protocol.replace(/:$/, '')) && (hasPath || !needsPath);
    } catch {
      return false;
    }
  };
  return z.string().refine(fits, { message: `expected a URL like ${example}` });
}

export const envSchema = z.object({
  PORT: z.preprocess(unset, port.default(3000)),
  HOST: z.preprocess(unset, z.string().default('0.0.0.0')),
  MQTT_URL: optional(urlWith(['mqtt', 'mqtts', 'tcp', 'tls', 'ws', 'wss'], 'mqtt://host:1883')),
  MQTT_PORT: z.preprocess(unset, port.default(1883)),
  MQTT_USERNAME: optional(z.string()),
  MQTT_PASSWORD: optional(z.string()),
  // Mosquitto's dynamic security plugin manages device accounts at run time (docs/devices.md).
  MQTT_DYNSEC: z.preprocess(unset, z.enum(['0', '1', 'false', 'true'], 'expected 1 or 0').default('0')).transform((value) => value === '1' || value === 'true'),
  // External broker reading device accounts from PostgreSQL (EMQX, docs/scaling.md): the service keeps
  // each device's ACL in the table `broker_acl`, next to `device.mosquitto_hash` the broker checks.
  MQTT_ACL_TABLE: z.preprocess(unset, z.enum(['0', '1', 'false', 'true'], 'expected 1 or 0').default('0')).transform((value) => value === '1' || value === 'true'),
  // Embedded broker: connections not yet authenticated, at most, across all addresses, and the time
  // each has to authenticate (infra/mqtt/pending-connections.ts).
  MQTT_PENDING_MAX: z.preprocess(unset, z.coerce.number().int().min(1).default(1000)),
  MQTT_CONNECT_DEADLINE_S: z.preprocess(unset, z.coerce.number().positive().max(300).default(10)),
  MQTT_TOPIC_ROOT: z.preprocess(unset, z.string().regex(/^[a-z0-9-]{1,64}$/).default('cantine')),
  DATABASE_URL: optional(urlWith(['postgres', 'postgresql'], 'postgres://user:password@host:5432/cantine')),
  INFLUX_URL: optional(urlWith(['http', 'https'], 'http://127.0.0.1:8086/cantine (the path names the database)', true)),
  DATA_DIR: z.preprocess(unset, z.string().default('./data')),
  SITES_DIR: z.preprocess(unset, z.string().default('./config/sites')),
  CANTINE_ADMIN_EMAIL: optional(z.email()),
  CANTINE_ADMIN_PASSWORD: optional(z.string().min(8, 'at least 8 characters')),
  // Requests per minute and client address on public routes, and on login (docs/security.md, "HTTP edge").
  RATE_LIMIT_PUBLIC_PER_MINUTE: z.preprocess(unset, z.coerce.number().int().min(1).default(120)),
  RATE_LIMIT_LOGIN_PER_MINUTE: z.preprocess(unset, z.coerce.number().int().min(1).default(20)),
  // The master key of docs/security.md "Secrets at rest" (base64, 32 bytes); unset: DATA_DIR/secret.key.
  CANTINE_SECRET_KEY: optional(z.string().regex(/^[A-Za-z0-9+/=]{43,}$/, 'base64 of at least 32 bytes (openssl rand -base64 32)')),
  TLS_CERT_FILE: optional(z.string()),
  TLS_KEY_FILE: optional(z.string()),
  MQTT_TLS_PORT: z.preprocess(unset, port.default(8883)),
  ACCESS_LOG_RETENTION_DAYS: z.preprocess(unset, z.coerce.number().int().min(1).max(3650).default(92)),
  // What one device may send (docs/devices.md, "Floods"): a real reader badges at most a few times a
  // second, so a burst of 20 then 5 messages/s per device is generous; past it messages are
  // dropped and counted before any decision. Offline uploads come as one burst at reconnection.
  DEVICE_RATE_BURST: z.preprocess(unset, z.coerce.number().min(1).default(20)),
  DEVICE_RATE_PER_SECOND: z.preprocess(unset, z.coerce.number().positive().default(5)),
  DEVICE_UPLOAD_BURST: z.preprocess(unset, z.coerce.number().min(1).default(500)),
  DEVICE_UPLOAD_PER_SECOND: z.preprocess(unset, z.coerce.number().positive().default(10)),
  // One audit row per flooding device per this many seconds, however many messages were dropped.
  DEVICE_FLOOD_SUMMARY_S: z.preprocess(unset, z.coerce.number().positive().max(3600).default(60)),
  // A door forced open again within this many seconds of its alarm is counted into one follow-up row.
  DOOR_ALARM_REPEAT_S: z.preprocess(unset, z.coerce.number().positive().max(3600).default(60)),
  // Silence after which a device counts as offline. Readers: two esp-rfid heartbeats (180 s) or
  // Tasmota TelePeriods (300 s) missed; native devices should re-publish their status every 5 min.
  DEVICE_OFFLINE_READER_S: seconds(600),
  DEVICE_OFFLINE_DOOR_SENSOR_S: seconds(1800),
  DEVICE_OFFLINE_DESK_SENSOR_S: seconds(1800),
  DEVICE_OFFLINE_BRIDGE_S: seconds(600),
  // Zigbee2MQTT sensors report on change only and their bridge publishes availability itself;
  // 25 h is Zigbee2MQTT's own passive availability timeout.
  DEVICE_OFFLINE_ZIGBEE_S: seconds(25 * 3600),
  // How often device states are written (docs/devices.md).
  DEVICE_STATE_FLUSH_S: seconds(10),
  // New MQTT connections accepted per remote address by the embedded broker: a burst, then a rate.
  MQTT_CONNECT_BURST: z.preprocess(unset, z.coerce.number().positive().default(50)),
  MQTT_CONNECT_PER_SECOND: z.preprocess(unset, z.coerce.number().positive().default(5)),
  TOKEN_TTL_HOURS: z.preprocess(unset, z.coerce.number().positive().max(24 * 30).default(12)),
  // Several instances sharing sites through leases in PostgreSQL (docs/scaling.md); needs DATABASE_URL,
  // MQTT_URL and CANTINE_SECRET_KEY. Unset: the one-process default.
  CANTINE_CLUSTER: z.preprocess(unset, z.enum(['0', '1', 'false', 'true'], 'expected 1 or 0').default('0')).transform((value) => value === '1' || value === 'true'),
  // This instance's name in the cluster (leases, heartbeats, MQTT client id); default host-pid-random.
  CANTINE_INSTANCE_ID: optional(z.string().regex(/^[A-Za-z0-9_.-]{1,80}$/, '1-80 characters among A-Z, a-z, 0-9, _ . -')),
  // Cluster mode: socket.io's Redis adapter, so /manager and /wall events reach sockets on every instance.
  REDIS_URL: optional(urlWith(['redis', 'rediss'], 'redis://127.0.0.1:6379')),
  LOG_LEVEL: z.preprocess(unset, z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info')),
  LOG_FORMAT: optional(z.enum(['json', 'pretty'])),
  // `production` marks a production deployment (the Dockerfile sets it): no demo clock there.
  NODE_ENV: optional(z.string()),
  // Demo mode only (`npm run demo`): the instant the service's clock starts at, with its offset,
  // and how many times faster than real time it runs (infra/clock.ts).
  CANTINE_DEMO_CLOCK: optional(
    z
      .string()
      .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/, 'attendu une date et heure avec décalage, par ex. 2026-12-07T08:45+01:00')
      .refine((value) => !Number.isNaN(Date.parse(value)), 'date ou heure impossible'),
  ),
  CANTINE_DEMO_SPEED: optional(z.coerce.number('attendu un nombre, par ex. 60').positive('doit être supérieur à 0').max(3600, 'au plus 3600 (une heure par seconde)')),
});

export type Env = z.infer<typeof envSchema>;
