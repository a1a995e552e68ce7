// The first manager's generated password goes to a file only its owner can read, never to the log;
// `npm run reset-password` recovers a lost manager password from the server.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resetPasswordCommand } from '../../apps/api/src/auth/reset-password.js';
import { startTestCantine, type TestCantine } from '../support/app.js';

const login = (cantine: TestCantine, email: string, password: string) =>
  fetch(`${cantine.baseUrl}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password }) });

describe('first manager without CANTINE_ADMIN_PASSWORD, then a lost password', () => {
  let cantine: TestCantine;
  let dataDir: string;
  const logged: string[] = [];
  // pino writes to fd 1 with fs.writeSync (sonic-boom, sync): listen there.
  const writeSync = fs.writeSync;

  beforeAll(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cantine-first-'));
    fs.writeSync = ((fd: number, data: string | NodeJS.ArrayBufferView, ...rest: never[]) => {
      if (fd === 1) logged.push(String(data));
      return writeSync(fd, data as string, ...rest);
    }) as typeof fs.writeSync;
    try {
      cantine = await startTestCantine({ DATA_DIR: dataDir, CANTINE_ADMIN_EMAIL: 'gerante@example.org', CANTINE_ADMIN_PASSWORD: '', LOG_LEVEL: 'info' });
    } finally {
      fs.writeSync = writeSync;
    }
  });
  afterAll(async () => {
    await cantine.dispose();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('writes the password to a 0600 file under DATA_DIR, and not to the log', async () => {
    const file = path.join(dataDir, 'first-manager-password.txt');
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    const [email, password] = fs.readFileSync(file, 'utf8').trim().split('\n');
    expect(email).toBe('gerante@example.org');
    expect((await login(cantine, email!, password!)).status).toBe(200);
    expect(logged.join('')).toContain('first-manager-password.txt');
    expect(logged.join('')).not.toContain(password);
  });

  it('reset-password: --help, a missing data folder refused, then a new password that works', async () => {
    const lines: string[] = [];
    const output = { out: (line: string) => lines.push(line), err: (line: string) => lines.push(line) };
    expect(await resetPasswordCommand(['--help'], {}, output)).toBe(0);
    expect(lines.pop()).toMatch(/usage: npm run reset-password/);
    const missing = path.join(dataDir, 'no-such-folder');
    expect(await resetPasswordCommand([], { DATA_DIR: missing }, output)).toBe(1);
    expect(lines.pop()).toMatch(/no Cantine database in .*no-such-folder/);
    expect(fs.existsSync(missing)).toBe(false);
    expect(await resetPasswordCommand(['--email', 'nobody@example.org'], { DATA_DIR: dataDir }, output)).toBe(1);

    const token = ((await (await login(cantine, 'gerante@example.org', fs.readFileSync(path.join(dataDir, 'first-manager-password.txt'), 'utf8').split("\n")[1]!)).json()) as { token: string }).token;
    expect(await resetPasswordCommand([], { DATA_DIR: dataDir }, output)).toBe(0);
    const password = /: (\S+)\n/.exec(lines.pop()!)?.[1];
    expect((await login(cantine, 'gerante@example.org', password!)).status).toBe(200);
    expect((await fetch(`${cantine.baseUrl}/api/members`, { headers: { authorization: `Bearer ${token}` } })).status).toBe(401);
  });
});
