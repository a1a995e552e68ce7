// Queries and bodies of the access API (contract §3, §7): the audit log's filters and pages, the
// lockdown switch and the enrolment arm. The API validates with them (ZodPipe), /api/docs
// documents them. No Node API here: the dashboard may import this file. Messages are French: the
// API returns them as they are (ZodPipe's 400).
import { z } from 'zod';
import { AccessEventViewSchema } from './access.js';

const id = z.string().regex(/^[a-z0-9-]{1,64}$/, 'de 1 à 64 caractères parmi a-z, 0-9 et -');
/** An ISO time with its offset, or a date (its UTC midnight). */
const instant = z
  .union([z.iso.datetime({ offset: true }), z.iso.date()], { message: 'date et heure ISO (2026-03-02T08:00:00Z) ou date AAAA-MM-JJ attendue' })
  .transform((value) => new Date(value));

/** Where the previous page ended (its X-Next-Cursor): the time and id of its last event, opaque to clients. */
export interface AccessEventsCursor {
  at: Date;
  id: string;
}

// base64url of ASCII text (an ISO time and an id), with btoa/atob so browsers can use it too.
export function encodeAccessCursor(cursor: AccessEventsCursor): string {
  return btoa(`${cursor.at.toISOString()}|${cursor.id}`).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function decodeBase64Url(value: string): string | null {
  try {
    return atob(value.replace(/-/g, '+').replace(/_/g, '/'));
  } catch {
    return null;
  }
}

const cursor = z.string().max(200).transform((value, ctx): AccessEventsCursor => {
  const [at, id, ...rest] = (decodeBase64Url(value) ?? '').split('|');
  const time = new Date(at ?? '');
  if (!id || rest.length > 0 || id.length > 36 || Number.isNaN(time.getTime())) {
    ctx.addIssue({ code: 'custom', message: 'attendu : l’en-tête X-Next-Cursor de la page précédente' });
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
    kind: z.enum(['all', ...AccessEventViewSchema.shape.kind.options]).default('badge'),
    granted: z.enum(['true', 'false'], { message: 'attendu : true ou false' }).transform((v) => v === 'true').optional(),
    door: id.optional(),
    reader: id.optional(),
    member: z.string().min(1).max(36).optional(),
    limit: z.coerce.number().int().min(1).max(1000).default(100),
    /** The next page: events older than the previous page's last one. */
    before: cursor.optional(),
  })
  .refine((q) => !q.from || !q.to || q.from < q.to, { path: ['to'], message: 'doit être après from' });
export type AccessEventsQuery = z.infer<typeof AccessEventsQuerySchema>;

export const LockdownSchema = z.object({ enabled: z.boolean() });
export type LockdownDto = z.infer<typeof LockdownSchema>;

export const EnrolmentArmSchema = z.object({
  memberId: z.string().min(1).max(36),
  /** How long the reader waits for the badge; about a minute by default. */
  seconds: z.number().int().min(5).max(300).optional(),
});
export type EnrolmentArmDto = z.infer<typeof EnrolmentArmSchema>;
