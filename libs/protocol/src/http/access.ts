// Doors, lockdown and the audit log as the API answers them (contract §3; docs/access-control.md).
import { z } from 'zod';

export const AccessEventViewSchema = z.object({
  id: z.string(),
  kind: z.enum(['badge', 'alarm', 'unlock', 'lockdown']),
  time: z.string(),
  site: z.string(),
  door: z.string().nullable(),
  reader: z.string().nullable(),
  uid: z.string().nullable(),
  member: z.object({ id: z.string(), name: z.string().nullable() }).nullable(),
  granted: z.boolean().nullable(),
  reason: z.string(),
  detail: z.string().nullable(),
  managerId: z.string().nullable(),
  deviceTime: z.string().nullable(),
  latencyMs: z.number().nullable(),
});
export type AccessEventViewBody = z.infer<typeof AccessEventViewSchema>;

export const UnlockResultSchema = z.object({
  site: z.string(),
  door: z.string(),
  unlockMs: z.number(),
  readers: z.number().int().describe('Readers the unlock was sent to (0 when no reader is bound to the door yet)'),
});
export type UnlockResultBody = z.infer<typeof UnlockResultSchema>;

export const EnrolmentResultSchema = z.object({
  site: z.string(),
  reader: z.string(),
  memberId: z.string(),
  uid: z.string().optional().describe('The UID presented (absent when the enrolment expired)'),
  error: z.enum(['uid-taken', 'write-failed', 'expired', 'uid-unreadable']).optional().describe('Why it ended without a new badge'),
  at: z.string(),
});
/** Also the `/manager` socket's `enrolment` event. */
export type EnrolmentResult = z.infer<typeof EnrolmentResultSchema>;

export const EnrolmentStateSchema = z
  .object({
    site: z.string(),
    reader: z.string(),
    armed: z.object({ memberId: z.string(), expiresAt: z.string() }).nullable(),
    last: EnrolmentResultSchema.nullable(),
  })
  .describe("Mode d'enrôlement du lecteur");
export type EnrolmentState = z.infer<typeof EnrolmentStateSchema>;

export const LockdownStateSchema = z.object({
  site: z.string(),
  lockdown: z.boolean(),
  persisted: z.boolean().describe('False when the database was down: the lockdown holds, but not across a restart'),
});
export type LockdownStateBody = z.infer<typeof LockdownStateSchema>;
