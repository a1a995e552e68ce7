import { z } from 'zod';

export const EnrolmentArmSchema = z.object({
  memberId: z.string().min(1).max(36),
  /** How long the reader waits for the badge; about a minute by default. */
  seconds: z.number().int().min(5).max(300).optional(),
});
export type EnrolmentArmDto = z.infer<typeof EnrolmentArmSchema>;
