// Signing in (contract §3): POST /api/auth/login and POST /api/auth/refresh.
import { z } from 'zod';

export const LoginBodySchema = z.object({ email: z.string().min(1).max(320), password: z.string().min(1).max(1024) });
export type LoginBody = z.infer<typeof LoginBodySchema>;

/** A password an account may be given (its own change, a new account); the reset generates its own. */
export const NewPasswordField = z.string().min(12, 'au moins 12 caractères').max(1024);

/** POST /api/auth/password: the current password is required (contract §7). */
export const PasswordChangeSchema = z.object({ current: z.string().min(1).max(1024), next: NewPasswordField });
export type PasswordChangeBody = z.infer<typeof PasswordChangeSchema>;

export const TokenSchema = z
  .object({ token: z.string().describe('Send it as `Authorization: Bearer <token>` (the "Authorize" button of /api/docs)') })
  .describe('Jeton de session');
export type TokenBody = z.infer<typeof TokenSchema>;
