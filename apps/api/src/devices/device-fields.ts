// Rows stored before the edge checks existed (issue 11): the checks themselves live in
// libs/protocol (http/device-fields.ts), shared with POST /api/devices's schema and the dashboard.
import { CONTROL_CHARACTERS, ID_PATTERN } from '#protocol';
import type { Device } from './device.types.js';

export { idProblem, topicProblem, TOPIC_MAX_LENGTH } from '#protocol';

/**
 * What makes a stored row unusable (rows written before these checks): what the broker would
 * refuse in a subscription or a login, or what would collide with the service's own account.
 * Milder faults (a space in a Tasmota topic) are left alone: the device worked before.
 */
export function storedDeviceProblem(device: Device, serviceUsername?: string): string | null {
  if (CONTROL_CHARACTERS.test(device.id) || !ID_PATTERN.test(device.id)) return 'id outside [a-z0-9-]{1,64}';
  if (device.id === serviceUsername) return 'id is the service\'s own MQTT username (MQTT_USERNAME)';
  const topic = device.topic;
  if (topic !== undefined && (CONTROL_CHARACTERS.test(topic) || /[+#$]/.test(topic) || topic.length === 0)) return 'topic with a control character, a wildcard or $';
  return null;
}
