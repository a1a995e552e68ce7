// TLS with a self-made certificate: HTTPS for the API and pages, mqtts on the embedded broker
// (docs/operations.md says how to set it up). Devices verify the certificate like any client.
import fs from 'node:fs';
import https from 'node:https';
import os from 'node:os';
import path from 'node:path';
import mqtt from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkHealth, healthUrl } from '../../apps/api/src/healthcheck.js';
import { startTestCantine, type TestCantine } from '../support/app.js';
import { opensslPresent, selfSignedCertificate } from '../support/certificates.js';

const hasOpenssl = opensslPresent('TLS suite');

describe.skipIf(!hasOpenssl)('TLS: HTTPS and mqtts with a self-made certificate', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cantine-tls-'));
  const certFile = path.join(dir, 'cert.pem'); // selfSignedCertificate writes these two
  const keyFile = path.join(dir, 'key.pem');
  let ca: Buffer;
  let cantine: TestCantine;

  function request(
    method: string,
    url: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<{ status: number; body: any }> {
    return new Promise((resolve, reject) => {
      const req = https.request(url, { method, ca, headers: { 'content-type': 'application/json', ...headers } }, (res) => {
        let text = '';
        res.on('data', (chunk) => (text += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text ? JSON.parse(text) : null }));
      });
      req.on('error', reject);
      req.end(body === undefined ? undefined : JSON.stringify(body));
    });
  }

  beforeAll(async () => {
    selfSignedCertificate(dir, 'cantine.test', ['subjectAltName=IP:127.0.0.1,DNS:localhost']);
    ca = fs.readFileSync(certFile);
    cantine = await startTestCantine({ TLS_CERT_FILE: certFile, TLS_KEY_FILE: keyFile, MQTT_TLS_PORT: '0' });
  });
  afterAll(async () => {
    await cantine?.dispose();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('serves the API over HTTPS and says so in its ready line', async () => {
    expect(cantine.baseUrl).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    expect(cantine.readyLine).toMatch(/mqtts:\/\/127\.0\.0\.1:\d+/);
    expect((await request('GET', `${cantine.baseUrl}/health`)).status).toBe(200);
  });

  it("passes the container's health check, which follows the scheme (docker-compose.yml)", async () => {
    const port = new URL(cantine.baseUrl).port;
    expect(healthUrl({ TLS_CERT_FILE: certFile, PORT: port })).toBe(`https://127.0.0.1:${port}/health`);
    expect(await checkHealth({ TLS_CERT_FILE: certFile, PORT: port })).toBe(true);
    // What the check did before: plain HTTP to a port that speaks TLS fails.
    expect(await checkHealth({ PORT: port })).toBe(false);
  });

  it('accepts a provisioned device over mqtts, and a client that does not trust the certificate fails the handshake', async () => {
    const login = await request('POST', `${cantine.baseUrl}/api/auth/login`, { email: 'manager@example.org', password: 'correct horse battery' });
    const authorization = `Bearer ${login.body.token}`;
    const device = await request('POST', `${cantine.baseUrl}/api/devices`, { id: 'tls-reader', kind: 'reader', site: 'quimper', protocol: 'native', door: 'entrance' }, { authorization });
    expect(device.status).toBe(201);
    const { username, password } = device.body.mqtt;
    const options = { username, password, clientId: username, reconnectPeriod: 0, connectTimeout: 3000 };
    const client = await mqtt.connectAsync(cantine.urls.mqtts!, { ...options, ca });
    expect(client.connected).toBe(true);
    await client.endAsync();
    await expect(mqtt.connectAsync(cantine.urls.mqtts!, options)).rejects.toThrow(/self-signed|certificate/i);
  });

  it('refuses to start when the key file is missing, naming the variable', async () => {
    await expect(startTestCantine({ TLS_CERT_FILE: certFile })).rejects.toThrow(/^TLS_KEY_FILE: /);
    await expect(startTestCantine({ TLS_CERT_FILE: certFile, TLS_KEY_FILE: path.join(dir, 'none.pem') })).rejects.toThrow(/^TLS_KEY_FILE: cannot read/);
  });
});
