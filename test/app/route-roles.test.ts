// Roles as a table (docs/security.md): every registered route is declared in route-roles.ts, and
// answers no token / a staff token / a manager token as the documented roles below say. This list
// is written from docs/security.md on purpose, apart from route-roles.ts: a wrong entry there fails here.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registeredRouteKeys } from '../../apps/api/src/infra/http/route-keys.js';
import { routeRoles, ruleFor, type RouteAccess } from '../../apps/api/src/auth/route-roles.js';
import { json, managerHeaders, startTestCantine, type TestCantine } from '../support/app.js';

type Caller = 'none' | 'staff' | 'manager';

const P = 'public', S = 'staff', M = 'manager';
// prettier-ignore
const documented: Record<string, RouteAccess> = {
  'GET /health': P, 'POST /api/auth/login': P, 'GET /api/tariffs': P,
  'GET /api/sites/:site': P, 'GET /api/sites/:site/seats': P, 'GET /api/sites/:site/notice': P, 'GET /api/sites/:site/events': P, 'GET /api/sites/:site/opening': P,
  'GET /api/sites': M, 'POST /api/sites': M, 'POST /api/sites/import': M, 'PUT /api/sites/:site': M, 'DELETE /api/sites/:site': M,
  'POST /api/auth/refresh': S, 'POST /api/auth/password': S, 'POST /api/auth/logout': S,
  'GET /api/accounts': M, 'POST /api/accounts': M,
  'POST /api/accounts/:id/disable': M, 'POST /api/accounts/:id/enable': M, 'POST /api/accounts/:id/reset-password': M,
  'POST /api/members': S, 'GET /api/members': S, 'GET /api/members/:id': S, 'POST /api/members/:id/badges': S, 'POST /api/badges/:uid/revoke': S,
  'POST /api/members/:id/passes': S, 'GET /api/members/:id/passes': S, 'PATCH /api/members/:id': S, 'GET /api/members/:id/history': M,
  'PATCH /api/passes/:id': M, 'POST /api/passes/:id/end': M, 'POST /api/passes/:id/cancel': M,
  'GET /api/members/:id/export': M, 'DELETE /api/members/:id': M, 'GET /api/members/:id/statement': M, 'GET /api/statements': M,
  'GET /api/access-events': S, 'POST /api/doors/:site/:door/unlock': S, 'GET /api/sites/:site/lockdown': S, 'POST /api/sites/:site/lockdown': M,
  'POST /api/readers/:site/:reader/enrolment': S, 'GET /api/readers/:site/:reader/enrolment': S, 'DELETE /api/readers/:site/:reader/enrolment': S,
  'GET /api/devices': S, 'POST /api/devices': M, 'PATCH /api/devices/:id': M, 'POST /api/devices/:id/rotate': M, 'DELETE /api/devices/:id': M,
  'GET /api/sites/:site/occupancy': S, 'GET /api/sites/:site/occupancy/cross-checks': S,
  'GET /api/sites/:site/analytics/today': S, 'GET /api/sites/:site/analytics/heatmap': S, 'GET /api/sites/:site/analytics/utilisation': S,
  'GET /api/sites/:site/analytics/peaks': S, 'GET /api/sites/:site/analytics/stays': S, 'GET /api/sites/:site/analytics/denials': S,
  'GET /api/sites/:site/analytics/forecast': S,
};

// Refused outright, or let through to validation (any status but 401/403: 400 and 404 are fine,
// the ids below do not exist).
const expected: Record<RouteAccess, Record<Caller, 'allowed' | 401 | 403>> = {
  public: { none: 'allowed', staff: 'allowed', manager: 'allowed' },
  staff: { none: 401, staff: 'allowed', manager: 'allowed' },
  manager: { none: 401, staff: 403, manager: 'allowed' },
};

const placeholders: Record<string, string> = { site: 'quimper', id: 'no-such-id', uid: '04A224B2C31F80', door: 'no-such-door', reader: 'no-such-reader' };
const concrete = (path: string) => path.replace(/:(\w+)/g, (_match, name: string) => placeholders[name] ?? `no-such-${name}`);
// These spend the token they are called with (logout, refresh): each call gets a fresh one.
const spendsToken = new Set(['POST /api/auth/logout', 'POST /api/auth/refresh']);

