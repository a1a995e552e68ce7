// GET /api/access/events as a client calls it: query strings coerced, defaults, bounds, the cursor
// of X-Next-Cursor, and the 400's field names.
import { describe, expect, it } from 'vitest';
import { AccessEventsQuerySchema, EnrolmentArmSchema, LockdownSchema, encodeAccessCursor } from './access-requests.js';
import { issuesOf, parsed } from './test-fixtures.js';

const ID_MESSAGE = 'de 1 à 64 caractères parmi a-z, 0-9 et -';
const INSTANT_MESSAGE = 'date et heure ISO (2026-03-02T08:00:00Z) ou date AAAA-MM-JJ attendue';
const CURSOR_MESSAGE = 'attendu : l’en-tête X-Next-Cursor de la page précédente';

describe('AccessEventsQuerySchema: defaults and coercions', () => {
  it('gives badge events, 100 a page, when nothing is asked', () => {
    expect(parsed(AccessEventsQuerySchema, {})).toEqual({ kind: 'badge', limit: 100 });
  });

  it.each([
    [{ limit: '1' }, { limit: 1 }],
    [{ limit: '1000' }, { limit: 1000 }],
    [{ granted: 'true' }, { granted: true }],
    [{ granted: 'false' }, { granted: false }],
    [{ kind: 'all' }, { kind: 'all' }],
    [{ kind: 'lockdown' }, { kind: 'lockdown' }],
    [{ site: 'quimper', door: 'entrance', reader: 'reader-1' }, { site: 'quimper', door: 'entrance', reader: 'reader-1' }],
    [{ member: 'x'.repeat(36) }, { member: 'x'.repeat(36) }],
    [{ from: '2026-03-02' }, { from: new Date('2026-03-02T00:00:00.000Z') }],
    [{ from: '2026-03-02T09:00:00+01:00' }, { from: new Date('2026-03-02T08:00:00.000Z') }],
  ])('%j', (query, expected) => {
    expect(parsed(AccessEventsQuerySchema, query)).toEqual({ kind: 'badge', limit: 100, ...expected });
  });
});

describe('AccessEventsQuerySchema: refusals name the parameter', () => {
  it.each([
    [{ limit: '0' }, 'limit: Too small: expected number to be >=1'],
    [{ limit: '1001' }, 'limit: Too big: expected number to be <=1000'],
    [{ limit: '2.5' }, 'limit: Invalid input: expected int, received number'],
    [{ granted: 'yes' }, 'granted: attendu : true ou false'],
    [{ kind: 'everything' }, 'kind: Invalid option: expected one of "all"|"badge"|"alarm"|"unlock"|"lockdown"'],
    [{ site: 'Quimper' }, `site: ${ID_MESSAGE}`],
    [{ door: 'a b' }, `door: ${ID_MESSAGE}`],
    [{ reader: '' }, `reader: ${ID_MESSAGE}`],
    [{ member: '' }, 'member: Too small: expected string to have >=1 characters'],
    [{ member: 'x'.repeat(37) }, 'member: Too big: expected string to have <=36 characters'],
    [{ from: '2026-03-02T08:00:00' }, `from: ${INSTANT_MESSAGE}`],
    [{ to: 'yesterday' }, `to: ${INSTANT_MESSAGE}`],
  ])('%j', (query, issue) => {
    expect(issuesOf(AccessEventsQuerySchema, query)).toEqual([issue]);
  });

  it('wants to after from, to the millisecond', () => {
    expect(issuesOf(AccessEventsQuerySchema, { from: '2026-03-02', to: '2026-03-01' })).toEqual(['to: doit être après from']);
    expect(issuesOf(AccessEventsQuerySchema, { from: '2026-03-02', to: '2026-03-02T01:00:00+01:00' })).toEqual(['to: doit être après from']);
    expect(issuesOf(AccessEventsQuerySchema, { from: '2026-03-02', to: '2026-03-02T00:00:00.001Z' })).toEqual([]);
    expect(issuesOf(AccessEventsQuerySchema, { to: '2026-03-02' })).toEqual([]);
  });
});

describe('the page cursor (X-Next-Cursor, then ?before=)', () => {
  const at = new Date('2026-03-02T08:00:00.000Z');

  it('is base64url text, with no padding, that comes back as it went', () => {
    // This id's base64 has two "/", two "+" and "==" padding: each must become URL-safe.
    const cursor = encodeAccessCursor({ at, id: 'x?xx?xx>xx>x' });
    expect(cursor).toBe('MjAyNi0wMy0wMlQwODowMDowMC4wMDBafHg_eHg_eHg-eHg-eA');
    expect(parsed(AccessEventsQuerySchema, { before: cursor }).before).toEqual({ at, id: 'x?xx?xx>xx>x' });
  });

  it('takes a member UUID as id', () => {
    const id = '0b9e7a42-6d1f-4c3e-9a57-2f1d8c4b6e10';
    expect(parsed(AccessEventsQuerySchema, { before: encodeAccessCursor({ at, id }) }).before).toEqual({ at, id });
  });

  const raw = (text: string) => btoa(text).replace(/=+$/, '');
  it.each([
    ['not base64', '!!!'],
    ['no id', raw('2026-03-02T08:00:00.000Z')],
    ['an empty id', raw('2026-03-02T08:00:00.000Z|')],
    ['a third part', raw('2026-03-02T08:00:00.000Z|a|b')],
    ['an id over 36 characters', raw(`2026-03-02T08:00:00.000Z|${'a'.repeat(37)}`)],
    ['no time', raw('|abc')],
    ['a time that is not one', raw('soon|abc')],
    ['over 200 characters', 'A'.repeat(201)],
  ])('refuses %s', (_, before) => {
    expect(issuesOf(AccessEventsQuerySchema, { before })).toEqual([
      before.length > 200 ? 'before: Too big: expected string to have <=200 characters' : `before: ${CURSOR_MESSAGE}`,
    ]);
  });

  it('takes an id of exactly 36 characters', () => {
    expect(issuesOf(AccessEventsQuerySchema, { before: raw(`2026-03-02T08:00:00.000Z|${'a'.repeat(36)}`) })).toEqual([]);
  });
});

describe('lockdown and enrolment bodies', () => {
  it.each([
    [LockdownSchema, { enabled: true }, []],
    [LockdownSchema, { enabled: 'true' }, ['enabled: Invalid input: expected boolean, received string']],
    [EnrolmentArmSchema, { memberId: 'm1' }, []],
    [EnrolmentArmSchema, { memberId: 'm1', seconds: 5 }, []],
    [EnrolmentArmSchema, { memberId: 'm1', seconds: 300 }, []],
    [EnrolmentArmSchema, { memberId: 'm1', seconds: 4 }, ['seconds: Too small: expected number to be >=5']],
    [EnrolmentArmSchema, { memberId: 'm1', seconds: 301 }, ['seconds: Too big: expected number to be <=300']],
    [EnrolmentArmSchema, { memberId: '' }, ['memberId: Too small: expected string to have >=1 characters']],
  ])('%#: %j', (schema, body, issues) => {
    expect(issuesOf(schema, body)).toEqual(issues);
  });
});
