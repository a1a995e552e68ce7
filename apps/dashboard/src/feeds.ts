// The two live feeds: `/wall` (public seats, the same events as the wall screen) and `/manager`
// (access events, alarms and enrolment outcomes; the token goes in the handshake's `auth.token`).
import { io, type Socket } from 'socket.io-client';
import type { ManagerServerToClientEvents as ManagerEvents } from '../../../libs/protocol/src/manager-events.js';
import type { WallServerToClientEvents } from '../../../libs/protocol/src/wall-events.js';
import type { AccessEvent, EnrolmentResult, SeatsSnapshot } from './types.js';

type Listener<T> = (value: T) => void;

export class Feeds {
  seats: SeatsSnapshot | null = null;
  private wall?: Socket<WallServerToClientEvents>;
  private manager?: Socket<ManagerEvents>;
  private readonly listeners = {
    seats: [] as Array<Listener<SeatsSnapshot>>,
    access: [] as Array<Listener<AccessEvent>>,
    enrolment: [] as Array<Listener<EnrolmentResult>>,
    connected: [] as Array<Listener<boolean>>,
  };

  /** Resolves with the first snapshot, which also names the site when none was asked for. */
  connect(site: string | null, token: string, onRefused: () => void): Promise<SeatsSnapshot> {
    this.manager = io('/manager', { auth: { token }, transports: ['websocket'], reconnectionDelayMax: 5_000 });
    this.manager.on('access', (event) => this.emit('access', event));
    this.manager.on('enrolment', (result) => this.emit('enrolment', result));
    // The server says why, then hangs up: the token is no longer valid.
    this.manager.on('error', () => onRefused());
    this.wall = io('/wall', { query: site ? { site } : {}, transports: ['websocket'], reconnectionDelayMax: 5_000 });
    this.wall.on('seat', (change) => this.applySeat(change.id, change.state, change.since));
    this.wall.on('zones', (zones) => {
      if (!this.seats) return;
      this.seats.zones = zones;
      this.emit('seats', this.seats);
    });
    this.wall.on('connect', () => this.emit('connected', true));
    this.wall.on('disconnect', () => this.emit('connected', false));
    return new Promise((resolve, reject) => {
      this.wall!.on('seats', (snapshot) => {
        this.seats = snapshot;
        this.emit('seats', snapshot);
        resolve(snapshot);
      });
      this.wall!.on('error', (problem) => reject(new Error(problem.message)));
    });
  }

  on<E extends keyof Feeds['listeners']>(event: E, listener: Feeds['listeners'][E][number]): () => void {
    const list = this.listeners[event] as Array<typeof listener>;
    list.push(listener);
    return () => list.splice(list.indexOf(listener), 1);
  }

  get connected(): boolean {
    return this.wall?.connected ?? false;
  }

  close(): void {
    this.wall?.close();
    this.manager?.close();
    this.seats = null;
  }

  private applySeat(id: string, state: 'free' | 'occupied' | 'offline', since: string): void {
    const seat = this.seats?.desks.find((desk) => desk.id === id);
    if (!seat || !this.seats) return;
    this.seats[seat.state] -= 1;
    this.seats[state] += 1;
    Object.assign(seat, { state, since });
    this.emit('seats', this.seats);
  }

  private emit<E extends keyof Feeds['listeners']>(event: E, value: Parameters<Feeds['listeners'][E][number]>[0]): void {
    for (const listener of [...this.listeners[event]]) (listener as (v: typeof value) => void)(value);
  }
}
