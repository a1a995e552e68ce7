// The body of every HTTP error (apps/api/src/infra/http/error.filter.ts, README "HTTP API").
import { z } from 'zod';

export const FieldErrorSchema = z.object({ field: z.string(), message: z.string() });
export type FieldError = z.infer<typeof FieldErrorSchema>;

export const ErrorBodySchema = z
  .object({
    message: z.string(),
    errors: z.array(FieldErrorSchema).optional().describe('Each bad field, when the input was invalid'),
    correlationId: z.string().describe('Also in the log line of the request'),
  })
  .describe('Erreur');
export type ErrorBody = z.infer<typeof ErrorBodySchema>;
