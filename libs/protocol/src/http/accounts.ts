// Accounts that sign in (contract §7; docs/security.md).
import { z } from 'zod';
import { NewPasswordField } from './auth.js';

export const AccountViewSchema = z.object({ id: z.string(), email: z.string(), role: z.enum(['manager', 'staff']), disabled: z.boolean() });
export type AccountViewBody = z.infer<typeof AccountViewSchema>;

/** POST /api/accounts (managers only). */
export const AccountCreateSchema = z.object({ email: z.email().max(320), password: NewPasswordField, role: AccountViewSchema.shape.role });
export type AccountCreateBody = z.infer<typeof AccountCreateSchema>;

export const NewPasswordSchema = z.object({ password: z.string().describe('Shown only this once') }).describe('Nouveau mot de passe');
export type NewPasswordBody = z.infer<typeof NewPasswordSchema>;
