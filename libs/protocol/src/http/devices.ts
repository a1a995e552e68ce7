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

export const DeviceViewSchema = z.object({
  id: z.string(),
  kind: z.enum(['reader', 'desk-sensor', 'door-sensor', 'bridge']),
  site: z.string(),
  protocol: z.enum(['native', 'esp-rfid', 'tasmota', 'zigbee2mqtt']),
  door: z.string().optional(),
  desk: z.string().optional(),
  topic: z.string().optional(),
  bridge: z.string().optional(),
  uidFormat: z.enum(['auto', 'hex', 'decimal']).optional(),
  relay: z.number().int().optional(),
  name: z.string().optional(),
  hostname: z.string().optional(),
  doorName: z.string().optional(),
  sensor: z.enum(['pir', 'radar', 'contact', 'pressure']).optional(),
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
