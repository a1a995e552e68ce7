import { describe, expect, it } from 'vitest';
import type { Seat, SeatsSnapshot, ZoneSeats } from '../../../libs/protocol/src/wall-events.js';
import { lookOf } from './floor-plan.js';
import { SeatBoard } from './seat-board.js';

const seat = (id: string, state: Seat['state'], uncovered = false): Seat => ({ id, label: id, zone: 'open-space', state, since: '2026-03-04T08:00:00Z', ...(uncovered ? { uncovered: true as const } : {}) });

function board(desks: Seat[], zone: Partial<ZoneSeats> = {}): SeatBoard {
  const snapshot: SeatsSnapshot = {
    site: 'quimper', free: 0, occupied: 0, offline: 0, total: desks.length, desks,
    zones: [{ id: 'open-space', free: 0, occupied: 0, offline: 0, total: desks.length, headcount: 0, ...zone }],
  };
  const seats = new SeatBoard();
  seats.reset(snapshot);
  return seats;
}

describe('the wall counts uncovered desks from the server estimate', () => {
  it('uses the estimate while a desk has no sensor', () => {
    const seats = board([seat('a', 'free'), seat('b', 'offline', true), seat('c', 'offline', true)], { uncovered: 2, estimatedFree: 2, headcount: 1 });
    expect([seats.estimated(), seats.free(), seats.counts().free]).toEqual([true, 2, 1]);
    expect(lookOf(seats.seats.get('b'))).toBe('estimate');
  });

  it('counts live seats when every desk has a sensor, and a silent sensor stays unknown', () => {
    const seats = board([seat('a', 'free'), seat('b', 'offline')]);
    expect([seats.estimated(), seats.free()]).toEqual([false, 1]);
    expect(lookOf(seats.seats.get('b'))).toBe('offline');
  });

  it('a desk whose sensor speaks is covered from then on', () => {
    const seats = board([seat('a', 'offline', true)], { uncovered: 1, estimatedFree: 1 });
    seats.update({ id: 'a', state: 'occupied', since: '2026-03-04T09:00:00Z' });
    expect([seats.estimated(), seats.free(), lookOf(seats.seats.get('a'))]).toEqual([false, 0, 'occupied']);
  });

  it('a covered desk whose sensor then goes silent is unknown, not an estimate', () => {
    const seats = board([seat('a', 'offline', true)], { uncovered: 1, estimatedFree: 1 });
    seats.update({ id: 'a', state: 'occupied', since: '2026-03-04T09:00:00Z' });
    seats.update({ id: 'a', state: 'offline', since: '2026-03-04T09:40:00Z' });
    expect([seats.estimated(), lookOf(seats.seats.get('a'))]).toEqual([false, 'offline']);
  });
});
