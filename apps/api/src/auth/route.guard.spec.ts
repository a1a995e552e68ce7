import 'reflect-metadata';
import { Controller, ForbiddenException, Get, UnauthorizedException, type ExecutionContext } from '@nestjs/common';
import { describe, expect, it } from 'vitest';
import type { AppConfig } from '../infra/config/app-config.js';
import type { AuthService } from './auth.service.js';
import { RouteGuard } from './route.guard.js';

@Controller('api/sites')
class SomeController {
  @Get(':site/seats') seats() {}
  @Get(':site/undeclared-novelty') novelty() {}
  @Get(':site/lockdown') lockdown() {}
}

const auth = { verify: async (token: string) => (token === 'staff-token' ? { managerId: 's-1', role: 'staff' } : null) } as unknown as AuthService;

function contextFor(handler: keyof SomeController, authorization?: string): ExecutionContext {
  const request = { method: 'GET', path: '/x', ip: '10.0.0.1', headers: authorization ? { authorization } : {} };
  return {
    getType: () => 'http',
    getClass: () => SomeController,
    getHandler: () => SomeController.prototype[handler],
    switchToHttp: () => ({ getRequest: () => request, getResponse: () => ({ setHeader: () => undefined }) }),
  } as unknown as ExecutionContext;
}

describe('RouteGuard', () => {
  const guard = new RouteGuard(auth, { rateLimits: { publicPerMinute: 1000, loginPerMinute: 1000 } } as AppConfig);

  it('refuses a route missing from the table, even with a token (fail-closed)', async () => {
    await expect(guard.canActivate(contextFor('novelty'))).rejects.toBeInstanceOf(ForbiddenException);
    await expect(guard.canActivate(contextFor('novelty', 'Bearer staff-token'))).rejects.toBeInstanceOf(ForbiddenException);
  });

  it('lets a public route through without a token, and asks a token for a staff route', async () => {
    await expect(guard.canActivate(contextFor('seats'))).resolves.toBe(true);
    await expect(guard.canActivate(contextFor('lockdown'))).rejects.toBeInstanceOf(UnauthorizedException);
    await expect(guard.canActivate(contextFor('lockdown', 'Bearer forged'))).rejects.toBeInstanceOf(UnauthorizedException);
    await expect(guard.canActivate(contextFor('lockdown', 'Bearer staff-token'))).resolves.toBe(true);
  });
});
