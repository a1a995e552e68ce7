// A wall screen as the harness sees it: a socket.io client on `/wall` (contract section 5) that
// keeps the latest state of every seat and the latest zone counts, with when each arrived.
import { performance } from 'node:perf_hooks';
import { io, type Socket } from 'socket.io-client';
import type { SeatsSnapshot, SeatUpdate, ZoneSeats } from '#protocol';
import { SITE } from './fleet-plan.js';

export class WallScreen {
  readonly seats = new Map<string, string>();
  zones: ZoneSeats[] = [];
  /** Called on every `seat` event with its arrival time. */
  onSeat?: (update: SeatUpdate, at: number) => void;
  private constructor(readonly socket: Socket) {}

  static open(baseUrl: string): Promise<WallScreen> {
    const socket = io(`${baseUrl}/wall`, { query: { site: SITE }, transports: ['websocket'], reconnection: false, forceNew: true });
    const screen = new WallScreen(socket);
    socket.on('seat', (update: SeatUpdate) => {
      screen.seats.set(update.id, update.state);
      screen.onSeat?.(update, performance.now());
    });
    socket.on('zones', (zones: ZoneSeats[]) => {
      screen.zones = zones;
    });
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('no seats snapshot from /wall within 10 s')), 10_000);
      socket.once('seats', (snapshot: SeatsSnapshot) => {
        clearTimeout(timer);
        for (const desk of snapshot.desks) screen.seats.set(desk.id, desk.state);
        screen.zones = snapshot.zones ?? [];
        resolve(screen);
      });
      socket.once('connect_error', (error) => {
        clearTimeout(timer);
        reject(error);
      });
    });
  }

  zone(id: string): ZoneSeats | undefined {
    return this.zones.find((zone) => zone.id === id);
  }

  close(): void {
    this.socket.disconnect();
  }
}
