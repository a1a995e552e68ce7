import { SetMetadata } from '@nestjs/common';
import type { ManagerRole } from './manager.entity.js';

export const ROLES_KEY = 'cantine:roles';

/**
 * Restricts a route (or a whole controller) behind ManagerGuard to some roles. Without it, any
 * signed-in account may call the route: the staff member who opens the place sees the live view,
 * the access log and the members, and unlocks doors; only managers provision devices, create
 * accounts and erase members.
 */
export const RequireRole = (...roles: ManagerRole[]) => SetMetadata(ROLES_KEY, roles);
