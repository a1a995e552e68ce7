// What a device's id and base topic may contain, checked at the edge (POST /api/devices), again on
// every stored row at start, and by `npm run mosquitto-files` before it writes a line. A pasted
// newline in a topic once answered 500, kept the row, injected lines into Mosquitto's ACL file and
// stopped the service from ever starting again on Mosquitto (issue 11). Messages are French: they
// reach the manager as the 400's field errors.
import { ID_PATTERN } from '../topics.js';

import type { DeviceProtocol } from './devices.js';

/** C0 and C1 controls, DEL, and the Unicode line and paragraph separators. */
export const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/;

export const TOPIC_MAX_LENGTH = 120;

/** The service's own MQTT account and its variants, whatever MQTT_USERNAME says besides. */
const RESERVED_EXACT = ['cantine', 'admin'];
const RESERVED_PREFIX = 'cantine-service';

/** Why `id` cannot be a device id (its MQTT username), or null. `serviceUsername`: MQTT_USERNAME. */
export function idProblem(id: string, serviceUsername?: string): string | null {
  if (CONTROL_CHARACTERS.test(id)) return 'caractère de contrôle interdit';
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
  if (CONTROL_CHARACTERS.test(topic)) return 'caractère de contrôle interdit (un retour à la ligne collé ?)';
  if (/[+#]/.test(topic)) return 'les jokers MQTT + et # sont interdits';
  if (topic.includes('$')) return 'le caractère $ est réservé au broker';
  if (topic.trim() !== topic) return 'pas d’espace au début ni à la fin';
  const friendlyName = protocol === 'zigbee2mqtt' && kind !== 'bridge';
  if (!friendlyName && topic.includes(' ')) return 'pas d’espace : ce firmware ne les accepte pas dans son sujet';
  if (topic.endsWith('/') || topic.includes('//')) return 'pas de niveau vide (ni « // » ni « / » final)';
  if (topic.split('/').some((level) => level.trim() !== level)) return 'pas d’espace autour d’un « / »';
  return null;
}
