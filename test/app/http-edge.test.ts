// The HTTP edge (docs/security.md): a rate limit per address on login and on public routes, and
// pages whose Content-Security-Policy lets sockets reach their own origin only.
import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestCantine, type TestCantine } from '../support/app.js';

function requestFrom(
  baseUrl: string,
  localAddress: string,
  method: string,
  path: string,
  body?: unknown,
): Promise<{ status: number; retryAfter?: string }> {
  const text = body === undefined ? '' : JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const request = http.request(`${baseUrl}${path}`, { method, localAddress, agent: false, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) } }, (response) => {
      response.resume();
      response.on('end', () => resolve({ status: response.statusCode ?? 0, retryAfter: response.headers['retry-after'] as string | undefined }));
    });
    request.on('error', reject);
    request.end(text);
  });
}

describe('HTTP edge', () => {
  let cantine: TestCantine;
  beforeAll(async () => {
    cantine = await startTestCantine({ RATE_LIMIT_PUBLIC_PER_MINUTE: '30', RATE_LIMIT_LOGIN_PER_MINUTE: '8' });
  });
  afterAll(() => cantine.dispose());

  it('limits logins per address (8 a minute here), whatever the account, and not other addresses', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 10; i++) statuses.push((await requestFrom(cantine.baseUrl, '127.0.0.6', 'POST', '/api/auth/login', { email: `nobody-${i}@example.org`, password: 'x' })).status);
    expect(statuses.slice(0, 8).every((status) => status === 401)).toBe(true);
    expect(statuses.slice(8)).toEqual([429, 429]);
    const limited = await requestFrom(cantine.baseUrl, '127.0.0.6', 'POST', '/api/auth/login', { email: 'manager@example.org', password: 'correct horse battery' });
    expect(limited.status).toBe(429);
    expect(Number(limited.retryAfter)).toBeGreaterThan(0);
    expect((await requestFrom(cantine.baseUrl, '127.0.0.7', 'POST', '/api/auth/login', { email: 'manager@example.org', password: 'correct horse battery' })).status).toBe(200);
  });

  it('limits public routes per address (30 a minute here), and leaves signed-in routes alone', async () => {
    const statuses = await Promise.all(Array.from({ length: 40 }, () => requestFrom(cantine.baseUrl, '127.0.0.8', 'GET', '/api/sites/quimper/seats')));
    expect(statuses.filter((answer) => answer.status === 200)).toHaveLength(30);
    expect(statuses.filter((answer) => answer.status === 429)).toHaveLength(10);
    expect((await requestFrom(cantine.baseUrl, '127.0.0.8', 'GET', '/api/members')).status).toBe(401);
    expect((await requestFrom(cantine.baseUrl, '127.0.0.9', 'GET', '/api/sites/quimper/seats')).status).toBe(200);
  });

  it('lets the pages open sockets to their own origin only', async () => {
    for (const page of ['/wall/', '/dashboard/']) {
      const csp = (await fetch(`${cantine.baseUrl}${page}`)).headers.get('content-security-policy') ?? '';
      const connect = /connect-src ([^;]*)/.exec(csp)?.[1]?.split(' ');
      expect(connect).toEqual(["'self'", `ws://${new URL(cantine.baseUrl).host}`]);
    }
  });
});
