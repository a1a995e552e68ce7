// The members API's bodies and queries as a client sends them: defaults, trims, bounds, the date
// rules of a pass per type (contract §3), and strict bodies that name a misspelt field.
import { describe, expect, it } from 'vitest';
import {
  BadgeCreateSchema,
  BadgeRevokeSchema,
  MemberCreateSchema,
  MemberPatchSchema,
  MonthQuerySchema,
  PassCancelSchema,
  PassCreateSchema,
  PassEndSchema,
  PassPatchSchema,
  SiteQuerySchema,
  StatementsQuerySchema,
} from './member-requests.js';
import { issuesOf, parsed } from './test-fixtures.js';

const DATE_MESSAGE = 'date attendue (AAAA-MM-JJ)';
const INSTANT_MESSAGE = 'date et heure ISO attendues, avec leur décalage (2026-03-14T18:00:00+01:00)';
const EVENT_DATES = 'obligatoire pour un événement (date et heure ISO)';

describe('PassCreateSchema: local dates for passes, ISO times for events', () => {
  it.each([
    ['a subscription for March', { type: 'subscription', validFrom: '2026-03-01', validUntil: '2026-03-31' }],
    ['a day pass on one date', { type: 'day', validFrom: '2026-03-02', validUntil: '2026-03-02' }],
    ['a day pass with no dates (from today)', { type: 'day' }],
    ['a half-day pass from a date', { type: 'half-day', validFrom: '2026-03-02' }],
    ['a carnet of 10 days', { type: 'carnet', credits: 10 }],
    ['a carnet of 1000 days', { type: 'carnet', credits: 1000 }],
    ['a staff pass everywhere', { type: 'staff', zones: ['*'] }],
    ['a pass for two zones', { type: 'subscription', zones: ['open-space', 'salle-1'] }],
    ['an event with its price', { type: 'event', validFrom: '2026-03-14T18:00:00+01:00', validUntil: '2026-03-14T22:00:00+01:00', price: 0, title: 'Apéro' }],
    // 18:00 in Paris is 17:00 UTC, before 17:30 UTC: times compare as instants, not as text.
    ['an event across offsets', { type: 'event', validFrom: '2026-03-14T18:00:00+01:00', validUntil: '2026-03-14T17:30:00Z' }],
  ])('takes %s', (_, body) => {
    expect(issuesOf(PassCreateSchema, body)).toEqual([]);
  });

  it('trims the title', () => {
    expect(parsed(PassCreateSchema, { type: 'day', title: '  Journée  ' }).title).toBe('Journée');
  });

  it.each([
    ['an event without dates', { type: 'event' }, [`validFrom: ${EVENT_DATES}`, `validUntil: ${EVENT_DATES}`]],
    ['an event without its end', { type: 'event', validFrom: '2026-03-14T18:00:00+01:00' }, [`validUntil: ${EVENT_DATES}`]],
    ['an event on local dates', { type: 'event', validFrom: '2026-03-14', validUntil: '2026-03-15' }, [`validFrom: ${INSTANT_MESSAGE}`, `validUntil: ${INSTANT_MESSAGE}`]],
    ['a subscription on ISO times', { type: 'subscription', validFrom: '2026-03-01T00:00:00Z' }, [`validFrom: ${DATE_MESSAGE}`]],
    ['a subscription ending on a bad date', { type: 'subscription', validUntil: '2026-02-30' }, [`validUntil: ${DATE_MESSAGE}`]],
    [
      'an event ending when it starts',
      { type: 'event', validFrom: '2026-03-14T18:00:00+01:00', validUntil: '2026-03-14T17:00:00Z' },
      ['validUntil: doit être après validFrom'],
    ],
    ['a subscription ending before it starts', { type: 'subscription', validFrom: '2026-03-31', validUntil: '2026-03-01' }, ['validUntil: doit être le même jour que validFrom ou après']],
    ['a carnet without credits', { type: 'carnet' }, ['credits: un carnet indique son nombre de jours (credits)']],
    ['a subscription with credits', { type: 'subscription', credits: 5 }, ['credits: seul un carnet a des jours (credits)']],
    ['a day pass with a price', { type: 'day', price: 1500 }, ['price: seul le prix d’un événement se fixe à la vente ; les autres viennent des tarifs']],
    ['no zone', { type: 'day', zones: [] }, ['zones: Too small: expected array to have >=1 items']],
    ['a zone in capitals', { type: 'day', zones: ['Salle'] }, ['zones.0: de 1 à 64 caractères parmi a-z, 0-9 et -']],
    ['credits 0', { type: 'carnet', credits: 0 }, ['credits: Too small: expected number to be >=1']],
    ['a blank title', { type: 'day', title: '   ' }, ['title: Too small: expected string to have >=1 characters']],
    ['a negative price', { type: 'event', validFrom: '2026-03-14T18:00:00+01:00', validUntil: '2026-03-14T22:00:00+01:00', price: -1 }, ['price: Too small: expected number to be >=0']],
    ['an unknown type', { type: 'year' }, ['type: Invalid option: expected one of "day"|"half-day"|"carnet"|"subscription"|"event"|"staff"']],
  ])('refuses %s', (_, body, issues) => {
    expect(issuesOf(PassCreateSchema, body)).toEqual(issues);
  });
});

