// Helpers for the devices suites: provisioning over HTTP, device MQTT clients, the event bus.
import mqtt, { type IClientOptions, type MqttClient } from 'mqtt';
import { DeviceEvents, type DeviceEvent } from '../../apps/api/src/devices/device-events.js';
import type { TestCantine } from './app.js';

export interface DeviceBody {
  id: string;
  kind: string;
  site?: string;
  protocol?: string;
  door?: string;
  desk?: string;
  topic?: string;
  bridge?: string;
  uidFormat?: string;
  relay?: number;
  sensor?: string;
  hostname?: string;
  doorName?: string;
}

export async function provision(baseUrl: string, headers: Record<string, string>, body: DeviceBody | Record<string, unknown>) {
  const response = await fetch(`${baseUrl}/api/devices`, {
    method: 'POST',
    headers,
    body: JSON.stringify({ site: 'quimper', protocol: 'native', ...body }),
  });
  return { status: response.status, body: (await response.json()) as Record<string, any> };
}

/** Provisions and returns the device's secret (throws on anything but 201). */
export async function provisioned(baseUrl: string, headers: Record<string, string>, body: DeviceBody): Promise<string> {
  const { status, body: answer } = await provision(baseUrl, headers, body);
  if (status !== 201) throw new Error(`provisioning ${body.id}: ${status} ${JSON.stringify(answer)}`);
  return answer.mqtt?.password ?? '';
}

/** Connects like a device: client id = username, TCP_NODELAY on, no reconnection. Rejects on refusal or close. */
export function connectDevice(
  port: number,
  username: string | undefined,
  password: string | undefined,
  options: IClientOptions = {},
): Promise<MqttClient> {
  const client = mqtt.connect(`mqtt://127.0.0.1:${port}`, {
    clientId: username,
    username,
    password,
    reconnectPeriod: 0,
    connectTimeout: 3000,
    ...options,
  });
  return new Promise((resolve, reject) => {
    const fail = (error: Error) => {
      client.end(true);
      reject(error);
    };
    client.once('connect', () => {
      (client.stream as { setNoDelay?: (on: boolean) => void }).setNoDelay?.(true);
      resolve(client);
    });
    client.once('error', fail);
    client.once('close', () => fail(new Error('connection closed before CONNACK')));
  });
}

/** Resolves once the client's connection is closed. */
export function closed(client: MqttClient, timeoutMs = 3000): Promise<boolean> {
  if (!client.connected) return Promise.resolve(true);
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), timeoutMs);
    client.once('close', () => {
      clearTimeout(timer);
      resolve(true);
    });
  });
}

/** The next message a client receives on `topic`. */
/** The next message on `topic` that `accept` takes (any, by default). */
export function nextMessage(
  client: MqttClient,
  topic: string,
  timeoutMs = 3000,
  accept: (payload: string) => boolean = () => true,
): Promise<string> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no message on ${topic} within ${timeoutMs} ms`)), timeoutMs);
    const onMessage = (received: string, payload: Buffer) => {
      if (received !== topic || !accept(payload.toString('utf8'))) return;
      clearTimeout(timer);
      client.off('message', onMessage);
      resolve(payload.toString('utf8'));
    };
    client.on('message', onMessage);
  });
}

/** Records every event the service publishes on its DeviceEvents bus. */
export function recordEvents(cantine: TestCantine): DeviceEvent[] {
  const events: DeviceEvent[] = [];
  const bus = cantine.app.get(DeviceEvents);
  for (const type of ['badge', 'door', 'presence', 'device-status'] as const) bus.on(type, (event) => events.push(event));
  return events;
}

export async function listDevices(baseUrl: string, headers: Record<string, string>): Promise<Array<Record<string, any>>> {
  const response = await fetch(`${baseUrl}/api/devices`, { headers });
  if (!response.ok) throw new Error(`GET /api/devices: ${response.status}`);
  return (await response.json()) as Array<Record<string, any>>;
}
