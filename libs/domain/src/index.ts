// The rules of the place: pure TypeScript, no framework, no I/O, no clock (callers pass `now`).
export * from './access/index.js';
export * from './occupancy/index.js';
export * from './analytics/index.js';
export * from './csv.js';
export * from './cluster/index.js';