describe('member bodies', () => {
  it('trims the name and makes a member a non-adherent by default', () => {
    expect(parsed(MemberCreateSchema, { name: '  Anne Le Gall ', email: 'anne@example.org' })).toEqual({ name: 'Anne Le Gall', email: 'anne@example.org', adherent: false });
  });

  it.each([
    [MemberCreateSchema, { name: ' ', email: 'anne@example.org' }, ['name: Too small: expected string to have >=1 characters']],
    [MemberCreateSchema, { name: 'Anne', email: 'anne' }, ['email: Invalid email address']],
    [MemberPatchSchema, { adherent: true }, []],
    [MemberPatchSchema, { mail: 'anne@example.org' }, ['(root): Unrecognized key: "mail"']],
    [BadgeCreateSchema, { uid: '04A224B2C31F80' }, []],
    [BadgeCreateSchema, { uid: '' }, ['uid: Too small: expected string to have >=1 characters']],
    [BadgeRevokeSchema, { keepPasse: true }, ['(root): Unrecognized key: "keepPasse"']],
    [PassPatchSchema, { validFrom: '2026-03' }, ['validFrom: Too small: expected string to have >=10 characters']],
    [PassPatchSchema, { credits: 3, type: 'day' }, ['(root): Unrecognized key: "type"']],
    [PassEndSchema, { on: '2026-03-31' }, []],
    [PassEndSchema, { on: '31/03/2026' }, [`on: ${DATE_MESSAGE}`]],
    [PassCancelSchema, { reason: 'doublon', refund: true }, []],
    [PassCancelSchema, { reason: '  ', refund: false }, ['reason: Too small: expected string to have >=1 characters']],
  ])('%#: %j', (schema, body, issues) => {
    expect(issuesOf(schema, body)).toEqual(issues);
  });

  it('keeps passes only when asked', () => {
    expect(parsed(BadgeRevokeSchema, {})).toEqual({ keepPasses: false });
    expect(parsed(BadgeRevokeSchema, { keepPasses: true })).toEqual({ keepPasses: true });
  });
});

describe('queries', () => {
  it('gives a month summary in JSON by default', () => {
    expect(parsed(StatementsQuerySchema, { month: '2026-03' })).toEqual({ month: '2026-03', format: 'json', layout: 'summary' });
    expect(parsed(StatementsQuerySchema, { month: '2026-12', format: 'csv', layout: 'lines' })).toEqual({ month: '2026-12', format: 'csv', layout: 'lines' });
  });

  it.each(['2026-00', '2026-13', '2026-3', '26-03', '2026-03-01'])('refuses the month %j', (month) => {
    expect(issuesOf(MonthQuerySchema, { month })).toEqual(['month: mois attendu (AAAA-MM)']);
  });

  it.each([
    [{}, []],
    [{ site: 'quimper' }, []],
    [{ site: 'Quimper' }, ['site: de 1 à 64 caractères parmi a-z, 0-9 et -']],
  ])('site %j', (query, issues) => {
    expect(issuesOf(SiteQuerySchema, query)).toEqual(issues);
  });
});
