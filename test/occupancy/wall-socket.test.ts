// socket.io `/wall` with real clients (contract §5): snapshot on connect, seat deltas, coalescing
// under a burst, the snapshot again after a reconnect, and refusal of an unknown site.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { SeatUpdate, ZoneSeats } from '#protocol';
import { startTestCantine, type TestCantine } from '../support/app.js';
import { getSeats, nextEvent, presence, sensorStatus, wallClient, type WallClient } from './helpers.js';
import { eventually } from '../support/eventually.js';

describe.shuffle('the /wall namespace', () => {
  let cantine: TestCantine;
  const sockets: WallClient[] = [];
  const connect = (query?: Record<string, string>) => {
    const socket = wallClient(cantine, query);
    sockets.push(socket);
    return socket;
  };

  beforeAll(async () => {
    cantine = await startTestCantine();
  });
  afterEach(() => {
    for (const socket of sockets.splice(0)) socket.disconnect();
  });
  afterAll(() => cantine.dispose());

  it('sends the same body as GET seats on connect, on the API port', async () => {
    presence(cantine, 'desk-05', true);
    const socket = connect();
    const snapshot = nextEvent(socket, 'seats');
    socket.connect();
    expect(await snapshot).toEqual(await getSeats(cantine));
  });

  it('defaults to the first site when the handshake names none', async () => {
    const socket = connect({});
    const snapshot = nextEvent(socket, 'seats');
    socket.connect();
    expect((await snapshot).total).toBe(24);
  });

  it('answers an unknown site with an error event, then disconnects', async () => {
    const socket = connect({ site: 'atlantis' });
    const error = nextEvent(socket, 'error');
    const disconnected = new Promise<string>((resolve) => socket.on('disconnect', resolve));
    socket.connect();
    expect(await error).toEqual({ message: 'Site inconnu « atlantis »' });
    expect(await disconnected).toBe('io server disconnect');
  });

  it('sends a seat event for each change, and the zone counts', async () => {
    presence(cantine, 'desk-06', false); // whatever an earlier test left there
    const socket = connect();
    const snapshot = nextEvent(socket, 'seats');
    socket.connect();
    const occupiedBefore = (await snapshot).zones.find((zone) => zone.id === 'open-space')!.occupied;
    // Collected rather than awaited once: a batch from an earlier test may still be on its way.
    const seats: SeatUpdate[] = [];
    const zones: ZoneSeats[][] = [];
    socket.on('seat', (update) => seats.push(update));
    socket.on('zones', (update) => zones.push(update));
    presence(cantine, 'desk-06', true);
    await eventually(() => expect(seats).toContainEqual({ id: 'desk-06', state: 'occupied', since: expect.any(String) }));
    await eventually(() => expect(zones.at(-1)?.find((zone) => zone.id === 'open-space')).toMatchObject({ occupied: occupiedBefore + 1 }));
  });

  it('coalesces a burst of 1,000 events: few messages, and every desk ends on its latest state', async () => {
    const socket = connect();
    const snapshot = nextEvent(socket, 'seats');
    socket.connect();
    const states = new Map((await snapshot).desks.map((seat) => [seat.id, seat.state as string]));
    const received: SeatUpdate[] = [];
    socket.on('seat', (update) => {
      received.push(update);
      states.set(update.id, update.state);
    });

    // Every event flips a desk between offline (last will) and live (presence), so each one is a change.
    for (let i = 0; i < 1000; i++) {
      const desk = `desk-${String((i % 24) + 1).padStart(2, '0')}`;
      if (Math.floor(i / 24) % 2 === 0) sensorStatus(cantine, desk, false);
      else presence(cantine, desk, i % 3 === 0);
    }

    const expected = new Map((await getSeats(cantine)).desks.map((seat) => [seat.id, seat.state as string]));
    await eventually(() => expect(states).toEqual(expected));
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(received.length).toBeGreaterThan(0);
    expect(received.length).toBeLessThanOrEqual(48);
    expect(states).toEqual(expected);
  });

  it('sends the whole picture again after a reconnect', async () => {
    const socket = wallClient(cantine);
    sockets.push(socket);
    const first = nextEvent(socket, 'seats');
    socket.connect();
    await first;
    socket.disconnect();
    presence(cantine, 'desk-10', true);
    const again = nextEvent(socket, 'seats');
    socket.connect();
    const snapshot = await again;
    expect(snapshot.desks.find((seat) => seat.id === 'desk-10')?.state).toBe('occupied');
    expect(snapshot).toEqual(await getSeats(cantine));
  });
});
