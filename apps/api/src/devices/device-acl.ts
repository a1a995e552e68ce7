// What each device may publish and subscribe to (contract section 2: a device publishes only under
// its own topics and subscribes only to its own decision or command topic and `seats`). One
// definition serves the embedded broker's checks and the ACL file written for Mosquitto.
import { allowListTopic, badgeTopic, decisionTopic, DEFAULT_ZIGBEE2MQTT_BASE, deviceStatusTopic, doorStateTopic, presenceTopic, seatsTopic } from '#protocol';
import type { PublishFate } from '../infra/mqtt/embedded-broker.js';
import { matches } from '../infra/mqtt/message-router.js';
import type { Device } from './device.types.js';

export interface DeviceAcl {
  /** Topic filters the device may publish to. */
  publish: string[];
  /** Topic filters within which the device may subscribe. */
  subscribe: string[];
  /**
   * What stock firmware publishes outside its own namespace and nobody reads (discovery for Home
   * Assistant and Tasmota, Tasmota's connect-time command to itself): accepted from the device on
   * the embedded broker and dropped there, never forwarded or retained. Shared by every device of
   * the protocol, so never a claim; the Mosquitto ACL leaves them out (Mosquitto drops a refused
   * publish without closing the connection).
   */
  discard?: string[];
  /**
   * What stock firmware subscribes to at connect outside its own namespace (Tasmota's group and
   * fallback topics, Zigbee2MQTT's Home Assistant topics): granted, because a refusal stops
   * Zigbee2MQTT's Home Assistant extension (mqtt.js rejects a refused grant), but nothing is ever
   * delivered on them: the broker forwards a device only what matches `subscribe`. `%c` is the
   * client id, as in a Mosquitto ACL pattern. Left out of the Mosquitto ACL, which cannot grant a
   * subscription without delivering on it.
   */
  silent?: string[];
}


// Home Assistant MQTT discovery, `<prefix>/<component>/[<node_id>/]<object_id>/config`: esp-rfid
// in HA mode (mqtt.esp, mqtt_publish_discovery), Tasmota with SetOption19 1, Zigbee2MQTT with
// `homeassistant: true`. The prefix is Home Assistant's default; another one is refused.
const HOME_ASSISTANT = 'homeassistant/#';

// Tasmota's default group topic (MQTT_GRPTOPIC) and its fallback topic, `<MqttClient>_fb`
// (xdrv_02_9_mqtt.ino MqttConnected subscribes `cmnd/<group>/#` and `cmnd/<client>_fb/#`).
const TASMOTA_SILENT = ['cmnd/tasmotas/#', 'cmnd/%c_fb/#'];

/**
 * Foreign firmwares get their own namespace, not only the topics we read: real firmwares publish
 * more than that (Tasmota answers every command on `stat/{topic}/RESULT` and `POWER`, sends
 * `tele/{topic}/STATE` every TelePeriod; esp-rfid logs under `{topic}/send` and `{topic}/io/*`),
 * and a refused publish ends the connection, so anything narrower would cut them off on every grant.
 */
export function deviceAcl(device: Device, root: string): DeviceAcl {
  const { site, id } = device;
  switch (device.protocol) {
    case 'native':
      return nativeAcl(device, root);
    case 'esp-rfid':
      // Its only subscription, Home Assistant mode or not, is `{topic}/cmd` (src/mqtt.esp onMqttConnect).
      return { publish: [`${device.topic}/#`], subscribe: [`${device.topic}/#`], discard: [HOME_ASSISTANT] };
    case 'tasmota':
      return {
        publish: [`tele/${device.topic}/#`, `stat/${device.topic}/#`],
        subscribe: [`cmnd/${device.topic}/#`],
        // At every connect Tasmota sends an empty `cmnd/<topic>/POWER` to itself (xdrv_02_9_mqtt.ino,
        // unless SetOption90 1), then `tasmota/discovery/<MAC>/config` and `/sensors`, retained
        // (empty to clear them when discovery is off: xdrv_12_discovery.ino).
        discard: [`cmnd/${device.topic}/#`, 'tasmota/discovery/+/config', 'tasmota/discovery/+/sensors', HOME_ASSISTANT],
        silent: TASMOTA_SILENT,
      };
    case 'zigbee2mqtt': {
      // Sensors have no credentials: their bridge publishes for them.
      if (device.kind !== 'bridge') return { publish: [], subscribe: [] };
      const base = device.topic ?? DEFAULT_ZIGBEE2MQTT_BASE;
      // With `homeassistant: enabled` it subscribes to `homeassistant/status` and `homeassistant/#`.
      return { publish: [`${base}/#`], subscribe: [`${base}/#`], discard: [HOME_ASSISTANT], silent: [HOME_ASSISTANT] };
    }
    default:
      throw new Error(`device ${id} on ${site}: unknown protocol`);
  }
}

