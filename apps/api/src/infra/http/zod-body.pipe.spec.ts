import { BadRequestException } from '@nestjs/common';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ZodPipe } from './zod-body.pipe.js';

interface Refusal {
  message: string;
  errors: Array<{ field: string; message: string }>;
}

/** The 400's body, as the API sends it. */
function refusal(pipe: ZodPipe<z.ZodType>, value: unknown, data?: string): Refusal {
  try {
    pipe.transform(value, data === undefined ? undefined : { type: 'param', data });
  } catch (error) {
    expect(error).toBeInstanceOf(BadRequestException);
    return (error as BadRequestException).getResponse() as never;
  }
  throw new Error('accepted');
}

describe('ZodPipe', () => {
  const member = new ZodPipe(z.object({ email: z.email(), seats: z.number().int().min(1), plan: z.string().min(2, 'au moins deux lettres') }).strict());

  it("answers in French, naming each field, with zod's own words translated", () => {
    const body = refusal(member, { email: 'anne', seats: 'deux', plan: 'x', extra: true });
    expect(body.message).toBe('Champs invalides : email, seats, plan, extra');
    expect(body.errors).toEqual([
      { field: 'email', message: 'adresse e-mail invalide' },
      { field: 'seats', message: 'Entrée invalide : nombre attendu, chaîne de caractères reçu' },
      // A schema's own message wins over the translation.
      { field: 'plan', message: 'au moins deux lettres' },
      { field: 'extra', message: 'Clé non reconnue : "extra"' },
    ]);
  });

  it('names one field in the singular, a lone parameter by its name, and a missing body as (body)', () => {
    expect(refusal(member, { email: 'anne@example.org', seats: 0, plan: 'jour' }).message).toBe('Champ invalide : seats');
    expect(refusal(new ZodPipe(z.string().regex(/^[a-z]+$/)), 'A!', 'id')).toMatchObject({ message: 'Champ invalide : id', errors: [{ field: 'id' }] });
    expect(refusal(new ZodPipe(z.string()), undefined).errors[0]!.field).toBe('(body)');
  });

  it('returns what the schema made of a good value', () => {
    expect(new ZodPipe(z.object({ n: z.coerce.number() })).transform({ n: '3' })).toEqual({ n: 3 });
  });
});
