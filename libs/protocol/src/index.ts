// The single source of truth for Cantine's MQTT device protocol (contract section 2): topics,
// message schemas, the decoder, UID normalisation, foreign firmware converters and golden fixtures.
export const PROTOCOL_VERSION = 1;

export * from './topics.js';
export * from './messages.js';
export * from './uid.js';
export * from './printed-uid.js';
export { decodeMessage, encodeMessage, describeIssues, type DecodedMessage, type DecodeResult } from './codec.js';
export { type DecodeError, type DecodeFailure, type JsonObject } from './payload.js';
export * from './converters/index.js';
export * from './fixtures/index.js';
export * from './wall-events.js';
export * from './manager-events.js';
// Node-only (node:crypto): fine in the barrel, browsers import wall-events.ts directly.
export * from './signing.js';
export * from './allow-list.js';
// HTTP API shapes shared by the service, the dashboard and /api/docs.
export * from './http/index.js';
