// Shared by the request-schema specs (not exported from the barrel): what a 400 would name.
import type { z } from 'zod';

/** Each issue as `path: message`, `(root)` for the whole body, in zod's order; [] when it parses. */
export function issuesOf(schema: z.ZodType, input: unknown): string[] {
  const result = schema.safeParse(input);
  if (result.success) return [];
  return result.error.issues.map((issue) => `${issue.path.length > 0 ? issue.path.join('.') : '(root)'}: ${issue.message}`);
}

/** The parsed value, or a failure naming the issues (so a refused fixture says why). */
export function parsed<S extends z.ZodType>(schema: S, input: unknown): z.infer<S> {
  const result = schema.safeParse(input);
  if (!result.success) throw new Error(`refused: ${issuesOf(schema, input).join('; ')}`);
  return result.data;
}
