import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ConfigError } from './config-error.js';
import { envSchema, type Env } from './env.schema.js';

export type Engine = 'embedded' | 'external';

/** The typed configuration every module reads; also the DI token for it. */
export class AppConfig {
  readonly port: number;
  readonly host: string;
  /** `dynsec`: device accounts managed through Mosquitto's dynamic security plugin (external broker only). */
  readonly mqtt: {
    url?: string;
    port: number;
    username?: string;
    password?: string;
    topicRoot: string;
    dynsec: boolean;
    /** Device ACLs written to PostgreSQL's `broker_acl` for a broker that reads them there (EMQX). */
    aclTable: boolean;
    maxPending: number;
    connectDeadlineMs: number;
    /** New connections per remote address on the embedded broker. */
    connectionRate: { burst: number; perSecond: number };
  };
  readonly databaseUrl?: string;
  readonly influxUrl?: string;
  readonly dataDir: string;
  readonly sitesDir: string;
  readonly admin: { email?: string; password?: string };
  /** The master key for secrets kept outside the database; unset: the key file under DATA_DIR. */
  readonly secretKey?: string;
  /** Requests per minute and client address: public routes, and login. */
  readonly rateLimits: { publicPerMinute: number; loginPerMinute: number };
  readonly tokenTtlHours: number;
  /** Audit log entries older than this are purged daily. */
  readonly accessLogRetentionDays: number;
  /** Token buckets per device at ingestion: live messages, offline uploads; flood summary period. */
  readonly deviceRate: { burst: number; perSecond: number; uploadBurst: number; uploadPerSecond: number; floodSummaryMs: number };
  /** Silence after which a device counts as offline, per kind (Zigbee2MQTT sensors apart); how often states are saved. */
  readonly devices: {
    offlineAfterMs: { reader: number; 'door-sensor': number; 'desk-sensor': number; bridge: number };
    zigbeeOfflineAfterMs: number;
    flushEveryMs: number;
  };
  /** Forced-open alarms of one door within this window are summed into one follow-up alarm. */
  readonly doorAlarmRepeatMs: number;
  /** HTTPS for the API and pages, and an `mqtts` listener on the embedded broker, when set. */
  readonly tls?: { cert: Buffer; key: Buffer; mqttPort: number };
  readonly log: { level: Env['LOG_LEVEL']; format: 'json' | 'pretty' };
  /** Cluster mode (docs/scaling.md): this instance's id; absent in the one-process default. */
  readonly cluster?: { instanceId: string; redisUrl?: string };
  /** Demo mode only: the clock starts at `start` and runs `speed` times faster (infra/clock.ts). */
  readonly demoClock?: { start: Date; speed: number };

  constructor(env: Env, isTerminal: boolean) {
    this.port = env.PORT;
    this.host = env.HOST;
    this.mqtt = {
      url: env.MQTT_URL,
      port: env.MQTT_PORT,
      username: env.MQTT_USERNAME,
      password: env.MQTT_PASSWORD,
      topicRoot: env.MQTT_TOPIC_ROOT,
      dynsec: env.MQTT_DYNSEC,
      aclTable: env.MQTT_ACL_TABLE,
      maxPending: env.MQTT_PENDING_MAX,
      connectDeadlineMs: env.MQTT_CONNECT_DEADLINE_S * 1000,
      connectionRate: { burst: env.MQTT_CONNECT_BURST, perSecond: env.MQTT_CONNECT_PER_SECOND },
    };
    if (this.mqtt.dynsec && !this.mqtt.url) throw new ConfigError('MQTT_DYNSEC', 'needs MQTT_URL (a Mosquitto with the dynamic security plugin); the embedded broker manages devices itself');
    if (this.mqtt.dynsec && !this.mqtt.username) throw new ConfigError('MQTT_DYNSEC', 'needs MQTT_USERNAME and MQTT_PASSWORD: the plugin\'s admin account the service logs in with');
    if (this.mqtt.aclTable && !(this.mqtt.url && env.DATABASE_URL)) throw new ConfigError('MQTT_ACL_TABLE', 'needs MQTT_URL and DATABASE_URL: the broker reads device accounts from the same PostgreSQL');
    this.databaseUrl = env.DATABASE_URL;
    this.influxUrl = env.INFLUX_URL;
    this.dataDir = path.resolve(env.DATA_DIR);
    this.sitesDir = path.resolve(env.SITES_DIR);
    this.admin = { email: env.CANTINE_ADMIN_EMAIL, password: env.CANTINE_ADMIN_PASSWORD };
    if (env.CANTINE_SECRET_KEY) this.secretKey = env.CANTINE_SECRET_KEY;
    this.rateLimits = { publicPerMinute: env.RATE_LIMIT_PUBLIC_PER_MINUTE, loginPerMinute: env.RATE_LIMIT_LOGIN_PER_MINUTE };
    this.tokenTtlHours = env.TOKEN_TTL_HOURS;
    this.accessLogRetentionDays = env.ACCESS_LOG_RETENTION_DAYS;
    this.deviceRate = {
      burst: env.DEVICE_RATE_BURST,
      perSecond: env.DEVICE_RATE_PER_SECOND,
      uploadBurst: env.DEVICE_UPLOAD_BURST,
      uploadPerSecond: env.DEVICE_UPLOAD_PER_SECOND,
      floodSummaryMs: env.DEVICE_FLOOD_SUMMARY_S * 1000,
    };
    this.devices = {
      offlineAfterMs: {
        reader: env.DEVICE_OFFLINE_READER_S * 1000,
        'door-sensor': env.DEVICE_OFFLINE_DOOR_SENSOR_S * 1000,
        'desk-sensor': env.DEVICE_OFFLINE_DESK_SENSOR_S * 1000,
        bridge: env.DEVICE_OFFLINE_BRIDGE_S * 1000,
      },
      zigbeeOfflineAfterMs: env.DEVICE_OFFLINE_ZIGBEE_S * 1000,
      flushEveryMs: env.DEVICE_STATE_FLUSH_S * 1000,
    };
    this.doorAlarmRepeatMs = env.DOOR_ALARM_REPEAT_S * 1000;
    const tls = readTls(env);
    if (tls) this.tls = tls;
    this.log = { level: env.LOG_LEVEL, format: env.LOG_FORMAT ?? (isTerminal ? 'pretty' : 'json') };
    if (env.CANTINE_CLUSTER) this.cluster = clusterSettings(env);
    else if (env.REDIS_URL) throw new ConfigError('REDIS_URL', 'only used with CANTINE_CLUSTER=1 (one process needs no Redis)');
    const demoClock = readDemoClock(env);
    if (demoClock) this.demoClock = demoClock;
  }

