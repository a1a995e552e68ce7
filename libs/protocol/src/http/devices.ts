// Devices as the API answers them (contract §3, §7; docs/devices.md).
import { z } from 'zod';

export const ProvisionedDeviceSchema = z
  .object({
    id: z.string(),
    mqtt: z
      .object({ username: z.string(), password: z.string() })
      .nullable()
      .describe('Shown only this once; null for a Zigbee2MQTT sensor (its bridge publishes for it)'),
  })
  .describe('Identifiants MQTT');
export type ProvisionedDeviceBody = z.infer<typeof ProvisionedDeviceSchema>;

const count = z.number().int().min(0);

export const DeviceKindSchema = z.enum(['reader', 'desk-sensor', 'door-sensor', 'bridge'], 'reader, desk-sensor, door-sensor ou bridge');
export type DeviceKind = z.infer<typeof DeviceKindSchema>;
export const DeviceProtocolSchema = z.enum(['native', 'esp-rfid', 'tasmota', 'zigbee2mqtt'], 'native, esp-rfid, tasmota ou zigbee2mqtt');
export type DeviceProtocol = z.infer<typeof DeviceProtocolSchema>;
/** Same list as libs/domain's DESK_SENSOR_TYPES (the service's devices only compile while they agree). */
export const DeskSensorTypeSchema = z.enum(['pir', 'radar', 'contact', 'pressure'], 'pir, radar, contact ou pressure');

export const DeviceViewSchema = z.object({
  id: z.string(),
  kind: DeviceKindSchema,
  site: z.string(),
  protocol: DeviceProtocolSchema,
  door: z.string().optional(),
  desk: z.string().optional(),
  topic: z.string().optional(),
  bridge: z.string().optional(),
  uidFormat: z.enum(['auto', 'hex', 'decimal']).optional(),
  relay: z.number().int().optional(),
  name: z.string().optional(),
  hostname: z.string().optional(),
  doorName: z.string().optional(),
  sensor: DeskSensorTypeSchema.optional(),
  online: z.boolean(),
  lastSeen: z.string().nullable(),
  battery: z.number().nullable(),
  fw: z.string().nullable(),
  rssi: z.number().nullable(),
  /** Zigbee link quality (LQI, 0..255), not dBm. */
  linkquality: z.number().nullable(),
  createdAt: z.string(),
  /** Messages dropped, by cause. */
  errors: z.object({ oversized: count, malformed: count, unauthorised: count, 'unknown-topic': count, 'rate-limited': count }),
});
export type DeviceViewBody = z.infer<typeof DeviceViewSchema>;
