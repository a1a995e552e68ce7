// Scenario A's baseline: an MQTT echo on the service's own client. An esp-rfid device publishes
// `{id}/ping` in its own namespace and the benchmark's service answers on `{id}/pong`, through
// the same broker and publish call as a badge decision, with no logic in between.
import type { DeviceBrokerPolicy } from '../apps/api/src/infra/mqtt/broker.service.js';

/** What the service subscribes to (bench/service-main.ts). */
export const PING_FILTER = '+/ping';
/** An echo device's topic is its id (bench/fleet-plan.ts). */
export const pingTopic = (deviceId: string) => `${deviceId}/ping`;
export const pongTopic = (deviceId: string) => `${deviceId}/pong`;

/**
 * The embedded broker hands the service only what the service reads for the publishing device
 * (the device registry's routes); the rest of a foreign device's namespace is acknowledged and
 * dropped ('discard', since e038f51). The registry does not know the benchmark's own `+/ping`
 * subscription, so every ping was dropped and the echo had no sample to report (its p99 read NaN).
 * This policy reads an echo device's own ping and nothing more: it turns only that 'discard' into
 * 'read', so what a device may publish, and every other fate, stay the product's.
 */
export function withEcho(policy: DeviceBrokerPolicy): DeviceBrokerPolicy {
  return {
    authenticate: (request) => policy.authenticate(request),
    publishFate: (deviceId, topic) => {
      const fate = policy.publishFate(deviceId, topic);
      return fate === 'discard' && topic === pingTopic(deviceId) ? 'read' : fate;
    },
    authorizeSubscribe: (deviceId, filter, clientId) => policy.authorizeSubscribe(deviceId, filter, clientId),
    mayReceive: (deviceId, topic) => policy.mayReceive(deviceId, topic),
    observe: (observation) => policy.observe(observation),
  };
}
