// docs/devices.md's "first badge" recipe, as written: mosquitto_rr (Debian's mosquitto-clients)
// plays a native reader, sends one badge and prints the decision, on both brokers.
import { spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { json, managerHeaders, type TestCantine } from '../support/app.js';
import { provisioned } from '../support/devices.js';
import { mosquittoAvailable } from '../support/mosquitto.js';
import { embedded, mosquitto, type Broker } from './brokers.js';

const rr = '/usr/bin/mosquitto_rr';

/** Line 5 of the recipe, with the host and port of this test's broker. */
function firstBadge(port: number, password: string): Promise<{ code: number | null; out: string }> {
  const args = ['-V', 'mqttv311', '-h', '127.0.0.1', '-p', String(port), '-i', 'test-reader', '-u', 'test-reader', '-P', password];
  args.push('-t', 'cantine/quimper/readers/test-reader/badge', '-e', 'cantine/quimper/readers/test-reader/decision', '-q', '1', '-W', '5');
  args.push('-m', '{"uid":"04A224B2C31F80","seq":1}');
  const child = spawn(rr, args);
  let out = '';
  child.stdout.on('data', (chunk) => (out += chunk));
  child.stderr.on('data', (chunk) => (out += chunk));
  return new Promise((resolve) => child.once('exit', (code) => resolve({ code, out })));
}

describe.each([embedded, mosquitto].filter((broker) => broker !== mosquitto || mosquittoAvailable()))('the first badge recipe on the $name', (broker: Broker) => {
  let running: Awaited<ReturnType<Broker['start']>>;
  let cantine: TestCantine;
  let password: string;

  beforeAll(async () => {
    running = await broker.start();
    cantine = running.cantine;
    const headers = await managerHeaders(cantine.baseUrl);
    password = await provisioned(cantine.baseUrl, headers, { id: 'test-reader', kind: 'reader', door: 'entrance' });
    const post = async (url: string, body: object) => json(await fetch(`${cantine.baseUrl}${url}`, { method: 'POST', headers, body: JSON.stringify(body) }));
    const { id } = await post('/api/members', { name: 'Test', email: 'test@example.org', adherent: true });
    await post(`/api/members/${id}/badges`, { uid: '04A224B2C31F80' });
    await post(`/api/members/${id}/passes`, { type: 'staff' });
    await running.afterProvisioning();
  });
  afterAll(async () => {
    await running?.stop();
  });

  it('prints a granted decision for the badge', async () => {
    const { code, out } = await firstBadge(cantine.mqttPort, password);
    expect(code, out).toBe(0);
    expect(JSON.parse(out)).toMatchObject({ seq: 1, granted: true, reason: 'staff' });
  });
});
