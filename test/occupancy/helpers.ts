// Shared by the occupancy suites: drive the DeviceEvents bus as the devices pipeline will, and
// read what the service shows.
import { io, type Socket } from 'socket.io-client';
import type { SeatsSnapshot, WallServerToClientEvents } from '#protocol';
import { DeviceEvents } from '../../apps/api/src/devices/device-events.js';
import type { TestCantine } from '../support/app.js';

export type WallClient = Socket<WallServerToClientEvents, Record<string, never>>;

export function presence(cantine: TestCantine, desk: string, occupied: boolean, site = 'quimper'): void {
  cantine.app.get(DeviceEvents).publish({ type: 'presence', site, deviceId: `sensor-${desk}`, desk, occupied, receivedAt: new Date() });
}

export function sensorStatus(cantine: TestCantine, desk: string, online: boolean, site = 'quimper'): void {
  cantine.app
    .get(DeviceEvents)
    .publish({ type: 'device-status', site, deviceId: `sensor-${desk}`, kind: 'desk-sensor', desk, online, receivedAt: new Date() });
}

export async function getSeats(cantine: TestCantine, site = 'quimper'): Promise<SeatsSnapshot> {
  const response = await fetch(`${cantine.baseUrl}/api/sites/${site}/seats`);
  if (!response.ok) throw new Error(`GET seats: ${response.status}`);
  return (await response.json()) as SeatsSnapshot;
}

export function stateOf(seats: SeatsSnapshot, desk: string): string | undefined {
  return seats.desks.find((seat) => seat.id === desk)?.state;
}

/** A wall screen's socket, not yet connected (`autoConnect: false`) so listeners go on first. */
export function wallClient(cantine: TestCantine, query: Record<string, string> = { site: 'quimper' }): WallClient {
  return io(`${cantine.baseUrl}/wall`, { query, transports: ['websocket'], autoConnect: false, reconnection: false, forceNew: true });
}

/** Resolves with the first `event` the socket receives. */
export function nextEvent<E extends keyof WallServerToClientEvents>(
  socket: WallClient,
  event: E,
  timeoutMs = 3000,
): Promise<Parameters<WallServerToClientEvents[E]>[0]> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no "${event}" within ${timeoutMs} ms`)), timeoutMs);
    const listener = (value: Parameters<WallServerToClientEvents[E]>[0]) => {
      clearTimeout(timer);
      resolve(value);
    };
    (socket as unknown as { once(e: string, l: (v: unknown) => void): void }).once(event, listener as (v: unknown) => void);
  });
}

