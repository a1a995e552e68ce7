// Pages of a list route (GET /api/members, GET /api/devices): `?limit&offset`, the total in the
// `X-Total-Count` header. Without `limit` the whole list comes back, as before pages existed
// (contract §3 is additive): clients that page ask for it; the body stays a plain array.
import type { Response } from 'express';
import { z } from 'zod';

export const MAX_PAGE = 1000;
export const TOTAL_HEADER = 'X-Total-Count';

export const PageQuerySchema = z.object({
  limit: z.coerce.number({ message: 'nombre attendu' }).int('nombre entier attendu').min(1).max(MAX_PAGE).optional(),
  offset: z.coerce.number({ message: 'nombre attendu' }).int('nombre entier attendu').min(0).default(0),
});
export type PageQuery = z.infer<typeof PageQuerySchema>;

/** The items of the page asked for; sets X-Total-Count to the whole list's length. */
export function pageOf<T>(items: readonly T[], query: PageQuery, response: Response): T[] {
  response.setHeader(TOTAL_HEADER, String(items.length));
  return items.slice(query.offset, query.limit === undefined ? undefined : query.offset + query.limit);
}
