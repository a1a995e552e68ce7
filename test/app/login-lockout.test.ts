// Password guessing is slowed (docs/security.md): five failed logins lock that account *from that
// address*; attempts are counted before the password is compared, so a concurrent burst shares one
// counter; the same account from another address still signs in.
import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestCantine, type TestCantine } from '../support/app.js';

/** A login sent from a chosen loopback address (127.0.0.x are all local on Linux). */
function loginFrom(
  baseUrl: string,
  localAddress: string,
  password: string,
): Promise<{ status: number; body: string; retryAfter?: string }> {
  const body = JSON.stringify({ email: 'manager@example.org', password });
  return new Promise((resolve, reject) => {
    const request = http.request(`${baseUrl}/api/auth/login`, { method: 'POST', localAddress, agent: false, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } }, (response) => {
      let text = '';
      response.on('data', (chunk: Buffer) => (text += chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body: text, retryAfter: response.headers['retry-after'] as string | undefined }));
    });
    request.on('error', reject);
    request.end(body);
  });
}

describe('login throttling', () => {
  let cantine: TestCantine;
  beforeAll(async () => {
    cantine = await startTestCantine();
  });
  afterAll(() => cantine.dispose());

  it('refuses even the right password after five failures from one address, saying when to retry', async () => {
    for (let attempt = 1; attempt <= 5; attempt++) expect((await loginFrom(cantine.baseUrl, '127.0.0.2', `wrong-${attempt}`)).status).toBe(401);
    const locked = await loginFrom(cantine.baseUrl, '127.0.0.2', 'correct horse battery');
    expect(locked.status).toBe(429);
    expect(Number(locked.retryAfter)).toBeGreaterThan(800);
    expect(JSON.parse(locked.body).message).toMatch(/Trop de tentatives/);
  });

  it('lets the manager in from another address meanwhile: an outsider cannot lock them out', async () => {
    expect((await loginFrom(cantine.baseUrl, '127.0.0.3', 'correct horse battery')).status).toBe(200);
  });

  it('300 concurrent guesses get five comparisons, and the right password hidden among them gets no token', async () => {
    const guesses = Array.from({ length: 300 }, (_, i) => (i === 150 ? 'correct horse battery' : `guess-${i}`));
    const answers = await Promise.all(guesses.map((password) => loginFrom(cantine.baseUrl, '127.0.0.4', password)));
    const statuses = answers.map((answer) => answer.status);
    expect(statuses.filter((status) => status === 200)).toEqual([]);
    expect(statuses.filter((status) => status === 401).length).toBeLessThanOrEqual(5);
    expect(statuses.filter((status) => status === 429).length).toBeGreaterThanOrEqual(295);
    expect(answers.every((answer) => !('token' in JSON.parse(answer.body)))).toBe(true);
  });

  it('still signs the manager in from an untouched address after the burst', async () => {
    const response = await loginFrom(cantine.baseUrl, '127.0.0.5', 'correct horse battery');
    expect(response.status).toBe(200);
    expect(JSON.parse(response.body).token).toBeTypeOf('string');
  });
});
