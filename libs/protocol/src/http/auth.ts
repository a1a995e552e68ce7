// Signing in (contract §3): POST /api/auth/login and POST /api/auth/refresh.
import { z } from 'zod';

export const LoginBodySchema = z.object({ email: z.string().min(1).max(320), password: z.string().min(1).max(1024) });
export type LoginBody = z.infer<typeof LoginBodySchema>;

export const TokenSchema = z
  .object({ token: z.string().describe('Send it as `Authorization: Bearer <token>` (the "Authorize" button of /api/docs)') })
  .describe('Jeton de session');
export type TokenBody = z.infer<typeof TokenSchema>;