describe('route × role table', () => {
  let cantine: TestCantine;
  const password = 'ouverture-9h-chaque-jour';
  const login = async (email: string, pass: string) => {
    const response = await fetch(`${cantine.baseUrl}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password: pass }) });
    return { authorization: `Bearer ${(await json(response)).token}`, 'content-type': 'application/json' };
  };
  const headersFor = async (caller: Caller): Promise<Record<string, string>> =>
    caller === 'none' ? { 'content-type': 'application/json' } : caller === 'staff' ? login('accueil@example.org', password) : managerHeaders(cantine.baseUrl);
  const shared: Partial<Record<Caller, Record<string, string>>> = {};

  beforeAll(async () => {
    cantine = await startTestCantine();
    const manager = await managerHeaders(cantine.baseUrl);
    const created = await fetch(`${cantine.baseUrl}/api/accounts`, { method: 'POST', headers: manager, body: JSON.stringify({ email: 'accueil@example.org', password, role: 'staff' }) });
    expect(created.status).toBe(201);
    for (const caller of ['none', 'staff', 'manager'] as const) shared[caller] = await headersFor(caller);
  });
  afterAll(() => cantine.dispose());

  const call = async (key: string, caller: Caller, body: unknown = {}) => {
    const [method, path] = key.split(' ') as [string, string];
    const headers = spendsToken.has(key) ? await headersFor(caller) : shared[caller]!;
    const init: RequestInit = { method, headers, ...(method === 'GET' || method === 'HEAD' ? {} : { body: JSON.stringify(body) }) };
    // Deleting quimper would leave every later row a 404: that route is called on an unknown site.
    const target = key === 'DELETE /api/sites/:site' ? '/api/sites/no-such-site' : concrete(path);
    return fetch(`${cantine.baseUrl}${target}`, init);
  };

  it('declares every registered route, and nothing that is not one', () => {
    const registered = registeredRouteKeys(cantine.app);
    expect(registered.length).toBeGreaterThan(30);
    expect(registered.filter((key) => !ruleFor(key)), 'routes missing from auth/route-roles.ts').toEqual([]);
    expect(Object.keys(routeRoles).filter((key) => !registered.includes(key)), 'stale entries in auth/route-roles.ts').toEqual([]);
    expect(Object.keys(documented).sort(), 'the documented list below names every route').toEqual(registered);
  });

  const rows = Object.keys(documented).flatMap((key) => (['none', 'staff', 'manager'] as const).map((caller) => [key, caller] as const));
  it.each(rows)('%s as %s', async (key, caller) => {
    const want = expected[documented[key]!][caller];
    const response = await call(key, caller);
    if (want === 'allowed') {
      expect([401, 403], `${key} refused ${caller}: ${response.status}`).not.toContain(response.status);
      expect(response.status, `${key} failed for ${caller}`).toBeLessThan(500);
    } else {
      expect(response.status).toBe(want);
    }
  });

  // Staff sell day, half-day, carnet and event passes; only managers give staff or subscription passes.
  it.each([
    ['day', 'staff', 'allowed'],
    ['half-day', 'staff', 'allowed'],
    ['carnet', 'staff', 'allowed'],
    ['event', 'staff', 'allowed'],
    ['staff', 'staff', 403],
    ['subscription', 'staff', 403],
    ['staff', 'manager', 'allowed'],
    ['subscription', 'manager', 'allowed'],
  ] as const)('selling a %s pass as %s: %s', async (type, caller, want) => {
    const { status } = await call('POST /api/members/:id/passes', caller, { type });
    if (want === 403) expect(status).toBe(403);
    else expect([400, 404]).toContain(status); // past the guard, stopped by the unknown member or the body
  });

  // Contract §7: staff may edit a member's name and e-mail, not the adherent status (it sets prices).
  it.each([
    [{ name: 'Anne' }, 'staff', 'allowed'],
    [{ email: 'anne@example.org' }, 'staff', 'allowed'],
    [{ adherent: false }, 'staff', 403],
    [{ name: 'Anne', adherent: true }, 'staff', 403],
    [{ adherent: false }, 'manager', 'allowed'],
  ] as const)('editing a member with %j as %s: %s', async (body, caller, want) => {
    const { status } = await call('PATCH /api/members/:id', caller, body);
    if (want === 403) expect(status).toBe(403);
    else expect(status).toBe(404); // past the guard, stopped by the unknown member
  });
});