  get engines(): { broker: Engine; database: Engine; timeseries: Engine } {
    return {
      broker: this.mqtt.url ? 'external' : 'embedded',
      database: this.databaseUrl ? 'external' : 'embedded',
      timeseries: this.influxUrl ? 'external' : 'embedded',
    };
  }
}

/** Parses the environment; the first bad variable becomes a ConfigError naming it. */
export function loadConfig(env: NodeJS.ProcessEnv, isTerminal = false): AppConfig {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const variable = String(issue.path[0] ?? 'environment');
    const value = env[variable];
    const shown = value === undefined || /PASSWORD/.test(variable) ? '' : ` (got "${value}")`;
    throw new ConfigError(variable, `${issue.message}${shown}`);
  }
  return new AppConfig(parsed.data, isTerminal);
}

/** Leases live in PostgreSQL, devices reach every instance through one broker, and all share one key. */
function clusterSettings(env: Env): NonNullable<AppConfig['cluster']> {
  if (!env.DATABASE_URL) throw new ConfigError('CANTINE_CLUSTER', 'needs DATABASE_URL (PostgreSQL): the instances share their sites through leases in it');
  if (!env.MQTT_URL) throw new ConfigError('CANTINE_CLUSTER', 'needs MQTT_URL (an external broker every instance and device connects to); the embedded broker serves one process');
  if (!env.CANTINE_SECRET_KEY) throw new ConfigError('CANTINE_CLUSTER', 'needs CANTINE_SECRET_KEY, the same on every instance (tokens and decision keys are derived from it)');
  const instanceId = env.CANTINE_INSTANCE_ID ?? `${os.hostname().replace(/[^A-Za-z0-9_.-]/g, '-').slice(0, 50)}-${process.pid}-${randomBytes(3).toString('hex')}`;
  return { instanceId, ...(env.REDIS_URL ? { redisUrl: env.REDIS_URL } : {}) };
}

/** The demo clock exists only outside production: a production service always runs on real time. */
function readDemoClock(env: Env): AppConfig['demoClock'] {
  const variable = env.CANTINE_DEMO_CLOCK !== undefined ? 'CANTINE_DEMO_CLOCK' : env.CANTINE_DEMO_SPEED !== undefined ? 'CANTINE_DEMO_SPEED' : undefined;
  if (!variable) return undefined;
  if (env.NODE_ENV === 'production') {
    throw new ConfigError(variable, "refusé en production (NODE_ENV=production) : l'horloge de démonstration n'existe que pour `npm run demo`; retirez CANTINE_DEMO_CLOCK et CANTINE_DEMO_SPEED");
  }
  if (env.CANTINE_DEMO_CLOCK === undefined) throw new ConfigError('CANTINE_DEMO_SPEED', "n'a de sens qu'avec CANTINE_DEMO_CLOCK (l'heure de départ de la démonstration)");
  return { start: new Date(env.CANTINE_DEMO_CLOCK), speed: env.CANTINE_DEMO_SPEED ?? 1 };
}

function readTls(env: Env): AppConfig['tls'] {
  if (!env.TLS_CERT_FILE && !env.TLS_KEY_FILE) return undefined;
  if (!env.TLS_CERT_FILE) throw new ConfigError('TLS_CERT_FILE', 'set it with TLS_KEY_FILE (a PEM certificate chain)');
  if (!env.TLS_KEY_FILE) throw new ConfigError('TLS_KEY_FILE', 'set it with TLS_CERT_FILE (the PEM private key)');
  const read = (variable: 'TLS_CERT_FILE' | 'TLS_KEY_FILE', file: string) => {
    try {
      return fs.readFileSync(file);
    } catch (error) {
      throw new ConfigError(variable, `cannot read ${file} (${(error as NodeJS.ErrnoException).code ?? error})`);
    }
  };
  return { cert: read('TLS_CERT_FILE', env.TLS_CERT_FILE), key: read('TLS_KEY_FILE', env.TLS_KEY_FILE), mqttPort: env.MQTT_TLS_PORT };
}
