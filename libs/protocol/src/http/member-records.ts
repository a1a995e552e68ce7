// What the service holds about a member beyond the views (contract §7; docs/privacy.md): the audit
// trail of edits and pass changes, the GDPR export, and what an erasure removed.
import { z } from 'zod';

const memberFields = z.object({ name: z.string().optional(), email: z.string().optional(), adherent: z.boolean().optional() });
const passTerms = z.object({
  validFrom: z.string().optional(),
  validUntil: z.string().optional(),
  credits: z.number().optional(),
  cancelledOn: z.string().optional(),
  refund: z.boolean().optional(),
  refundCents: z.number().optional(),
});

export const MemberHistorySchema = z
  .object({
    member: z.array(z.object({ at: z.string(), accountId: z.string().nullable(), before: memberFields, after: memberFields })),
    passes: z.array(
      z.object({
        passId: z.string(),
        seq: z.number().int(),
        kind: z.enum(['correct', 'end', 'cancel']),
        on: z.string(),
        at: z.string(),
        accountId: z.string().nullable(),
        before: passTerms,
        after: passTerms,
        reason: z.string().optional(),
      }),
    ),
  })
  .describe('Historique : modifications du membre et de ses passes (qui, quand, avant/après)');
export type MemberHistoryBody = z.infer<typeof MemberHistorySchema>;

export const MemberExportSchema = z
  .object({
    exportedAt: z.string(),
    member: z.object({
      id: z.string(),
      name: z.string(),
      email: z.string(),
      adherent: z.boolean(),
      active: z.boolean(),
      createdAt: z.string(),
    }),
    badges: z.array(z.object({ uid: z.string(), status: z.string(), createdAt: z.string(), revokedAt: z.string().nullable() })),
    passes: z.array(
      z.object({
        id: z.string(),
        type: z.string(),
        validFrom: z.string().nullable(),
        validUntil: z.string().nullable(),
        credits: z.number().nullable(),
        title: z.string().nullable(),
        usedOn: z.array(z.string()).describe('YYYY-MM-DD, followed by the half for a half-day'),
      }),
    ),
    accessEvents: z.array(
      z.object({
        time: z.string(),
        site: z.string(),
        door: z.string().nullable(),
        reader: z.string().nullable(),
        granted: z.boolean().nullable(),
        reason: z.string(),
      }),
    ),
    edits: z.array(z.object({ at: z.string(), before: memberFields, after: memberFields })),
  })
  .describe('Données du membre (droit d’accès et portabilité)');
export type MemberExportBody = z.infer<typeof MemberExportSchema>;

export const ErasureSchema = z
  .object({ badges: z.number().int().describe('Badges deleted'), accessEvents: z.number().int().describe('Audit entries unlinked from the member') })
  .describe('Effacement');
export type ErasureBody = z.infer<typeof ErasureSchema>;
