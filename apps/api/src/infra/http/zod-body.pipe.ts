import { BadRequestException, type ArgumentMetadata, type PipeTransform } from '@nestjs/common';
import { z } from 'zod';

export interface FieldError {
  field: string;
  message: string;
}

/**
 * zod's own messages in French ("Entrée invalide : nombre attendu, chaîne de caractères reçu"), for
 * this parse only: a schema's own message still wins, and the environment's errors, read by the
 * installer with the rest of the log, stay as they are.
 */
export const french = z.locales.fr().localeError;

/** "Champ invalide : email", "Champs invalides : email, phone". */
export function invalidFields(fields: string[]): string {
  return `${fields.length > 1 ? 'Champs invalides' : 'Champ invalide'} : ${fields.join(', ')}`;
}

/** Validates a body (or query) with a zod schema; a 400 names every bad field, in French. */
export class ZodPipe<T extends z.ZodType> implements PipeTransform<unknown, z.infer<T>> {
  /** Public: /api/docs documents each route from the very schema that validates it (infra/http/openapi.ts). */
  constructor(readonly schema: T) {}

  transform(value: unknown, metadata?: ArgumentMetadata): z.infer<T> {
    // A whole body or query may be absent (an optional body); one parameter is parsed as it comes.
    const one = typeof metadata?.data === 'string' ? metadata.data : undefined;
    const parsed = this.schema.safeParse(one === undefined ? (value ?? {}) : value, { error: french });
    if (parsed.success) return parsed.data;
    const errors: FieldError[] = parsed.error.issues.map((issue) => ({
      // A strict schema's unknown key has no path: name the key itself; a single parameter, by its name.
      field: issue.path.join('.') || (issue.code === 'unrecognized_keys' ? issue.keys.join(', ') : (one ?? '(body)')),
      message: issue.message,
    }));
    throw new BadRequestException({ message: invalidFields(errors.map((e) => e.field)), errors });
  }
}
