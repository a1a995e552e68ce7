// Request bodies and queries of the members API (contract §3, §7), one zod definition each: the
// API validates with them (ZodPipe), /api/docs documents them, the dashboard types its calls with them.
// Messages are French: the API returns them as they are, and the dashboard shows them.
import { z } from 'zod';
import { PassTypeSchema } from './members.js';

const id = z.string().regex(/^[a-z0-9-]{1,64}$/, 'de 1 à 64 caractères parmi a-z, 0-9 et -');
const localDate = z.iso.date('date attendue (AAAA-MM-JJ)');
const instant = z.iso.datetime({ offset: true, message: 'date et heure ISO attendues, avec leur décalage (2026-03-14T18:00:00+01:00)' });

export const MemberCreateSchema = z.object({
  name: z.string().trim().min(1).max(200),
  email: z.email().max(320),
  adherent: z.boolean().default(false),
});
export type MemberCreateDto = z.infer<typeof MemberCreateSchema>;

export const BadgeCreateSchema = z.object({ uid: z.string().min(1).max(64) });
export type BadgeCreateDto = z.infer<typeof BadgeCreateSchema>;

/** Optional body: `keepPasses` when the badge is being replaced (lost card), so the passes go on. */
export const BadgeRevokeSchema = z.object({ keepPasses: z.boolean().default(false) }).strict();
export type BadgeRevokeDto = z.infer<typeof BadgeRevokeSchema>;

export const PassCreateSchema = z
  .object({
    type: PassTypeSchema,
    validFrom: z.string().max(40).optional(),
    validUntil: z.string().max(40).optional(),
    credits: z.number().int().min(1).max(1000).optional(),
    zones: z.array(z.union([id, z.literal('*')])).min(1).max(50).optional(),
    title: z.string().trim().min(1).max(200).optional(),
    /** Integer euro cents, an event's price set at sale (others take the tariffs). */
    price: z.number().int().min(0).max(10_000_000).optional(),
  })
  .superRefine((pass, ctx) => {
    const issue = (path: string, message: string) => ctx.addIssue({ code: 'custom', path: [path], message });
    // Contract §3: an event is a window of ISO times, every other pass is bounded by local dates.
    const bound = pass.type === 'event' ? instant : localDate;
    for (const key of ['validFrom', 'validUntil'] as const) {
      const value = pass[key];
      if (value === undefined) {
        if (pass.type === 'event') issue(key, 'obligatoire pour un événement (date et heure ISO)');
        continue;
      }
      const parsed = bound.safeParse(value);
      if (!parsed.success) issue(key, parsed.error.issues[0]?.message ?? 'invalide');
    }
    if (pass.validFrom !== undefined && pass.validUntil !== undefined) {
      const inverted = pass.type === 'event' ? Date.parse(pass.validFrom) >= Date.parse(pass.validUntil) : pass.validFrom > pass.validUntil;
      if (inverted) issue('validUntil', pass.type === 'event' ? 'doit être après validFrom' : 'doit être le même jour que validFrom ou après');
    }
    if (pass.type === 'carnet' && pass.credits === undefined) issue('credits', 'un carnet indique son nombre de jours (credits)');
    if (pass.type !== 'carnet' && pass.credits !== undefined) issue('credits', 'seul un carnet a des jours (credits)');
    if (pass.type !== 'event' && pass.price !== undefined) issue('price', 'seul le prix d’un événement se fixe à la vente ; les autres viennent des tarifs');
  });
export type PassCreateDto = z.infer<typeof PassCreateSchema>;

export const MonthQuerySchema = z.object({ month: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'mois attendu (AAAA-MM)') });

export const StatementsQuerySchema = MonthQuerySchema.extend({
  format: z.enum(['json', 'csv']).default('json'),
  layout: z.enum(['summary', 'lines']).default('summary'),
});
export type StatementsQuery = z.infer<typeof StatementsQuerySchema>;

export const SiteQuerySchema = z.object({ site: id.optional() });

// Contract §7. Strict: a misspelt field is a 400 naming it, never a silent no-op.
export const MemberPatchSchema = z
  .object({
    name: z.string().trim().min(1).max(200).optional(),
    email: z.email().max(320).optional(),
    adherent: z.boolean().optional(),
  })
  .strict();
export type MemberPatchDto = z.infer<typeof MemberPatchSchema>;

/** Dates as the pass holds them (an event's ISO times); libs/domain correctPass checks them per type. */
export const PassPatchSchema = z
  .object({
    validFrom: z.string().min(10).max(40).optional(),
    validUntil: z.string().min(10).max(40).optional(),
    credits: z.number().int().min(1).max(1000).optional(),
  })
  .strict();
export type PassPatchDto = z.infer<typeof PassPatchSchema>;

export const PassEndSchema = z.object({ on: localDate }).strict();
export type PassEndDto = z.infer<typeof PassEndSchema>;

export const PassCancelSchema = z.object({ reason: z.string().trim().min(1).max(500), refund: z.boolean() }).strict();
export type PassCancelDto = z.infer<typeof PassCancelSchema>;
