// The manager API for members, badges and passes (contract §3): statuses, validation, views.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestCantine, type TestCantine } from '../support/app.js';
import { api } from './helpers.js';

describe.shuffle('members, badges and passes API', () => {
  let cantine: TestCantine;
  let manager: Awaited<ReturnType<typeof api>>;

  beforeAll(async () => {
    cantine = await startTestCantine();
    manager = await api(cantine);
  });
  afterAll(() => cantine.dispose());

  it('creates a member (201 {id}) and shows it in the list and on its own', async () => {
    const created = await manager.post('/api/members', { name: 'Anne Le Goff', email: 'Anne@Example.org', adherent: true });
    expect(created.status).toBe(201);
    const { id } = created.body as { id: string };
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    const one = await manager.get(`/api/members/${id}`);
    expect(one.status).toBe(200);
    expect(one.body).toMatchObject({ id, name: 'Anne Le Goff', email: 'anne@example.org', adherent: true, active: true, badges: [], passes: [] });
    const list = await manager.get('/api/members');
    expect((list.body as Array<{ id: string }>).map((m) => m.id)).toContain(id);
  });

  it.each([
    ['no name', { email: 'a@example.org', adherent: true }, 'name'],
    ['a bad email', { name: 'A', email: 'not-an-email', adherent: true }, 'email'],
    ['adherent as text', { name: 'A', email: 'a@example.org', adherent: 'yes' }, 'adherent'],
  ])('answers 400 naming the field for a member with %s', async (_case, body, field) => {
    const response = await manager.post('/api/members', body);
    expect(response.status).toBe(400);
    expect((response.body as { errors: Array<{ field: string }> }).errors.map((e) => e.field)).toContain(field);
  });

  it('refuses every members route without a manager token (401)', async () => {
    for (const [method, path] of [['GET', '/api/members'], ['POST', '/api/members'], ['POST', '/api/badges/04A224B2/revoke'], ['GET', '/api/access-events'], ['GET', '/api/statements?month=2026-03']]) {
      const response = await fetch(`${cantine.baseUrl}${path}`, { method, headers: { 'content-type': 'application/json' }, ...(method === 'POST' ? { body: '{}' } : {}) });
      expect(response.status, `${method} ${path}`).toBe(401);
    }
  });

  it('answers 404 for an unknown member on every member route', async () => {
    const unknown = '00000000-0000-4000-8000-000000000000';
    expect((await manager.get(`/api/members/${unknown}`)).status).toBe(404);
    expect((await manager.get(`/api/members/${unknown}/passes`)).status).toBe(404);
    expect((await manager.post(`/api/members/${unknown}/badges`, { uid: '04A224B2' })).status).toBe(404);
    expect((await manager.post(`/api/members/${unknown}/passes`, { type: 'day' })).status).toBe(404);
    expect((await manager.get(`/api/members/${unknown}/statement?month=2026-03`)).status).toBe(404);
  });

  it('normalises a badge UID, and refuses it to another member while the badge is active (409)', async () => {
    const anne = await manager.member('Anne Badge', null);
    const yann = await manager.member('Yann Badge', null);
    const added = await manager.post(`/api/members/${anne}/badges`, { uid: '04:a2:24:b2:c3:1f:81' });
    expect(added.status).toBe(201);
    expect(added.body).toMatchObject({ memberId: anne, uid: '04A224B2C31F81', status: 'active' });
    const taken = await manager.post(`/api/members/${yann}/badges`, { uid: '04a224b2c31f81' });
    expect(taken.status).toBe(409);
    expect((await manager.post('/api/badges/04-A2-24-B2-C3-1F-81/revoke')).status).toBe(200);
    expect((await manager.post(`/api/members/${yann}/badges`, { uid: '04A224B2C31F81' })).status).toBe(201);
    const badges = ((await manager.get(`/api/members/${anne}`)).body as { badges: Array<{ status: string; revokedAt?: string }> }).badges;
    expect(badges).toMatchObject([{ uid: '04A224B2C31F81', status: 'revoked', revokedAt: expect.any(String) }]);
  });

  it('answers 400 naming uid for something that is not a UID, 404 revoking a UID no active badge holds', async () => {
    const anne = await manager.member('Anne Uid', null);
    const bad = await manager.post(`/api/members/${anne}/badges`, { uid: 'hello' });
    expect(bad.status).toBe(400);
    expect((bad.body as { errors: Array<{ field: string }> }).errors[0]!.field).toBe('uid');
    expect((await manager.post('/api/badges/0A0B0C0D/revoke')).status).toBe(404);
  });

  it.each([
    ['an unknown type', { type: 'week' }, 'type'],
    ['a carnet without credits', { type: 'carnet' }, 'credits'],
    ['credits on a day pass', { type: 'day', credits: 3 }, 'credits'],
    ['an event without its window', { type: 'event', validFrom: '2026-03-14T18:00:00+01:00' }, 'validUntil'],
    ['an event with bare dates', { type: 'event', validFrom: '2026-03-14', validUntil: '2026-03-15' }, 'validFrom'],
    ['an event ending before it starts', { type: 'event', validFrom: '2026-03-14T18:00:00+01:00', validUntil: '2026-03-14T17:00:00+01:00' }, 'validUntil'],
    ['a subscription with a time as date', { type: 'subscription', validFrom: '2026-03-01T00:00:00Z' }, 'validFrom'],
    ['a subscription ending before it starts', { type: 'subscription', validFrom: '2026-03-10', validUntil: '2026-03-01' }, 'validUntil'],
    ['an impossible date', { type: 'day', validFrom: '2026-02-30' }, 'validFrom'],
    ['an unknown zone', { type: 'day', zones: ['rooftop'] }, 'zones'],
  ])('answers 400 naming the field for a pass with %s', async (_case, body, field) => {
    const anne = await manager.member(`Anne ${field}`, null);
    const response = await manager.post(`/api/members/${anne}/passes`, body);
    expect(response.status).toBe(400);
    expect((response.body as { errors: Array<{ field: string }> }).errors.map((e) => e.field)).toContain(field);
  });

  it('sells passes with the contract defaults and lists them with validity and what remains', async () => {
    const anne = await manager.member('Anne Passes', null);
    const sell = async (body: object) => {
      const response = await manager.post(`/api/members/${anne}/passes`, body);
      expect(response.status).toBe(201);
      return (response.body as { id: string }).id;
    };
    const carnet = await sell({ type: 'carnet', credits: 10 });
    const event = await sell({ type: 'event', validFrom: '2026-03-14T18:00:00+01:00', validUntil: '2026-03-14T23:00:00+01:00', title: 'Soirée jeux' });
    const staff = await sell({ type: 'staff' });
    const day = await sell({ type: 'day', zones: ['hall'] });
    const passes = (await manager.get(`/api/members/${anne}/passes`)).body as Array<Record<string, unknown>>;
    const byId = new Map(passes.map((p) => [p['id'], p]));
    expect(byId.get(carnet)).toMatchObject({ type: 'carnet', credits: 10, remaining: 10, usedOn: [], zones: ['hall', 'open-space', 'meeting-room'], soldOn: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/) });
    expect(byId.get(event)).toMatchObject({ type: 'event', validFrom: '2026-03-14T18:00:00+01:00', validUntil: '2026-03-14T23:00:00+01:00', zones: ['hall', 'event-room'], title: 'Soirée jeux', remaining: null });
    expect(byId.get(staff)).toMatchObject({ type: 'staff', zones: ['*'], remaining: null });
    expect(byId.get(day)).toMatchObject({ type: 'day', zones: ['hall'], remaining: 1 });
  });

  it('starts a subscription today when no validFrom is given, and counts its opening days left', async () => {
    const anne = await manager.member('Anne Subscription', null);
    await manager.post(`/api/members/${anne}/passes`, { type: 'subscription', validFrom: '2000-01-03', validUntil: '2000-01-07' });
    const open = await manager.post(`/api/members/${anne}/passes`, { type: 'subscription' });
    expect(open.status).toBe(201);
    const passes = (await manager.get(`/api/members/${anne}/passes`)).body as Array<Record<string, unknown>>;
    expect(passes[0]).toMatchObject({ type: 'subscription', validFrom: '2000-01-03', validUntil: '2000-01-07', remaining: 0 });
    const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris' }).format(new Date());
    expect(passes[1]).toMatchObject({ type: 'subscription', validFrom: today, remaining: null });
  });

  // French UI by default, errors too: what the dashboard (or a script) reads, word for word.
  it.each<[string, (anne: string) => [string, unknown?], number, object]>([
    ['an unknown member', () => ['/api/members/0b9e7a42-6d1f-4c3e-9a57-2f1d8c4b6e10/passes', { type: 'day' }], 404, { message: 'Membre inconnu « 0b9e7a42-6d1f-4c3e-9a57-2f1d8c4b6e10 »' }],
    ['revoking a UID no badge holds', () => ['/api/badges/0A0B0C0E/revoke'], 404, { message: 'Aucun badge actif n’a l’UID 0A0B0C0E' }],
    [
      'a UID of 5 bytes',
      (anne) => [`/api/members/${anne}/badges`, { uid: '0A0B0C0D0E' }],
      400,
      { message: 'Champ invalide : uid (pas un UID NFC : un UID NFC fait 4, 7 ou 10 octets)', errors: [{ field: 'uid', message: 'pas un UID NFC : un UID NFC fait 4, 7 ou 10 octets' }] },
    ],
    ['a UID another badge holds', (anne) => [`/api/members/${anne}/badges`, { uid: '0A0B0C0F' }], 409, { message: 'L’UID 0A0B0C0F est déjà celui d’un badge actif' }],
    [
      'unknown zones',
      (anne) => [`/api/members/${anne}/passes`, { type: 'day', zones: ['cave', 'grenier'] }],
      400,
      { message: 'Champ invalide : zones (zones inconnues : « cave », « grenier »)', errors: [{ field: 'zones', message: 'zones inconnues : « cave », « grenier »' }] },
    ],
  ])('answers %s in French', async (_case, request, status, body) => {
    await manager.member('Yann Holder', '0A0B0C0F').catch(() => undefined);
    const anne = await manager.member('Anne French', null);
    const [path, sent] = request(anne);
    const response = await manager.post(path, sent);
    expect(response.status).toBe(status);
    expect(response.body).toMatchObject(body);
  });
});
