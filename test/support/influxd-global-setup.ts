// vitest globalSetup: when TEST_INFLUX_URL is unset and influxd is installed, one throwaway
// InfluxDB on free ports serves the whole run (each suite still uses its own database names),
// so `npm test` runs the InfluxDB suites instead of skipping them. A TEST_INFLUX_URL given by
// the caller (CI, or a server started by hand) is used as is and nothing is started.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { freePortPair, influxdBinary } from './faults.js';

const run = promisify(execFile);

export default async function setup(): Promise<(() => Promise<void>) | void> {
  if (process.env.TEST_INFLUX_URL || !fs.existsSync(influxdBinary)) return;
  const started = Date.now();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cantine-test-influxd-'));
  const port = await freePortPair();
  const env = { ...process.env, INFLUXD: influxdBinary };
  try {
    await run('bash', ['scripts/ci/start-influxdb.sh', String(port), dir], { env });
  } catch (error) {
    // Leave TEST_INFLUX_URL unset: the suites then skip (or fail under CANTINE_REQUIRE_SERVICES=1).
    console.warn(`[influxd] could not start a throwaway InfluxDB: ${(error as { stderr?: string }).stderr ?? error}`);
    fs.rmSync(dir, { recursive: true, force: true });
    return;
  }
  // Its data is thrown away, so SIGKILL: no need to wait for a clean shutdown. On exit too, so a run
  // interrupted before teardown (Ctrl-C) does not leave influxd behind.
  const pid = Number(fs.readFileSync(path.join(dir, 'influxd.pid'), 'utf8'));
  const kill = () => {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // already gone
    }
    fs.rmSync(dir, { recursive: true, force: true });
  };
  process.once('exit', kill);
  // The test workers are forked after this point and inherit the variable.
  process.env.TEST_INFLUX_URL = `http://127.0.0.1:${port}`;
  console.log(`[influxd] throwaway InfluxDB on ${process.env.TEST_INFLUX_URL} in ${Date.now() - started} ms`);
  return async () => {
    const stopping = Date.now();
    kill();
    process.off('exit', kill);
    delete process.env.TEST_INFLUX_URL;
    console.log(`[influxd] throwaway InfluxDB stopped and removed in ${Date.now() - stopping} ms`);
  };
}
