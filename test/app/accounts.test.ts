// Accounts and roles: a manager creates staff accounts; staff sign in and work, but cannot
// provision devices, create accounts or erase members; tokens can be rotated.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { json, managerHeaders, startTestCantine, type TestCantine } from '../support/app.js';

describe('accounts, roles and token rotation', () => {
  let cantine: TestCantine;
  let manager: Record<string, string>;
  let staff: Record<string, string>;
  const call = (path: string, headers: Record<string, string>, init: RequestInit = {}) => fetch(`${cantine.baseUrl}${path}`, { headers, ...init });

  beforeAll(async () => {
    cantine = await startTestCantine();
    manager = await managerHeaders(cantine.baseUrl);
  });
  afterAll(() => cantine.dispose());

  it('lets a manager create a staff account, and refuses a duplicate or a short password', async () => {
    const body = { email: 'accueil@example.org', password: 'ouverture-9h-chaque-jour', role: 'staff' };
    const created = await call('/api/accounts', manager, { method: 'POST', body: JSON.stringify(body) });
    expect(created.status).toBe(201);
    expect(await json(created)).toMatchObject({ email: 'accueil@example.org', role: 'staff' });
    expect((await call('/api/accounts', manager, { method: 'POST', body: JSON.stringify(body) })).status).toBe(409);
    const weak = await call('/api/accounts', manager, { method: 'POST', body: JSON.stringify({ ...body, email: 'b@example.org', password: 'short' }) });
    expect(weak.status).toBe(400);
    const login = await call('/api/auth/login', { 'content-type': 'application/json' }, { method: 'POST', body: JSON.stringify(body) });
    staff = { authorization: `Bearer ${(await json(login)).token}`, 'content-type': 'application/json' };
  });

  it('lets staff read and work, but not provision devices, manage accounts or erase members', async () => {
    expect((await call('/api/members', staff)).status).toBe(200);
    expect((await call('/api/devices', staff)).status).toBe(200);
    const device = { id: 'r-9', kind: 'reader', site: 'quimper', protocol: 'native', door: 'entrance' };
    expect((await call('/api/devices', staff, { method: 'POST', body: JSON.stringify(device) })).status).toBe(403);
    expect((await call('/api/accounts', staff)).status).toBe(403);
    expect((await call('/api/members/any', staff, { method: 'DELETE' })).status).toBe(403);
    expect((await call('/api/devices', manager, { method: 'POST', body: JSON.stringify(device) })).status).toBe(201);
  });

  it('rotates a valid token into a new one, and refuses to rotate without one', async () => {
    const refreshed = await call('/api/auth/refresh', staff, { method: 'POST' });
    expect(refreshed.status).toBe(200);
    const { token } = await json(refreshed);
    expect((await call('/api/members', { authorization: `Bearer ${token}` })).status).toBe(200);
    expect((await call('/api/auth/refresh', {}, { method: 'POST' })).status).toBe(401);
  });
});
