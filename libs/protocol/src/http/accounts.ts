// Accounts that sign in (contract §7; docs/security.md).
import { z } from 'zod';

export const AccountViewSchema = z.object({ id: z.string(), email: z.string(), role: z.enum(['manager', 'staff']), disabled: z.boolean() });
export type AccountViewBody = z.infer<typeof AccountViewSchema>;

export const NewPasswordSchema = z.object({ password: z.string().describe('Shown only this once') }).describe('Nouveau mot de passe');
