// What a device's id and base topic may contain, checked at the edge (POST /api/devices), again on
// every stored row at start, and by `npm run mosquitto-files` before it writes a line. A pasted
// newline in a topic once answered 500, kept the row, injected lines into Mosquitto's ACL file and
// stopped the service from ever starting again on Mosquitto (issue 11). Messages are French: they
// reach the manager as the 400's field errors.
import { ID_PATTERN } from '#protocol';
import type { Device, DeviceProtocol } from './device.types.js';

/** C0 and C1 controls, DEL, and the Unicode line and paragraph separators. */
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/;

export const TOPIC_MAX_LENGTH = 120;

/** The service's own MQTT account and its variants, whatever MQTT_USERNAME says besides. */
const RESERVED_EXACT = ['cantine', 'admin'];
const RESERVED_PREFIX = 'cantine-service';

/** Why `id` cannot be a device id (its MQTT username), or null. `serviceUsername`: MQTT_USERNAME. */
export function idProblem(id: string, serviceUsername?: string): string | null {
  if (CONTROL.test(id)) return 'caractère de contrôle interdit';
  if (!ID_PATTERN.test(id)) return 'de 1 à 64 caractères parmi a-z, 0-9 et -';
  if (RESERVED_EXACT.includes(id) || id.startsWith(RESERVED_PREFIX) || id === serviceUsername) {
    return `« ${id} » est réservé au compte MQTT du service`;
  }
  return null;
}

/**
 * Why `topic` cannot be this firmware's base topic, or null. Spaces: Tasmota replaces them with
 * `_` in its `Topic` (MakeValidMqtt), so a topic typed with one would never match what it sends;
 * readers get one rule, and only Zigbee2MQTT friendly names (documented with spaces, e.g.
 * "bureau 12") keep inner ones.
 */
export function topicProblem(topic: string, protocol: DeviceProtocol, kind?: string): string | null {
  if (topic.length === 0) return 'sujet vide';
  if (topic.length > TOPIC_MAX_LENGTH) return `${TOPIC_MAX_LENGTH} caractères au plus`;
  if (CONTROL.test(topic)) return 'caractère de contrôle interdit (un retour à la ligne collé ?)';
  if (/[+#]/.test(topic)) return 'les jokers MQTT + et # sont interdits';
  if (topic.includes('$')) return 'le caractère $ est réservé au broker';
  if (topic.trim() !== topic) return 'pas d’espace au début ni à la fin';
  const friendlyName = protocol === 'zigbee2mqtt' && kind !== 'bridge';
  if (!friendlyName && topic.includes(' ')) return 'pas d’espace : ce firmware ne les accepte pas dans son sujet';
  if (topic.endsWith('/') || topic.includes('//')) return 'pas de niveau vide (ni « // » ni « / » final)';
  if (topic.split('/').some((level) => level.trim() !== level)) return 'pas d’espace autour d’un « / »';
  return null;
}

/**
 * What makes a stored row unusable (rows written before these checks): what the broker would
 * refuse in a subscription or a login, or what would collide with the service's own account.
 * Milder faults (a space in a Tasmota topic) are left alone: the device worked before.
 */
export function storedDeviceProblem(device: Device, serviceUsername?: string): string | null {
  if (CONTROL.test(device.id) || !ID_PATTERN.test(device.id)) return 'id outside [a-z0-9-]{1,64}';
  if (device.id === serviceUsername) return 'id is the service\'s own MQTT username (MQTT_USERNAME)';
  const topic = device.topic;
  if (topic !== undefined && (CONTROL.test(topic) || /[+#$]/.test(topic) || topic.length === 0)) return 'topic with a control character, a wildcard or $';
  return null;
}