function nativeAcl(device: Device, root: string): DeviceAcl {
  const { site, id } = device;
  const status = deviceStatusTopic(site, id, root);
  const seats = seatsTopic(site, root);
  switch (device.kind) {
    case 'reader':
      return {
        publish: [badgeTopic(site, id, root), status],
        subscribe: [decisionTopic(site, id, root), allowListTopic(site, id, root), seats],
      };
    case 'door-sensor':
      return { publish: [doorStateTopic(site, device.door!, root), status], subscribe: [seats] };
    case 'desk-sensor':
      return { publish: [presenceTopic(site, device.desk!, root), status], subscribe: [seats] };
    case 'bridge':
      return { publish: [], subscribe: [] };
  }
}

export function mayPublish(acl: DeviceAcl, topic: string): boolean {
  const levels = topic.split('/');
  return acl.publish.some((filter) => matches(filter.split('/'), levels));
}

/**
 * A publish the service reads is delivered to it; one it does not read, from within the device's
 * own namespace or its discard list, is dropped without closing the session; anything else is
 * refused. `reads` says whether the service subscribes to the topic for this device.
 */
export function publishFate(acl: DeviceAcl, topic: string, reads: (topic: string) => boolean): PublishFate {
  if (mayPublish(acl, topic)) return reads(topic) ? 'read' : 'discard';
  const levels = topic.split('/');
  return acl.discard?.some((filter) => matches(filter.split('/'), levels)) ? 'discard' : 'refuse';
}

/** Granted within `subscribe`, or within `silent` (`%c` standing for the client id). */
export function maySubscribe(acl: DeviceAcl, filter: string, clientId: string): boolean {
  if (acl.subscribe.some((allowed) => filterCovers(allowed, filter))) return true;
  // A client id with a separator or a wildcard would widen the pattern: no fallback topic for it.
  const usable = (allowed: string) => !allowed.includes('%c') || !/[/+#]/.test(clientId);
  return acl.silent?.some((allowed) => usable(allowed) && filterCovers(allowed.replace('%c', clientId), filter)) ?? false;
}

/**
 * What the broker may deliver to the device, of the messages matching a subscription it was
 * granted: only its own `subscribe` topics, never `silent` ones. Without silent grants every such
 * message is on its own topics, so the check is skipped: it runs for every delivery (a seats
 * update goes to every native device).
 */
export function mayReceive(acl: DeviceAcl, topic: string): boolean {
  if (!acl.silent) return true;
  const levels = topic.split('/');
  return acl.subscribe.some((filter) => matches(filter.split('/'), levels));
}

/** Whether every topic `requested` can match is matched by `allowed` [MQTT-4.7.1]. */
export function filterCovers(allowed: string, requested: string): boolean {
  const a = allowed.split('/');
  const r = requested.split('/');
  for (let i = 0; i < a.length; i++) {
    if (a[i] === '#') return true;
    if (i >= r.length || r[i] === '#') return false;
    if (a[i] === '+') continue;
    if (r[i] === '+' || a[i] !== r[i]) return false;
  }
  return a.length === r.length;
}

/** Whether some topic matches both filters: two devices' namespaces must never share one. */
export function filtersOverlap(first: string, second: string): boolean {
  const a = first.split('/');
  const b = second.split('/');
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    if (a[i] === '#' || b[i] === '#') return true;
    if (a[i] === undefined || b[i] === undefined) return false;
    if (a[i] !== '+' && b[i] !== '+' && a[i] !== b[i]) return false;
  }
  return true;
}
