// The provisioned devices as MQTT clients: what each kind subscribes to and announces, as
// firmware-sim's devices do (retained `online` status, `offline` last will, readers subscribed to
// their decision topic), with the topic builders of libs/protocol.
import { decisionTopic, deviceStatusTopic, presenceTopic } from '#protocol';
import type { MqttClient } from 'mqtt';
import { pongTopic } from './echo.js';
import { SITE } from './fleet-plan.js';
import { connectAll, type ClientSpec } from './mqtt.js';
import type { ProvisionedDevice } from './provisioning.js';

const ROOT = 'cantine';
const offline = JSON.stringify({ online: false });
const online = JSON.stringify({ online: true, fw: '1.4.2', rssi: -60 });

export const statusTopic = (id: string, site = SITE) => deviceStatusTopic(site, id, ROOT);
export const deskTopic = (desk: string) => presenceTopic(SITE, desk, ROOT);
export const readerDecisionTopic = (id: string) => decisionTopic(SITE, id, ROOT);
export const OFFLINE_PAYLOAD = offline;

/** `withCredentials: false` for the bare broker, which authenticates nobody. */
export function specOf(device: ProvisionedDevice, withCredentials = true): ClientSpec {
  const credentials = withCredentials ? { username: device.id, password: device.password } : {};
  if (device.role === 'echo') return { id: device.id, ...credentials, subscribe: [pongTopic(device.id)] };
  const status = statusTopic(device.id, device.site);
  const announce = {
    will: { topic: status, payload: offline, qos: 1 as const, retain: true },
    hello: { topic: status, payload: online, qos: 1 as const, retain: true },
  };
  if (device.role === 'desk-sensor' || device.role === 'extra') return { id: device.id, ...credentials, ...announce };
  return { id: device.id, ...credentials, ...announce, subscribe: [readerDecisionTopic(device.id)] };
}

export interface ConnectedDevice {
  device: ProvisionedDevice;
  client: MqttClient;
}

export async function connectDevices(
  url: string,
  devices: readonly ProvisionedDevice[],
  withCredentials = true,
): Promise<ConnectedDevice[]> {
  const clients = await connectAll(url, devices.map((device) => specOf(device, withCredentials)));
  return devices.map((device, index) => ({ device, client: clients[index]! }));
}
