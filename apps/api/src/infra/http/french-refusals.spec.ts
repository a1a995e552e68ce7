// "French UI by default (errors too)": what a client reads in a 400 built from the shared request
// schemas (ZodPipe), one table per family of requests, word for word.
import { BadRequestException } from '@nestjs/common';
import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { AccessEventsQuerySchema } from '#protocol';
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
