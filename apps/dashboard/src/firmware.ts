// What to type into each firmware once a device is provisioned (docs/devices.md, "What to type
// where" and "Stock firmware"): the same settings the service expects, ready to copy.
import type { DeviceView } from './types.js';

export type FirmwareDevice = Pick<DeviceView, 'id' | 'kind' | 'protocol' | 'topic' | 'relay'>;

export interface Broker {
  host: string;
  port: number;
}

/** The firmware's configuration for a device and its secret (null: a Zigbee2MQTT sensor has none). */
export function firmwareConfig(device: FirmwareDevice, password: string | null, broker: Broker): string {
  const { host, port } = broker;
  const topic = device.topic ?? '';
  switch (device.protocol) {
    case 'tasmota': {
      const relay = device.relay ?? 1;
      // SensorRetain 0, PowerOnState 0 and SetOption90 1 as docs/devices.md asks of a door reader.
      return `Backlog MqttHost ${host}; MqttPort ${port}; MqttUser ${device.id}; MqttPassword ${password ?? ''}; Topic ${topic}; FullTopic %prefix%/%topic%/; SensorRetain 0; PowerOnState 0; SetOption90 1; PulseTime${relay} 50`;
    }
    case 'esp-rfid':
      return [
        'esp-rfid (dev) › Settings › MQTT',
        'Enabled: yes',
        `Server: ${host}`,
        `Port: ${port}`,
        `Topic: ${topic}`,
        `User: ${device.id}`,
        `Password: ${password ?? ''}`,
        'Reader: MFRC522 ; PIN code only: off ; local user list: empty',
      ].join('\n');
    case 'zigbee2mqtt':
      if (device.kind === 'bridge') {
        return ['# configuration.yaml', 'mqtt:', `  base_topic: ${topic || 'zigbee2mqtt'}`, `  server: mqtt://${host}:${port}`, `  user: ${device.id}`, `  password: ${password ?? ''}`, 'advanced:', '  output: json'].join('\n');
      }
      return ['# configuration.yaml › devices (the bridge publishes for this sensor)', "'0x…':", `  friendly_name: '${topic.replaceAll("'", "''")}'`].join('\n');
    default:
      return [`host: ${host}`, `port: ${port}`, `client id: ${device.id}`, `username: ${device.id}`, `password: ${password ?? ''}`].join('\n');
  }
}

/** The protocols each kind of device can speak (the API refuses other pairs). */
export const PROTOCOLS_OF: Record<string, string[]> = {
  reader: ['native', 'esp-rfid', 'tasmota'],
  'door-sensor': ['native', 'zigbee2mqtt'],
  'desk-sensor': ['native', 'zigbee2mqtt'],
  bridge: ['zigbee2mqtt'],
};
