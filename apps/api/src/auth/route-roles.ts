// Who may call each HTTP route, in one table (docs/security.md, "Roles"). RouteGuard enforces it
// for every route; a route missing here is refused, and test/app/route-roles.test.ts fails until
// it is declared. Keys are `METHOD /path` as Nest registers them (`:param` placeholders).
//
//   public  — anyone, no token (no personal data; rate-limited per address)
//   staff   — any signed-in account: the staff member who opens the place, and managers
//   manager — managers only
import type { Request } from 'express';

export type RouteAccess = 'public' | 'staff' | 'manager';

export interface RouteRule {
  access: RouteAccess;
  /** A staff-level route that needs a manager for some bodies (e.g. selling a staff pass). */
  managerOnlyWhen?: (request: Request) => boolean;
  /** Public routes that are brute-force targets get the tighter per-address limit. */
  sensitive?: boolean;
}

/** Passes only a manager may give: a staff pass opens every door at any hour, even in lockdown. */
const managerPassTypes = new Set(['staff', 'subscription']);
// The body is not validated yet (pipes run after guards): anything but a string field counts as absent.
const bodyString = (request: Request, field: string): string | undefined => {
  const body: unknown = request.body;
  const value = body && typeof body === 'object' ? (body as Record<string, unknown>)[field] : undefined;
  return typeof value === 'string' ? value : undefined;
};

const bodyHas = (request: Request, field: string): boolean => {
  const body: unknown = request.body;
  return Boolean(body && typeof body === 'object' && (body as Record<string, unknown>)[field] !== undefined);
};

export const routeRoles: Record<string, RouteAccess | RouteRule> = {
  // Service
  'GET /health': 'public',

  // Accounts and sessions
  'POST /api/auth/login': { access: 'public', sensitive: true },
  'POST /api/auth/refresh': 'staff',
  'POST /api/auth/password': 'staff',
  'POST /api/auth/logout': 'staff',
  'GET /api/accounts': 'manager',
  'POST /api/accounts': 'manager',
  'POST /api/accounts/:id/disable': 'manager',
  'POST /api/accounts/:id/enable': 'manager',
  'POST /api/accounts/:id/reset-password': 'manager',

  // Sites, seats and the wall (no personal data)
  'GET /api/sites/:site': 'public',
  'GET /api/sites/:site/seats': 'public',
  'GET /api/sites/:site/notice': 'public',
  'GET /api/sites/:site/events': 'public',
  'GET /api/sites/:site/opening': 'public',
  'GET /api/tariffs': 'public',
  // Sites as data (docs/site-file.md): the whole definition, privacy contacts included, is the manager's
  'GET /api/sites': 'manager',
  'POST /api/sites': 'manager',
  'POST /api/sites/import': 'manager',
  'PUT /api/sites/:site': 'manager',
  'DELETE /api/sites/:site': 'manager',

  // Members, badges and passes: staff sell day, half-day, carnet and event passes and enrol badges
  'POST /api/members': 'staff',
  'GET /api/members': 'staff',
  'GET /api/members/:id': 'staff',
  'POST /api/members/:id/badges': 'staff',
  'POST /api/badges/:uid/revoke': 'staff',
  'POST /api/members/:id/passes': { access: 'staff', managerOnlyWhen: (request) => managerPassTypes.has(bodyString(request, 'type') ?? '') },
  'GET /api/members/:id/passes': 'staff',
  // Contract §7: staff correct a name or an e-mail; the adherent status sets prices
  'PATCH /api/members/:id': { access: 'staff', managerOnlyWhen: (request) => bodyHas(request, 'adherent') },
  'GET /api/members/:id/history': 'manager',
  // Ending, cancelling and correcting a pass change what is billed: managers only
  'PATCH /api/passes/:id': 'manager',
  'POST /api/passes/:id/end': 'manager',
  'POST /api/passes/:id/cancel': 'manager',
  'GET /api/members/:id/export': 'manager',
  'DELETE /api/members/:id': 'manager',

  // Statements: managers only
  'GET /api/members/:id/statement': 'manager',
  'GET /api/statements': 'manager',

  // Doors, lockdown, enrolment and the access log
  'GET /api/access-events': 'staff',
  'POST /api/doors/:site/:door/unlock': 'staff',
  'GET /api/sites/:site/lockdown': 'staff',
  'POST /api/sites/:site/lockdown': 'manager',
  'POST /api/readers/:site/:reader/enrolment': 'staff',
  'GET /api/readers/:site/:reader/enrolment': 'staff',
  'DELETE /api/readers/:site/:reader/enrolment': 'staff',

  // Devices: staff see their state; managers provision them
  'GET /api/devices': 'staff',
  'POST /api/devices': 'manager',
  'PATCH /api/devices/:id': 'manager',
  'POST /api/devices/:id/rotate': 'manager',
  'DELETE /api/devices/:id': 'manager',

  // Occupancy and analytics
  'GET /api/sites/:site/occupancy': 'staff',
  'GET /api/sites/:site/occupancy/cross-checks': 'staff',
  'GET /api/sites/:site/analytics/today': 'staff',
  'GET /api/sites/:site/analytics/heatmap': 'staff',
  'GET /api/sites/:site/analytics/utilisation': 'staff',
  'GET /api/sites/:site/analytics/peaks': 'staff',
  'GET /api/sites/:site/analytics/stays': 'staff',
  'GET /api/sites/:site/analytics/denials': 'staff',
  'GET /api/sites/:site/analytics/forecast': 'staff',
};

export function ruleFor(key: string): RouteRule | undefined {
  const entry = Object.hasOwn(routeRoles, key) ? routeRoles[key] : undefined;
  return typeof entry === 'string' ? { access: entry } : entry;
}
