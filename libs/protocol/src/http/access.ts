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

export const LockdownStateSchema = z.object({
  site: z.string(),
  lockdown: z.boolean(),
  persisted: z.boolean().describe('False when the database was down: the lockdown holds, but not across a restart'),
});
