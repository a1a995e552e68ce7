// "French UI by default (errors too)": what a client reads in a 400 built from the shared request
// schemas (ZodPipe), one table per family of requests, word for word.
import { BadRequestException } from '@nestjs/common';
import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { AccessEventsQuerySchema, MonthQuerySchema, PassCreateSchema, PassEndSchema } from '#protocol';
import { ZodPipe } from './zod-body.pipe.js';

/** The 400's body, as the API sends it. */
function refusal(schema: z.ZodType, value: unknown): unknown {
  try {
    new ZodPipe(schema).transform(value);
  } catch (error) {
    if (!(error instanceof BadRequestException)) throw error;
    return error.getResponse();
  }
  throw new Error('accepted');
}

const one = (field: string, message: string) => ({ message: `Champ invalide : ${field}`, errors: [{ field, message }] });

describe('GET /api/access/events refuses in French', () => {
  it.each<[string, unknown, unknown]>([
    ['an id in capitals', { site: 'Quimper' }, one('site', 'de 1 à 64 caractères parmi a-z, 0-9 et -')],
    ['a from that is no time', { from: 'hier' }, one('from', 'date et heure ISO (2026-03-02T08:00:00Z) ou date AAAA-MM-JJ attendue')],
    ['a granted that is no boolean', { granted: 'oui' }, one('granted', 'attendu : true ou false')],
    ['a to before from', { from: '2026-03-02', to: '2026-03-01' }, one('to', 'doit être après from')],
    ['a cursor of nothing', { before: '!!!' }, one('before', 'attendu : l’en-tête X-Next-Cursor de la page précédente')],
    ['a limit of 0 (zod’s own words)', { limit: '0' }, one('limit', 'Trop petit : nombre doit être >=1')],
  ])('%s', (_case, query, expected) => {
    expect(refusal(AccessEventsQuerySchema, query)).toEqual(expected);
  });
});

describe('the members API refuses in French', () => {
  const event = { type: 'event', validFrom: '2026-03-14T18:00:00+01:00', validUntil: '2026-03-14T22:00:00+01:00' };
  it.each<[string, z.ZodType, unknown, unknown]>([
    ['a pass from a non-date', PassCreateSchema, { type: 'day', validFrom: '14/03/2026' }, one('validFrom', 'date attendue (AAAA-MM-JJ)')],
    [
      'an event on a date',
      PassCreateSchema,
      { ...event, validFrom: '2026-03-14' },
      one('validFrom', 'date et heure ISO attendues, avec leur décalage (2026-03-14T18:00:00+01:00)'),
    ],
    [
      'an event without dates',
      PassCreateSchema,
      { type: 'event' },
      {
        message: 'Champs invalides : validFrom, validUntil',
        errors: [
          { field: 'validFrom', message: 'obligatoire pour un événement (date et heure ISO)' },
          { field: 'validUntil', message: 'obligatoire pour un événement (date et heure ISO)' },
        ],
      },
    ],
    ['an event ending as it starts', PassCreateSchema, { ...event, validUntil: event.validFrom }, one('validUntil', 'doit être après validFrom')],
    [
      'a subscription ending before it starts',
      PassCreateSchema,
      { type: 'subscription', validFrom: '2026-03-31', validUntil: '2026-03-01' },
      one('validUntil', 'doit être le même jour que validFrom ou après'),
    ],
    ['a carnet without days', PassCreateSchema, { type: 'carnet' }, one('credits', 'un carnet indique son nombre de jours (credits)')],
    ['days on a subscription', PassCreateSchema, { type: 'subscription', credits: 3 }, one('credits', 'seul un carnet a des jours (credits)')],
    ['a price on a day pass', PassCreateSchema, { type: 'day', price: 100 }, one('price', 'seul le prix d’un événement se fixe à la vente ; les autres viennent des tarifs')],
    ['a zone in capitals', PassCreateSchema, { type: 'day', zones: ['Salle'] }, one('zones.0', 'de 1 à 64 caractères parmi a-z, 0-9 et -')],
    ['an end that is no date', PassEndSchema, { on: 'demain' }, one('on', 'date attendue (AAAA-MM-JJ)')],
    ['a month that is no month', MonthQuerySchema, { month: '2026-13' }, one('month', 'mois attendu (AAAA-MM)')],
  ])('%s', (_case, schema, body, expected) => {
    expect(refusal(schema, body)).toEqual(expected);
  });
});
