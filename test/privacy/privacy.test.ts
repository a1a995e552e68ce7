// Members' rights: a manager exports everything held about a member, and erases them: their badges
// stop opening at once, the access log forgets who they were, the accounts stay anonymous.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { at, badgeIn, captureAnswers, MONDAY, type Answered } from '../access/helpers.js';
import { json, managerHeaders, startTestCantine, type TestCantine } from '../support/app.js';

describe('member data export and erasure (GDPR)', () => {
  let cantine: TestCantine;
  let headers: Record<string, string>;
  let answers: Answered[];
  let memberId: string;
  const api = (path: string, init: RequestInit = {}) => fetch(`${cantine.baseUrl}${path}`, { headers, ...init });

  beforeAll(async () => {
    cantine = await startTestCantine();
    headers = await managerHeaders(cantine.baseUrl);
    answers = captureAnswers(cantine);
    const created = await json(await api('/api/members', { method: 'POST', body: JSON.stringify({ name: 'Anne Le Goff', email: 'anne@example.org', adherent: true }) }));
    memberId = created.id;
    expect((await api(`/api/members/${memberId}/badges`, { method: 'POST', body: JSON.stringify({ uid: '04:A2:24:B2:C3:1F:80' }) })).status).toBe(201);
    expect((await api(`/api/members/${memberId}/passes`, { method: 'POST', body: JSON.stringify({ type: 'day', validFrom: MONDAY }) })).status).toBe(201);
    expect(badgeIn(cantine, answers, { uid: '04A224B2C31F80', at: at('09:30') })).toMatchObject({ granted: true, reason: 'day' });
  });
  afterAll(() => cantine.dispose());

  it('exports the member, their badges, passes with the days taken, and their access log', async () => {
    const response = await api(`/api/members/${memberId}/export`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-disposition')).toMatch(/attachment/);
    const data = await json(response);
    expect(data.member).toMatchObject({ id: memberId, name: 'Anne Le Goff', email: 'anne@example.org' });
    expect(data.badges).toEqual([expect.objectContaining({ uid: '04A224B2C31F80', status: 'active' })]);
    expect(data.passes).toEqual([expect.objectContaining({ type: 'day', usedOn: [MONDAY] })]);
    expect(data.accessEvents).toEqual([expect.objectContaining({ door: 'entrance', granted: true, reason: 'day' })]);
  });

  it('erases them: badge refused as unknown from the next badge-in, no name or UID left in the access log', async () => {
    const response = await api(`/api/members/${memberId}`, { method: 'DELETE' });
    expect(response.status).toBe(200);
    expect(await json(response)).toEqual({ badges: 1, accessEvents: 1 });
    const log = await json(await api(`/api/access-events?site=quimper&from=${MONDAY}T00:00:00Z&to=${MONDAY}T23:59:59Z`));
    expect(log).toHaveLength(1);
    const text = JSON.stringify(log);
    expect(text).not.toContain('Anne');
    expect(text).not.toContain('04A224B2C31F80');
    expect(text).not.toContain(memberId);
    // From now on the card is a stranger's: refused, and logged as any unknown badge is.
    expect(badgeIn(cantine, answers, { uid: '04A224B2C31F80', at: at('10:30') })).toMatchObject({ granted: false, reason: 'unknown-badge' });
  });

  it('keeps the accounts, anonymous: the pass and its day are still there', async () => {
    const data = await json(await api(`/api/members/${memberId}/export`));
    expect(data.member).toMatchObject({ name: 'Membre effacé', active: false });
    expect(data.member.email).not.toContain('anne');
    expect(data.badges).toEqual([]);
    expect(data.passes).toEqual([expect.objectContaining({ type: 'day', usedOn: [MONDAY] })]);
  });

  it('answers 404 for an unknown member and 401 without a manager token', async () => {
    expect((await api('/api/members/nobody/export')).status).toBe(404);
    expect((await api('/api/members/nobody', { method: 'DELETE' })).status).toBe(404);
    expect((await fetch(`${cantine.baseUrl}/api/members/${memberId}/export`)).status).toBe(401);
  });
});
