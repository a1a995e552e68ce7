// Kept for the imports of `ManagerRequest`: routes are authorised by RouteGuard and route-roles.ts.
export type { ManagerRequest } from './route.guard.js';
