import { BadRequestException, type ArgumentMetadata, type PipeTransform } from '@nestjs/common';
import type { z } from 'zod';

export interface FieldError {
  field: string;
  message: string;
}

/** Validates a body (or query) with a zod schema; a 400 names every bad field. */
export class ZodPipe<T extends z.ZodType> implements PipeTransform<unknown, z.infer<T>> {
  /** Public: /api/docs documents each route from the very schema that validates it (infra/http/openapi.ts). */
  constructor(readonly schema: T) {}

  transform(value: unknown, metadata?: ArgumentMetadata): z.infer<T> {
    // A whole body or query may be absent (an optional body); one parameter is parsed as it comes.
    const one = typeof metadata?.data === 'string' ? metadata.data : undefined;
    const parsed = this.schema.safeParse(one === undefined ? (value ?? {}) : value);
    if (parsed.success) return parsed.data;
    const errors: FieldError[] = parsed.error.issues.map((issue) => ({
      // A strict schema's unknown key has no path: name the key itself; a single parameter, by its name.
      field: issue.path.join('.') || (issue.code === 'unrecognized_keys' ? issue.keys.join(', ') : (one ?? '(body)')),
      message: issue.message,
    }));
    throw new BadRequestException({ message: `Invalid ${errors.map((e) => e.field).join(', ')}`, errors });
  }
}
