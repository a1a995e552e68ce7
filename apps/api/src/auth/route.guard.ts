// The one place HTTP routes are authorised: looks the route up in route-roles.ts and refuses what
// the table does not allow. Registered globally (APP_GUARD), so a new controller is covered
// without a decorator; an undeclared route is refused (fail-closed).
import { ForbiddenException, Injectable, Logger, UnauthorizedException, type CanActivate, type ExecutionContext } from '@nestjs/common';
import type { Request } from 'express';
import { AuthService } from './auth.service.js';
import { routeKeysOf } from './route-keys.js';
import { ruleFor } from './route-roles.js';
import type { TokenClaims } from './tokens.js';

/** A request that passed the guard on a signed-in route: `manager` is the account that called. */
export type ManagerRequest = Request & { manager?: TokenClaims };

@Injectable()
export class RouteGuard implements CanActivate {
  private readonly logger = new Logger('Roles');

  constructor(private readonly auth: AuthService) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    // socket.io namespaces authenticate in their handshake (the /manager gateway); only HTTP here.
    if (context.getType() !== 'http') return true;
    const request = context.switchToHttp().getRequest<ManagerRequest>();
    const [key] = routeKeysOf(context.getClass(), context.getHandler());
    const rule = key ? ruleFor(key) : undefined;
    if (!rule) {
      this.logger.error(`Route ${key ?? `${request.method} ${request.path}`} is not declared in auth/route-roles.ts: refused`);
      throw new ForbiddenException("Cette route n'est pas déclarée dans la table des rôles");
    }
    if (rule.access === 'public') return true;
    const [scheme, token] = (request.headers.authorization ?? '').split(' ');
    const claims = scheme === 'Bearer' && token ? await this.auth.verify(token) : null;
    if (!claims) throw new UnauthorizedException('Connexion requise : un jeton valide (POST /api/auth/login)');
    request.manager = claims;
    const needsManager = rule.access === 'manager' || (rule.managerOnlyWhen?.(request) ?? false);
    if (needsManager && claims.role !== 'manager') throw new ForbiddenException('Réservé aux gérants');
    return true;
  }
}
