import { z } from 'zod';
import { ACCESS_EVENT_KINDS, type AccessEventKind } from '../access.types.js';

const id = z.string().regex(/^[a-z0-9-]{1,64}$/, 'expected an id of 1-64 characters among a-z, 0-9 and -');
/** An ISO time with its offset, or a date (its UTC midnight). */
const instant = z
  .union([z.iso.datetime({ offset: true }), z.iso.date()], { message: 'expected an ISO time such as 2026-03-02T08:00:00Z, or a date YYYY-MM-DD' })
  .transform((value) => new Date(value));

/** Where the previous page ended (its X-Next-Cursor): the time and id of its last event, opaque to clients. */
export interface AccessEventsCursor {
  at: Date;
  id: string;
}

export function encodeAccessCursor(cursor: AccessEventsCursor): string {
  return Buffer.from(`${cursor.at.toISOString()}|${cursor.id}`).toString('base64url');
}

const cursor = z.string().max(200).transform((value, ctx): AccessEventsCursor => {
  const [at, id, ...rest] = Buffer.from(value, 'base64url').toString('utf8').split('|');
  const time = new Date(at ?? '');
  if (!id || rest.length > 0 || id.length > 36 || Number.isNaN(time.getTime())) {
    ctx.addIssue({ code: 'custom', message: 'expected the X-Next-Cursor header of the previous page' });
    return z.NEVER;
  }
  return { at: time, id };
});

export const AccessEventsQuerySchema = z
  .object({
    site: id.optional(),
    from: instant.optional(),
    to: instant.optional(),
    /** `badge` by default, so each item has a decision; `all` adds alarms, unlocks and lockdowns. */
    kind: z.enum(['all', ...ACCESS_EVENT_KINDS] as ['all', ...AccessEventKind[]]).default('badge'),
    granted: z.enum(['true', 'false'], { message: 'expected true or false' }).transform((v) => v === 'true').optional(),
    door: id.optional(),
    reader: id.optional(),
    member: z.string().min(1).max(36).optional(),
    limit: z.coerce.number().int().min(1).max(1000).default(100),
    /** The next page: events older than the previous page's last one. */
    before: cursor.optional(),
  })
  .refine((q) => !q.from || !q.to || q.from < q.to, { path: ['to'], message: 'must be after from' });
export type AccessEventsQuery = z.infer<typeof AccessEventsQuerySchema>;

export const LockdownSchema = z.object({ enabled: z.boolean() });
export type LockdownDto = z.infer<typeof LockdownSchema>;
