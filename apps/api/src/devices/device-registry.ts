// Every provisioned device in memory, indexed the ways messages name them: by id (native readers
// and status topics), by the desk or door a sensor is bound to, and by each foreign topic.
import { Injectable } from '@nestjs/common';
import { DEFAULT_ZIGBEE2MQTT_BASE, deviceSubscriptions, type DeviceContext } from '#protocol';
import { AppConfig } from '../infra/config/app-config.js';
import { deviceAcl, type DeviceAcl } from './device-acl.js';
import type { Device } from './device.types.js';

/** A foreign topic and what arrives on it: a device's own message, or a bridge's own state. */
export interface ForeignRoute {
  device: Device;
  role: 'device' | 'bridge-state';
  /** esp-rfid readers sharing this topic (provisioning checked it), `device` among them: who sent is in the payload. */
  peers?: Device[];
}

@Injectable()
export class DeviceRegistry {
  private readonly devices = new Map<string, Device>();
  private readonly sensors = new Map<string, string>();
  private readonly routes = new Map<string, ForeignRoute>();
  private readonly acls = new Map<string, DeviceAcl>();

  constructor(private readonly config: AppConfig) {}

  get root(): string {
    return this.config.mqtt.topicRoot;
  }

  /**
   * Adds a device (a bridge must be added before its sensors). A topic read for another device
   * already (other than esp-rfid readers sharing one) is a `TopicTaken`, nothing added: a topic is
   * routed to one device, and the later one used to take it silently (two Zigbee2MQTT bridges of
   * one base topic, stored past provisioning's check: the first bridge's state went to the second,
   * and deleting the second left the first unread).
   */
  add(device: Device): void {
    const topics = this.topicsOf(device);
    for (const topic of topics) {
      const holder = this.routes.get(topic)?.device;
      if (holder && holder.id !== device.id && !(holder.protocol === 'esp-rfid' && device.protocol === 'esp-rfid')) throw new TopicTaken(topic, holder.id);
    }
    this.devices.set(device.id, device);
    if (device.kind === 'desk-sensor' && device.desk) this.sensors.set(bindingKey(device.site, 'desk', device.desk), device.id);
    if (device.kind === 'door-sensor' && device.door) this.sensors.set(bindingKey(device.site, 'door', device.door), device.id);
    const role = device.kind === 'bridge' ? 'bridge-state' : 'device';
    for (const topic of topics) {
      const shared = this.routes.get(topic);
      const peers = shared && shared.device.protocol === 'esp-rfid' && device.protocol === 'esp-rfid' ? [...(shared.peers ?? [shared.device]), device] : undefined;
      this.routes.set(topic, peers ? { ...shared!, peers } : { device, role });
    }
    this.acls.set(device.id, deviceAcl(device, this.root));
  }

  /** Forgets a device: its bindings, routes and ACL (a deletion, or the first half of a move). */
  remove(id: string): Device | undefined {
    const device = this.devices.get(id);
    if (!device) return undefined;
    this.devices.delete(id);
    for (const [key, sensor] of this.sensors) if (sensor === id) this.sensors.delete(key);
    for (const [topic, route] of this.routes) {
      const peers = route.peers?.filter((peer) => peer.id !== id);
      if (peers && peers.length > 1) this.routes.set(topic, { ...route, device: peers[0]!, peers });
      else if (peers && peers.length === 1) this.routes.set(topic, { device: peers[0]!, role: route.role });
      else if (route.device.id === id) this.routes.delete(topic);
    }
    this.acls.delete(id);
    return device;
  }

  /** The sensors whose bridge this is: a bridge is deleted after them. */
  sensorsOf(bridgeId: string): Device[] {
    return this.all().filter((device) => device.bridge === bridgeId);
  }

  get(id: string): Device | undefined {
    return this.devices.get(id);
  }

  all(): Device[] {
    return [...this.devices.values()];
  }

  deskSensor(site: string, desk: string): Device | undefined {
    return this.devices.get(this.sensors.get(bindingKey(site, 'desk', desk)) ?? '');
  }

  doorSensor(site: string, door: string): Device | undefined {
    return this.devices.get(this.sensors.get(bindingKey(site, 'door', door)) ?? '');
  }

  route(topic: string): ForeignRoute | undefined {
    return this.routes.get(topic);
  }

  acl(id: string): DeviceAcl | undefined {
    return this.acls.get(id);
  }

  /** Exact topics the service subscribes to for a foreign device (none for a native one). */
  topicsOf(device: Device): string[] {
    if (device.protocol === 'native') return [];
    if (device.kind === 'bridge') return [bridgeStateTopic(device)];
    return deviceSubscriptions(device.protocol, this.contextOf(device));
  }

  /** What the protocol's converter needs to know about the device. */
  contextOf(device: Device): DeviceContext {
    const bridge = device.bridge ? this.devices.get(device.bridge) : undefined;
    return {
      topic: device.topic ?? '',
      ...(bridge ? { bridgeTopic: bridge.topic ?? DEFAULT_ZIGBEE2MQTT_BASE } : {}),
      ...(device.uidFormat ? { uidFormat: device.uidFormat } : {}),
      ...(device.relay !== undefined ? { relay: device.relay } : {}),
    };
  }
}

/** A device whose topic is already read for another one (provisioning refuses it first: docs/devices.md). */
export class TopicTaken extends Error {
  constructor(
    readonly topic: string,
    readonly holder: string,
  ) {
    super(`its topic ${topic} is already read for device ${JSON.stringify(holder)}: delete one of them`);
  }
}

function bindingKey(site: string, what: 'desk' | 'door', id: string): string {
  return `${site}/${what}/${id}`;
}

/** Zigbee2MQTT's own retained `online` / `offline` (or `{"state":…}`), with its last will. */
export function bridgeStateTopic(bridge: Device): string {
  return `${bridge.topic ?? DEFAULT_ZIGBEE2MQTT_BASE}/bridge/state`;
}
