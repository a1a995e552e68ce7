// The whole service on embedded defaults: it boots, is healthy, serves the demo site, logs in.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { json, managerHeaders, startTestCantine, type TestCantine } from '../support/app.js';

describe('Cantine on embedded defaults', () => {
  let cantine: TestCantine;
  const get = (path: string, headers: Record<string, string> = {}) => fetch(`${cantine.baseUrl}${path}`, { headers });
  const post = (path: string, body: string, headers: Record<string, string> = { 'content-type': 'application/json' }) =>
    fetch(`${cantine.baseUrl}${path}`, { method: 'POST', body, headers });

  beforeAll(async () => {
    cantine = await startTestCantine();
  });
  afterAll(() => cantine.dispose());

  it('is healthy, with every check up', async () => {
    const response = await get('/health');
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ status: 'ok', checks: { database: 'up', broker: 'up', timeseries: 'up' } });
  });

  it('says which engines run and where everything is in its ready line', () => {
    expect(cantine.readyLine).toContain(`${cantine.baseUrl}/wall/`);
    expect(cantine.readyLine).toContain(`${cantine.baseUrl}/dashboard/`);
    expect(cantine.readyLine).toContain(`${cantine.baseUrl}/api/docs`);
    expect(cantine.readyLine).toContain(`mqtt://127.0.0.1:${cantine.mqttPort}`);
    expect(cantine.readyLine).toMatch(/broker embedded.*database embedded \(SQLite\).*time series embedded/);
  });

  it('serves the demo site layout, public and without personal data', async () => {
    const response = await get('/api/sites/quimper');
    expect(response.status).toBe(200);
    const site = await json(response);
    expect(site).toMatchObject({ id: 'quimper', timezone: 'Europe/Paris' });
    expect(site.hours.monday).toEqual([{ open: '09:00', close: '17:00' }]);
    expect(site.zones.map((zone: { id: string }) => zone.id)).toEqual(['hall', 'open-space', 'event-room', 'meeting-room']);
    expect(site.doors).toContainEqual({ id: 'entrance', name: 'Entrée', zone: 'hall' });
    expect(site.desks).toHaveLength(24);
    expect(site.desks[0]).toEqual({ id: 'desk-01', label: '1', zone: 'open-space', x: 360, y: 120 });
  });

  it('lists the 24 demo seats, each with a state and since', async () => {
    const seats = await json(await get('/api/sites/quimper/seats'));
    expect(seats.total).toBe(24);
    expect(seats.free + seats.occupied + seats.offline).toBe(24);
    expect(seats.desks).toHaveLength(24);
    for (const desk of seats.desks) {
      // Nothing personal: the contract's fields, plus `uncovered: true` on a desk no sensor has spoken for (additive).
      const { uncovered, ...fields } = desk;
      expect(Object.keys(fields).sort()).toEqual(['id', 'label', 'since', 'state', 'zone']);
      expect([undefined, true]).toContain(uncovered);
      expect(['free', 'occupied', 'offline']).toContain(desk.state);
      expect(Number.isNaN(Date.parse(desk.since))).toBe(false);
    }
  });

  it('answers 404 with a stable error body for an unknown site', async () => {
    const response = await get('/api/sites/nowhere');
    expect(response.status).toBe(404);
    const body = await json(response);
    expect(body).toMatchObject({ message: 'Site inconnu « nowhere »' });
    expect(body.correlationId).toMatch(/\S+/);
  });

  // French UI by default, errors too: an unknown id is named in French whatever the route.
  const nobody = '0b9e7a42-6d1f-4c3e-9a57-2f1d8c4b6e10';
  it.each([
    ['GET', '/api/sites/nowhere/seats', 'Site inconnu « nowhere »'],
    ['POST', '/api/doors/quimper/cellar/unlock', 'Porte inconnue « cellar » sur le site « quimper »'],
    ['POST', '/api/readers/quimper/reader-nowhere/enrolment', 'Aucun lecteur « reader-nowhere » sur le site « quimper »'],
    ['GET', `/api/members/${nobody}/export`, `Membre inconnu « ${nobody} »`],
    ['DELETE', `/api/members/${nobody}`, `Membre inconnu « ${nobody} »`],
  ])('answers %s %s with a 404 in French', async (method, path, message) => {
    const body = method === 'POST' ? JSON.stringify({ memberId: nobody }) : undefined;
    const response = await fetch(`${cantine.baseUrl}${path}`, { method, body, headers: { ...(await managerHeaders(cantine.baseUrl)), 'content-type': 'application/json' } });
    expect(response.status).toBe(404);
    expect(await json(response)).toMatchObject({ message });
  });

  it('logs the first manager in, and refuses a wrong password with 401', async () => {
    expect(await managerHeaders(cantine.baseUrl)).toHaveProperty('authorization');
    const wrong = await post('/api/auth/login', JSON.stringify({ email: 'manager@example.org', password: 'nope' }));
    expect(wrong.status).toBe(401);
    expect(await json(wrong)).toMatchObject({ message: 'E-mail ou mot de passe incorrect' });
  });

  it.each([
    ['an empty body', '', 'email'],
    ['a missing password', '{"email":"manager@example.org"}', 'password'],
    ['a number as email', '{"email":42,"password":"x"}', 'email'],
  ])('answers 400 naming the field for %s', async (_case, body, field) => {
    const response = await post('/api/auth/login', body);
    expect(response.status).toBe(400);
    const error = await json(response);
    expect(error.errors.map((e: { field: string }) => e.field)).toContain(field);
  });

  it('answers 400, not 500, for a body that is not JSON or is too large', async () => {
    expect((await post('/api/auth/login', '{bad')).status).toBe(400);
    expect((await post('/api/auth/login', JSON.stringify({ email: 'x'.repeat(200_000), password: 'y' }))).status).toBe(413);
  });

  // French UI by default, errors too: the refusals made before any controller speaks French as well.
  it.each<[string, () => Promise<Response>, number, object]>([
    ['a body that is not JSON', () => post('/api/auth/login', '{bad'), 400, { message: 'Le corps de la requête n’est pas du JSON valide' }],
    ['a body too large', () => post('/api/auth/login', JSON.stringify({ email: 'x'.repeat(200_000), password: 'y' })), 413, { message: 'Le corps de la requête est trop volumineux' }],
    ['a route nobody declares', () => get('/api/nowhere?x=1'), 404, { message: 'Route inconnue : GET /api/nowhere?x=1' }],
    [
      'a page size that is no number',
      async () => get('/api/members?limit=dix', await managerHeaders(cantine.baseUrl)),
      400,
      { message: 'Champ invalide : limit', errors: [{ field: 'limit', message: 'nombre attendu' }] },
    ],
  ])('answers %s in French', async (_case, send, status, body) => {
    const response = await send();
    expect(response.status).toBe(status);
    expect(await json(response)).toMatchObject(body);
  });

  it('sends security headers, and a strict Content-Security-Policy on the pages', async () => {
    const api = await get('/api/sites/quimper');
    expect(api.headers.get('x-content-type-options')).toBe('nosniff');
    expect(api.headers.get('referrer-policy')).toBe('no-referrer');
    expect(api.headers.get('x-powered-by')).toBeNull();
    const page = await get('/wall/');
    expect(page.headers.get('content-security-policy')).toMatch(/default-src 'self'.*script-src 'self'/);
    expect(page.headers.get('x-frame-options')).toBe('SAMEORIGIN');
  });

  it('prints the information notice to post by the readers, with the configured retention', async () => {
    const response = await get('/api/sites/quimper/notice');
    expect(response.headers.get('content-type')).toMatch(/text\/html/);
    const html = await response.text();
    expect(html).toContain('Association La Cantine numérique de Quimper');
    expect(html).toContain('effacé au bout de 92 jours');
    expect(html).toContain('CNIL');
    expect(await (await get('/api/sites/quimper/notice?lang=en')).text()).toContain('erased after 92 days');
  });

  it('publishes the OpenAPI document', async () => {
    const response = await get('/api/docs.json');
    expect(response.status).toBe(200);
    const document = await json(response);
    expect(Object.keys(document.paths)).toEqual(expect.arrayContaining(['/health', '/api/auth/login', '/api/sites/{site}', '/api/sites/{site}/seats']));
  });

  it('refuses MQTT clients without valid credentials', async () => {
    const mqtt = await import('mqtt');
    const attempt = mqtt.connectAsync(`mqtt://127.0.0.1:${cantine.mqttPort}`, { username: 'intruder', password: 'x', reconnectPeriod: 0, connectTimeout: 3000 });
    await expect(attempt).rejects.toThrow(/Bad username or password|Not authorized/i);
  });
});
