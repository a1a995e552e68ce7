// Timings and limits of the devices feature, from the environment (all optional; defaults below).
// Parsed once at boot like the service's own configuration: a bad value stops startup naming it.
import { z } from 'zod';
import { ConfigError } from '../infra/config/config-error.js';
import type { ConnectionRate } from '../infra/mqtt/connection-rate.js';
import type { DeviceKind } from './device.types.js';

const seconds = (fallback: number) => z.preprocess((v) => (v === '' ? undefined : v), z.coerce.number().positive().default(fallback));

const schema = z.object({
  // Silence after which a device counts as offline. Readers: two esp-rfid heartbeats (180 s) or
  // Tasmota TelePeriods (300 s) missed; native devices should re-publish their status every 5 min.
  DEVICE_OFFLINE_READER_S: seconds(600),
  DEVICE_OFFLINE_DOOR_SENSOR_S: seconds(1800),
  DEVICE_OFFLINE_DESK_SENSOR_S: seconds(1800),
  DEVICE_OFFLINE_BRIDGE_S: seconds(600),
  // Zigbee2MQTT sensors report on change only and their bridge publishes availability itself;
  // 25 h is Zigbee2MQTT's own passive availability timeout.
  DEVICE_OFFLINE_ZIGBEE_S: seconds(25 * 3600),
  DEVICE_STATE_FLUSH_S: seconds(10),
  MQTT_CONNECT_BURST: seconds(50),
  MQTT_CONNECT_PER_SECOND: seconds(5),
});

export class DevicesSettings {
  readonly offlineAfterMs: Record<DeviceKind, number>;
  readonly zigbeeOfflineAfterMs: number;
  readonly flushEveryMs: number;
  readonly connectionRate: ConnectionRate;

  constructor(env: NodeJS.ProcessEnv = process.env) {
    const parsed = schema.safeParse(env);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      throw new ConfigError(String(issue.path[0]), issue.message);
    }
    const s = parsed.data;
    this.offlineAfterMs = {
      reader: s.DEVICE_OFFLINE_READER_S * 1000,
      'door-sensor': s.DEVICE_OFFLINE_DOOR_SENSOR_S * 1000,
      'desk-sensor': s.DEVICE_OFFLINE_DESK_SENSOR_S * 1000,
      bridge: s.DEVICE_OFFLINE_BRIDGE_S * 1000,
    };
    this.zigbeeOfflineAfterMs = s.DEVICE_OFFLINE_ZIGBEE_S * 1000;
    this.flushEveryMs = s.DEVICE_STATE_FLUSH_S * 1000;
    this.connectionRate = { burst: s.MQTT_CONNECT_BURST, perSecond: s.MQTT_CONNECT_PER_SECOND };
  }
}
