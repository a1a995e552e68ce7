// Revocable sessions (contract §7): a password change, a reset, disabling and logout void tokens at
// once, on HTTP and on the /manager socket alike; refresh retires the token it replaces; a token
// whose account is gone is refused; a socket is cut when its token expires.
import { io, type Socket } from 'socket.io-client';
import { DataSource } from 'typeorm';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ManagerGateway } from '../../apps/api/src/access/manager.gateway.js';
import { json, startTestCantine, type TestCantine } from '../support/app.js';
import { eventually } from '../support/eventually.js';

describe('sessions and accounts', () => {
  let cantine: TestCantine;
  let managerToken: string;
  const sockets: Socket[] = [];
  const post = (path: string, token: string | null, body: unknown = {}) =>
    fetch(`${cantine.baseUrl}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) }, body: JSON.stringify(body) });
  const works = async (token: string) => (await fetch(`${cantine.baseUrl}/api/members`, { headers: { authorization: `Bearer ${token}` } })).status;
  const login = async (email: string, password: string) => {
    const response = await post('/api/auth/login', null, { email, password });
    return response.status === 200 ? ((await json(response)).token as string) : response.status;
  };
  const connect = async (token: string) => {
    const socket = io(`${cantine.baseUrl}/manager`, { auth: { token }, transports: ['websocket'], reconnection: false, forceNew: true });
    sockets.push(socket);
    await new Promise<void>((resolve, reject) => (socket.once('connect', () => resolve()), socket.once('connect_error', reject)));
    // The server checks the token after the client sees `connect`: wait until it has let the socket in,
    // so a revocation below cannot be mistaken for a refusal at connection.
    const rooms = (cantine.app.get(ManagerGateway) as unknown as {
      namespace: { adapter: { rooms: Map<string, Set<string>> } };
    }).namespace.adapter.rooms;
    await eventually(() => expect(rooms.get('managers')?.has(socket.id!)).toBe(true));
    return socket;
  };
  const newStaff = async (email: string) => {
    const created = await json(await post('/api/accounts', managerToken, { email, password: 'ouverture-9h-chaque-jour', role: 'staff' }));
    return { id: created.id as string, token: (await login(email, 'ouverture-9h-chaque-jour')) as string };
  };

  beforeAll(async () => {
    cantine = await startTestCantine();
    managerToken = (await login('manager@example.org', 'correct horse battery')) as string;
    // Without the periodic re-check, these tests see only revocations announced by this process.
    clearInterval((cantine.app.get(ManagerGateway) as unknown as { recheck: NodeJS.Timeout }).recheck);
  });
  afterEach(() => sockets.splice(0).forEach((socket) => socket.close()));
  afterAll(() => cantine.dispose());

  it('changes one’s own password with the current one; every earlier token stops, the socket too', async () => {
    const { token } = await newStaff('anne@example.org');
    const other = (await login('anne@example.org', 'ouverture-9h-chaque-jour')) as string;
    const socket = await connect(token);
    expect((await post('/api/auth/password', token, { current: 'wrong-password', next: 'nouveau-mot-de-passe' })).status).toBe(400);
    expect((await post('/api/auth/password', token, { current: 'ouverture-9h-chaque-jour', next: 'court' })).status).toBe(400);
    expect(await works(token)).toBe(200);
    expect((await post('/api/auth/password', token, { current: 'ouverture-9h-chaque-jour', next: 'nouveau-mot-de-passe' })).status).toBe(204);
    expect(await works(token)).toBe(401);
    expect(await works(other)).toBe(401);
    await eventually(() => expect(socket.connected).toBe(false));
    expect(await login('anne@example.org', 'ouverture-9h-chaque-jour')).toBe(401);
    expect(await works((await login('anne@example.org', 'nouveau-mot-de-passe')) as string)).toBe(200);
  });

  it('logs out the presented token only', async () => {
    const { token } = await newStaff('bruno@example.org');
    const other = (await login('bruno@example.org', 'ouverture-9h-chaque-jour')) as string;
    const socket = await connect(token);
    expect((await post('/api/auth/logout', token)).status).toBe(204);
    expect(await works(token)).toBe(401);
    expect(await works(other)).toBe(200);
    await eventually(() => expect(socket.connected).toBe(false));
  });

  it('refresh gives a new token and retires the old one, which cannot be refreshed again', async () => {
    const { token } = await newStaff('chloe@example.org');
    const refreshed = await post('/api/auth/refresh', token);
    expect(refreshed.status).toBe(200);
    const next = (await json(refreshed)).token as string;
    expect(await works(next)).toBe(200);
    expect(await works(token)).toBe(401);
    expect((await post('/api/auth/refresh', token)).status).toBe(401);
  });

  it('disables an account: its tokens and socket stop at once, it cannot sign in until enabled', async () => {
    const { id, token } = await newStaff('david@example.org');
    const socket = await connect(token);
    const disabled = await post(`/api/accounts/${id}/disable`, managerToken);
    expect(disabled.status).toBe(200);
    expect(await json(disabled)).toMatchObject({ id, disabled: true });
    expect(await works(token)).toBe(401);
    await eventually(() => expect(socket.connected).toBe(false));
    expect(await login('david@example.org', 'ouverture-9h-chaque-jour')).toBe(401);
    expect((await post(`/api/accounts/${id}/enable`, managerToken)).status).toBe(200);
    expect(await works((await login('david@example.org', 'ouverture-9h-chaque-jour')) as string)).toBe(200);
  });

  it('refuses to disable one’s own account, and an unknown one', async () => {
    const accounts = await json(await fetch(`${cantine.baseUrl}/api/accounts`, { headers: { authorization: `Bearer ${managerToken}` } }));
    const self = accounts.find((account: { email: string }) => account.email === 'manager@example.org');
    expect((await post(`/api/accounts/${self.id}/disable`, managerToken)).status).toBe(409);
    expect((await post('/api/accounts/no-such-account/disable', managerToken)).status).toBe(404);
    expect((await post('/api/accounts/no-such-account/reset-password', managerToken)).status).toBe(404);
  });

  it('resets another account’s password: shown once, the old sessions end', async () => {
    const { id, token } = await newStaff('emma@example.org');
    const reset = await post(`/api/accounts/${id}/reset-password`, managerToken);
    expect(reset.status).toBe(200);
    const { password } = await json(reset);
    expect(password).toMatch(/^[A-Za-z0-9_-]{20}$/);
    expect(await works(token)).toBe(401);
    expect(await login('emma@example.org', 'ouverture-9h-chaque-jour')).toBe(401);
    expect(await works((await login('emma@example.org', password)) as string)).toBe(200);
  });

  it('refuses the token of an account that no longer exists', async () => {
    const { id, token } = await newStaff('gone@example.org');
    expect(await works(token)).toBe(200);
    await cantine.app.get(DataSource).query('DELETE FROM "manager" WHERE "id" = ?', [id]);
    expect(await works(token)).toBe(401);
  });
});

describe('a /manager socket whose account another process changed', () => {
  let cantine: TestCantine;
  beforeAll(async () => {
    cantine = await startTestCantine();
  });
  afterAll(() => cantine.dispose());

  it('is cut by the periodic re-check (npm run reset-password, another instance)', async () => {
    const login = async (email: string, password: string) =>
      (await json(await fetch(`${cantine.baseUrl}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password }) }))).token as string;
    const token = await login('manager@example.org', 'correct horse battery');
    const socket = io(`${cantine.baseUrl}/manager`, { auth: { token }, transports: ['websocket'], reconnection: false, forceNew: true });
    try {
      const rooms = (cantine.app.get(ManagerGateway) as unknown as {
        namespace: { adapter: { rooms: Map<string, Set<string>> } };
      }).namespace.adapter.rooms;
      await eventually(() => expect(socket.connected && rooms.get('managers')?.has(socket.id!)).toBe(true));
      // What the command does: a raised token version, straight in the database, no event in this process.
      await cantine.app.get(DataSource).query(`UPDATE "manager" SET "token_version" = "token_version" + 1 WHERE "email" = 'manager@example.org'`);
      await eventually(() => expect(socket.connected).toBe(false), 10_000);
    } finally {
      socket.close();
    }
  });
});

describe('a /manager socket whose token expires', () => {
  let cantine: TestCantine;
  beforeAll(async () => {
    cantine = await startTestCantine({ TOKEN_TTL_HOURS: '0.001' }); // 4 s
  });
  afterAll(() => cantine.dispose());

  it('is disconnected', async () => {
    const response = await fetch(`${cantine.baseUrl}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'manager@example.org', password: 'correct horse battery' }) });
    const { token } = await json(response);
    const socket = io(`${cantine.baseUrl}/manager`, { auth: { token }, transports: ['websocket'], reconnection: false, forceNew: true });
    try {
      await eventually(() => expect(socket.connected).toBe(true));
      await eventually(() => expect(socket.connected).toBe(false), 10_000);
    } finally {
      socket.close();
    }
  });
});
