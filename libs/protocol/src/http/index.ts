// The HTTP API's shapes (contract §3, §7): one zod schema each, types from z.infer. The service
// declares its answers with them, /api/docs shows them, the dashboard's types.ts re-exports them.
export * from './errors.js';
export * from './auth.js';
export * from './members.js';
export * from './accounts.js';
export * from './devices.js';
export * from './seats.js';
export * from './access.js';
export * from './wall.js';
export * from './member-requests.js';
export * from './access-requests.js';
export * from './device-fields.js';
export * from './device-requests.js';
export * from './analytics.js';
export * from './sites.js';
export * from './statements.js';
export * from './member-records.js';
export * from './health.js';
export * from './params.js';
export * from './site-definition.js';
