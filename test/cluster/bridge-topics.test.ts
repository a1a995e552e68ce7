// One base topic, one Zigbee2MQTT bridge (docs/devices.md), also when two managers provision
// bridges at once through two instances of a cluster, with real processes on one PostgreSQL
// database and a Mosquitto of this test. Each instance checked its own memory, which hears of the
// other's devices only after their provisioning: both bridges were stored and answered 201.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from 'vitest';
import { managerHeaders } from '../support/app.js';
import { createPostgresDatabase, postgresAdminUrl } from '../support/databases.js';
import { listDevices, provision } from '../support/devices.js';
import { eventually } from '../support/eventually.js';
import { mosquittoAvailable, startMosquitto, type RunningMosquitto } from '../support/mosquitto.js';
import { serviceAvailable } from '../support/services.js';
import { clusterEnv, leasesSaid, startInstance, stopAll, writeSites, type Instance } from '../support/instances.js';

const available = mosquittoAvailable() && (await serviceAvailable('PostgreSQL', 'TEST_DATABASE_URL', postgresAdminUrl, 5432));
const PAIRS = 6;

describe.skipIf(!available)('two instances: bridges provisioned at once on one base topic', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cantine-bridges-'));
  let database: Awaited<ReturnType<typeof createPostgresDatabase>>;
  let mosquitto: RunningMosquitto;
  const instances: Instance[] = [];

  beforeAll(async () => {
    database = await createPostgresDatabase();
    const conf = path.join(dir, 'bridges-mosquitto.conf');
    fs.writeFileSync(conf, ['listener 1883', 'allow_anonymous true', 'set_tcp_nodelay true', 'persistence false', 'log_dest stderr', 'log_type error', ''].join('\n'));
    mosquitto = await startMosquitto(dir, { configFrom: conf });
    const sitesDir = path.join(dir, 'sites');
    fs.mkdirSync(sitesDir);
    writeSites(sitesDir, ['brest']);
    const env = { databaseUrl: database.url, mqttUrl: mosquitto.url, sitesDir, secretKey: randomBytes(32).toString('base64') };
    // One after the other: the first creates the manager account and the tables.
    instances.push(await startInstance('a', clusterEnv(env, 'bridges-a')));
    instances.push(await startInstance('b', clusterEnv(env, 'bridges-b')));
  }, 90_000);

  afterAll(async () => {
    await stopAll();
    await mosquitto?.stop();
    await database?.drop();
    fs.rmSync(dir, { recursive: true, force: true });
  }, 60_000);

  it('one of each pair is stored, the other gets 409 topic in French, and both instances list the same bridges', async () => {
    onTestFailed(() => console.log(`[bridges] what the instances said:\n${leasesSaid(instances)}`));
    const [a, b] = instances as [Instance, Instance];
    const [headersA, headersB] = await Promise.all([managerHeaders(a.baseUrl), managerHeaders(b.baseUrl)]);
    const answers = [];
    for (let pair = 0; pair < PAIRS; pair++) {
      const bridge = (id: string) => ({ id, kind: 'bridge', site: 'brest', protocol: 'zigbee2mqtt', topic: `zigbee2mqtt-${pair}` });
      answers.push(await Promise.all([provision(a.baseUrl, headersA, bridge(`zb-a-${pair}`)), provision(b.baseUrl, headersB, bridge(`zb-b-${pair}`))]));
    }
    expect(answers.map((pair) => pair.map((answer) => answer.status).sort())).toEqual(Array.from({ length: PAIRS }, () => [201, 409]));
    for (const [pair, answered] of answers.entries()) {
      const refused = answered.find((answer) => answer.status === 409)!;
      const other = answered.indexOf(refused) === 0 ? `zb-b-${pair}` : `zb-a-${pair}`;
      expect(refused.body.errors[0].field).toBe('topic');
      expect(refused.body.message).toMatch(new RegExp(`^le sujet zigbee2mqtt-${pair} .*l’appareil ${other}$`));
    }
    const stored = answers.flatMap((pair, n) => pair.flatMap((answer, i) => (answer.status === 201 ? [`zb-${i === 0 ? 'a' : 'b'}-${n}`] : []))).sort();
    for (const [instance, headers] of [[a, headersA], [b, headersB]] as const) {
      const listed = async () => (await listDevices(instance.baseUrl, headers)).map((device) => device.id);
      await eventually(async () => expect(await listed()).toEqual(stored), 5000, 50);
    }
  }, 60_000);
});
