// Boots the whole service in-process on free ports, with its embedded stores in a temporary folder.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startCantine, type RunningCantine } from '../../apps/api/src/cantine.js';
import { loadConfig } from '../../apps/api/src/infra/config/app-config.js';

export interface TestCantine extends RunningCantine {
  dataDir: string;
  /** e.g. http://localhost:40123 */
  baseUrl: string;
  /** The embedded broker's port (or the external broker's when MQTT_URL is given). */
  mqttPort: number;
  /** Stops the service and removes its data folder. */
  dispose(): Promise<void>;
}

export async function startTestCantine(env: Record<string, string> = {}): Promise<TestCantine> {
  const dataDir = env.DATA_DIR ?? fs.mkdtempSync(path.join(os.tmpdir(), 'cantine-app-'));
  const config = loadConfig({
    PORT: '0',
    HOST: '127.0.0.1',
    MQTT_PORT: '0',
    DATA_DIR: dataDir,
    SITES_DIR: 'config/sites',
    CANTINE_ADMIN_EMAIL: 'manager@example.org',
    CANTINE_ADMIN_PASSWORD: 'correct horse battery',
    LOG_LEVEL: 'error',
    LOG_FORMAT: 'json',
    // Suites call the API from one address far faster than a person; test/app/http-edge.test.ts sets its own limits.
    RATE_LIMIT_PUBLIC_PER_MINUTE: '1000000',
    RATE_LIMIT_LOGIN_PER_MINUTE: '1000000',
    ...env,
  });
  const cantine = await startCantine(config);
  return {
    ...cantine,
    dataDir,
    baseUrl: cantine.urls.http,
    mqttPort: Number(new URL(cantine.urls.mqtt).port),
    dispose: async () => {
      await cantine.close();
      if (!env.DATA_DIR) fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Logs in as the test manager and returns the Authorization header. */
export async function managerHeaders(baseUrl: string): Promise<Record<string, string>> {
  const response = await fetch(`${baseUrl}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: 'manager@example.org', password: 'correct horse battery' }),
  });
  if (!response.ok) throw new Error(`login failed: ${response.status}`);
  const { token } = (await response.json()) as { token: string };
  return { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
}

/** A response body as loosely typed JSON: tests assert on its shape. */
 
export async function json(response: Response): Promise<any> {
  return response.json();
}
