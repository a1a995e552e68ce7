// The one place HTTP routes are authorised: looks the route up in route-roles.ts and refuses what
// the table does not allow. Registered globally (APP_GUARD), so a new controller is covered
// without a decorator; an undeclared route is refused (fail-closed).
import { ForbiddenException, HttpException, HttpStatus, Injectable, Logger, UnauthorizedException, type CanActivate, type ExecutionContext } from '@nestjs/common';
import type { Request, Response } from 'express';
import { AppConfig } from '../infra/config/app-config.js';
import { AddressRateLimit } from '../infra/http/address-rate-limit.js';
import { AuthService } from './auth.service.js';
import { routeKeysOf } from '../infra/http/route-keys.js';
import { ruleFor, type RouteRule } from './route-roles.js';
import type { TokenClaims } from './tokens.js';

/** A request that passed the guard on a signed-in route: `manager` is the account that called. */
export type ManagerRequest = Request & { manager?: TokenClaims };

@Injectable()
export class RouteGuard implements CanActivate {
  private readonly logger = new Logger('Roles');
  private readonly publicLimit: AddressRateLimit;
  private readonly loginLimit: AddressRateLimit;

  constructor(
    private readonly auth: AuthService,
    config: AppConfig,
  ) {
    this.publicLimit = new AddressRateLimit(config.rateLimits.publicPerMinute);
    this.loginLimit = new AddressRateLimit(config.rateLimits.loginPerMinute);
  }

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
    if (rule.access === 'public') return this.withinRate(rule, context);
    const [scheme, token] = (request.headers.authorization ?? '').split(' ');
    const claims = scheme === 'Bearer' && token ? await this.auth.verify(token) : null;
    if (!claims) throw new UnauthorizedException('Connexion requise : un jeton valide (POST /api/auth/login)');
    request.manager = claims;
    const needsManager = rule.access === 'manager' || (rule.managerOnlyWhen?.(request) ?? false);
    if (needsManager && claims.role !== 'manager') throw new ForbiddenException('Réservé aux gérants');
    return true;
  }

  /** Public routes need no token, so they are what a flood or a guesser hits: one bucket per address. */
  private withinRate(rule: RouteRule, context: ExecutionContext): true {
    const request = context.switchToHttp().getRequest<Request>();
    const waitMs = (rule.sensitive ? this.loginLimit : this.publicLimit).take(request.ip ?? 'unknown', Date.now());
    if (waitMs === 0) return true;
    const seconds = Math.ceil(waitMs / 1000);
    context.switchToHttp().getResponse<Response>().setHeader('Retry-After', String(seconds));
    throw new HttpException(`Trop de requêtes depuis cette adresse : réessayez dans ${seconds} s`, HttpStatus.TOO_MANY_REQUESTS);
  }
}
