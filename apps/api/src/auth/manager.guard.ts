import { ForbiddenException, Injectable, UnauthorizedException, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import { AuthService } from './auth.service.js';
import type { ManagerRole } from './manager.entity.js';
import { ROLES_KEY } from './roles.js';
import type { TokenClaims } from './tokens.js';

export type ManagerRequest = Request & { manager?: TokenClaims };

/** Lets through requests carrying `Authorization: Bearer <token>` from a login, with the role the route requires. */
@Injectable()
export class ManagerGuard implements CanActivate {
  constructor(
    private readonly auth: AuthService,
    private readonly reflector: Reflector,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<ManagerRequest>();
    const [scheme, token] = (request.headers.authorization ?? '').split(' ');
    const claims = scheme === 'Bearer' && token ? await this.auth.verify(token) : null;
    if (!claims) throw new UnauthorizedException('A valid manager token is required (POST /api/auth/login)');
    request.manager = claims;
    const roles = this.reflector.getAllAndOverride<ManagerRole[] | undefined>(ROLES_KEY, [context.getHandler(), context.getClass()]);
    if (roles && !roles.includes(claims.role)) throw new ForbiddenException(`This needs the ${roles.join(' or ')} role`);
    return true;
  }
}
