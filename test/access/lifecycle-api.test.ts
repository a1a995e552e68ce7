// Contract §7 through HTTP: editing members (unique e-mails, audit) and ending, cancelling and
// correcting passes (400 naming the field, 404, 409), with the doors following at once.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startTestCantine, type TestCantine } from '../support/app.js';
import { api, at, badgeIn, captureAnswers, setClock, type Answered } from './helpers.js';

type Body = { errors?: Array<{ field: string }>; [key: string]: unknown };

// Each test starts its own service with Anne (badged) and Yann: none reads what another edited.
describe.shuffle('member edits and pass lifecycle API', () => {
  let cantine: TestCantine;
  let manager: Awaited<ReturnType<typeof api>>;
  let answers: Answered[];
  let anne: string;
  let yann: string;
  const field = (response: { body?: unknown }) => (response.body as Body).errors?.[0]?.field;
  const sell = async (member: string, body: object) => ((await manager.post(`/api/members/${member}/passes`, body)).body as { id: string }).id;

  beforeEach(async () => {
    cantine = await startTestCantine();
    manager = await api(cantine);
    answers = captureAnswers(cantine);
    setClock(cantine, at('08:00', '2026-03-02'));
    anne = ((await manager.post('/api/members', { name: 'Anne Le Goff', email: 'anne@example.org', adherent: true })).body as { id: string }).id;
    yann = ((await manager.post('/api/members', { name: 'Yann', email: 'yann@example.org', adherent: false })).body as { id: string }).id;
    await manager.post(`/api/members/${anne}/badges`, { uid: '04A224B2C31F80' });
  });
  afterEach(() => cantine.dispose());

  it('edits name, e-mail and adherent status, and keeps who changed what', async () => {
    setClock(cantine, at('09:00', '2026-03-03'));
    const response = await manager.patch(`/api/members/${yann}`, { name: 'Yann Kerhervé', email: 'Yann.K@Example.org', adherent: true });
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ id: yann, name: 'Yann Kerhervé', email: 'yann.k@example.org', adherent: true });
    expect((await manager.get(`/api/members/${yann}`)).body).toMatchObject({ name: 'Yann Kerhervé', email: 'yann.k@example.org', adherent: true });
    const history = (await manager.get(`/api/members/${yann}/history`)).body as { member: unknown[] };
    expect(history.member).toEqual([{
      at: '2026-03-03T08:00:00.000Z', accountId: expect.any(String),
      before: { name: 'Yann', email: 'yann@example.org', adherent: false }, after: { name: 'Yann Kerhervé', email: 'yann.k@example.org', adherent: true },
    }]);
  });

  it('answers 409 naming email when another member holds it, at creation and at an edit', async () => {
    const created = await manager.post('/api/members', { name: 'Anne bis', email: 'ANNE@example.org', adherent: true });
    expect(created.status).toBe(409);
    expect(field(created)).toBe('email');
    const edited = await manager.patch(`/api/members/${yann}`, { email: 'Anne@Example.org' });
    expect(edited.status).toBe(409);
    expect(field(edited)).toBe('email');
    expect((await manager.patch(`/api/members/${anne}`, { email: 'ANNE@example.org' })).status).toBe(200); // its own, in another case
  });

  it.each([
    ['a bad e-mail', { email: 'not-an-email' }, 'email'],
    ['an empty name', { name: ' ' }, 'name'],
    ['adherent as text', { adherent: 'yes' }, 'adherent'],
    ['an unknown field', { phone: '0298' }, 'phone'],
  ])('answers 400 naming the field for %s', async (_case, body, name) => {
    const response = await manager.patch(`/api/members/${anne}`, body);
    expect(response.status).toBe(400);
    expect(field(response)).toBe(name);
  });

  it('answers 404 for an unknown member or pass', async () => {
    expect((await manager.patch('/api/members/no-such-id', { name: 'X' })).status).toBe(404);
    expect((await manager.patch('/api/passes/no-such-id', { credits: 3 })).status).toBe(404);
    expect((await manager.post('/api/passes/no-such-id/end', { on: '2026-03-20' })).status).toBe(404);
    expect((await manager.post('/api/passes/no-such-id/cancel', { reason: 'x', refund: false })).status).toBe(404);
  });

  it('ends a subscription: valid through that day, refused after, 409 to end it later', async () => {
    setClock(cantine, at('08:00', '2026-03-02'));
    const pass = await sell(anne, { type: 'subscription', validFrom: '2026-03-02' });
    const ended = await manager.post(`/api/passes/${pass}/end`, { on: '2026-03-04' });
    expect(ended.status).toBe(200);
    expect(ended.body).toMatchObject({ id: pass, validUntil: '2026-03-04' });
    expect(badgeIn(cantine, answers, { uid: '04A224B2C31F80', at: at('10:00', '2026-03-04') })).toMatchObject({ granted: true });
    expect(badgeIn(cantine, answers, { uid: '04A224B2C31F80', at: at('10:00', '2026-03-05') })).toMatchObject({ granted: false, reason: 'no-valid-pass' });
    expect((await manager.post(`/api/passes/${pass}/end`, { on: '2026-03-10' })).status).toBe(409);
    const early = await manager.post(`/api/passes/${pass}/end`, { on: '2026-03-01' });
    expect([early.status, field(early)]).toEqual([400, 'on']);
    const bad = await manager.post(`/api/passes/${pass}/end`, { on: '4 mars' });
    expect([bad.status, field(bad)]).toEqual([400, 'on']);
  });

  it('cancels a carnet with a refund: refused at once, 409 for any later change, refund in the statement', async () => {
    setClock(cantine, at('08:00', '2026-03-02'));
    const pass = await sell(anne, { type: 'carnet', credits: 10 });
    expect(badgeIn(cantine, answers, { uid: '04A224B2C31F80', at: at('10:00', '2026-03-09') })).toMatchObject({ granted: true, reason: 'carnet' });
    setClock(cantine, at('11:00', '2026-03-09'));
    const missing = await manager.post(`/api/passes/${pass}/cancel`, { refund: true });
    expect([missing.status, field(missing)]).toEqual([400, 'reason']);
    const cancelled = await manager.post(`/api/passes/${pass}/cancel`, { reason: 'part à Brest', refund: true });
    expect(cancelled.status).toBe(200);
    expect(cancelled.body).toMatchObject({ id: pass, cancelledOn: '2026-03-09', refund: true, refundCents: 7200, remaining: 0 });
    expect(badgeIn(cantine, answers, { uid: '04A224B2C31F80', at: at('14:00', '2026-03-09') })).toMatchObject({ granted: false });
    expect((await manager.post(`/api/passes/${pass}/cancel`, { reason: 'encore', refund: true })).status).toBe(409);
    expect((await manager.patch(`/api/passes/${pass}`, { credits: 12 })).status).toBe(409);
    const statement = (await manager.get(`/api/members/${anne}/statement?month=2026-03`)).body as { lines: Array<{ label: string; amountCents: number }> };
    expect(statement.lines.map((l) => [l.label, l.amountCents])).toContainEqual(['Remboursement', -7200]);
  });

  it('corrects credits and dates, 400 naming the field when they do not fit the pass', async () => {
    const carnet = await sell(yann, { type: 'carnet', credits: 10 });
    expect((await manager.patch(`/api/passes/${carnet}`, { credits: 12 })).body).toMatchObject({ credits: 12, remaining: 12 });
    const day = await sell(yann, { type: 'day' });
    const credits = await manager.patch(`/api/passes/${day}`, { credits: 3 });
    expect([credits.status, field(credits)]).toEqual([400, 'credits']);
    const subscription = await sell(yann, { type: 'subscription', validFrom: '2026-03-01', validUntil: '2026-05-31' });
    setClock(cantine, at('12:00', '2026-03-09'));
    const inverted = await manager.patch(`/api/passes/${subscription}`, { validUntil: '2026-02-01' });
    expect([inverted.status, field(inverted)]).toEqual([400, 'validUntil']);
    expect((await manager.patch(`/api/passes/${subscription}`, { validUntil: '2026-06-30' })).body).toMatchObject({ validUntil: '2026-06-30' });
    const history = (await manager.get(`/api/members/${yann}/history`)).body as { passes: Array<{ kind: string; before: unknown; after: unknown }> };
    expect(history.passes.map((c) => [c.kind, c.before, c.after])).toEqual([
      ['correct', { credits: 10 }, { credits: 12 }],
      ['correct', { validFrom: '2026-03-01', validUntil: '2026-05-31' }, { validFrom: '2026-03-01', validUntil: '2026-06-30' }],
    ]);
  });

  it("revoking a member's last active badge ends their open passes today", async () => {
    setClock(cantine, at('08:00', '2026-03-10'));
    const subscription = await sell(yann, { type: 'subscription', validFrom: '2026-03-10' });
    await manager.post(`/api/members/${yann}/badges`, { uid: '0A0B0C0D' });
    await manager.post(`/api/members/${yann}/badges`, { uid: '0A0B0C0E' });
    await manager.post('/api/badges/0A0B0C0D/revoke');
    const passes = async () => (await manager.get(`/api/members/${yann}/passes`)).body as Array<{ id: string; validUntil?: string }>;
    expect((await passes()).find((p) => p.id === subscription)?.validUntil).toBeUndefined(); // another badge is still active
    await manager.post('/api/badges/0A0B0C0E/revoke');
    expect((await passes()).find((p) => p.id === subscription)?.validUntil).toBe('2026-03-10');
  });

  it('a lost badge revoked with keepPasses keeps the passes going until the new one is enrolled', async () => {
    setClock(cantine, at('08:00', '2026-03-10'));
    const bob = ((await manager.post('/api/members', { name: 'Bob', email: 'bob@example.org', adherent: true })).body as { id: string }).id;
    const subscription = await sell(bob, { type: 'subscription', validFrom: '2026-03-10' });
    await manager.post(`/api/members/${bob}/badges`, { uid: '0B0B0B01' });
    const bad = await manager.post('/api/badges/0B0B0B01/revoke', { keepPasses: 'yes' });
    expect([bad.status, field(bad)]).toEqual([400, 'keepPasses']);
    expect((await manager.post('/api/badges/0B0B0B01/revoke', { keepPasses: true })).status).toBe(200);
    await manager.post(`/api/members/${bob}/badges`, { uid: '0B0B0B02' });
    const passes = (await manager.get(`/api/members/${bob}/passes`)).body as Array<{ id: string; validUntil?: string }>;
    expect(passes.find((p) => p.id === subscription)?.validUntil).toBeUndefined();
    expect(badgeIn(cantine, answers, { uid: '0B0B0B02', at: at('10:00', '2026-03-11') })).toMatchObject({ granted: true, reason: 'subscription' });
  });
});
