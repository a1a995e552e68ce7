import { Injectable, UnauthorizedException, type CanActivate, type ExecutionContext } from '@nestjs/common';
import type { Request } from 'express';
import { AuthService } from './auth.service.js';
import type { TokenClaims } from './tokens.js';

export type ManagerRequest = Request & { manager?: TokenClaims };

/** Lets through requests carrying `Authorization: Bearer <token>` from a manager login. */
@Injectable()
export class ManagerGuard implements CanActivate {
  constructor(private readonly auth: AuthService) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<ManagerRequest>();
    const [scheme, token] = (request.headers.authorization ?? '').split(' ');
    const claims = scheme === 'Bearer' && token ? await this.auth.verify(token) : null;
    if (!claims) throw new UnauthorizedException('A valid manager token is required (POST /api/auth/login)');
    request.manager = claims;
    return true;
  }
}
