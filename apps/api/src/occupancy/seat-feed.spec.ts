import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createOccupancyState, listSeatChanges, reduceOccupancy, type OccupancyEvent, type OccupancyState } from '#domain';
import type { OccupancyListener, OccupancyService } from './occupancy.service.js';
import { FLUSH_INTERVAL_MS, SeatFeed, type SeatBatch } from './seat-feed.js';

/** The occupancy service as the feed sees it: one site, changes announced as the real one does. */
class FakeOccupancy {
  private current: OccupancyState = createOccupancyState(
    { site: 'quimper', zones: ['open-space'], desks: ['desk-01', 'desk-02', 'desk-03'].map((id) => ({ id, label: id, zone: 'open-space' })) },
    { at: new Date('2026-03-02T08:00:00Z') },
  );
  private listener?: OccupancyListener;
  siteIds = () => ['quimper'];
  state = () => this.current;
  onChange = (listener: OccupancyListener) => (this.listener = listener);
  apply(event: OccupancyEvent): void {
    const previous = this.current;
    this.current = reduceOccupancy(previous, event);
    if (this.current !== previous) this.listener?.({ site: 'quimper', previous, next: this.current, seats: listSeatChanges(previous, this.current) });
  }
}

describe('the seat feed of the wall screens', () => {
  let occupancy: FakeOccupancy;
  let batches: SeatBatch[];
  let seconds = 0;
  const presence = (desk: string, occupied: boolean) => occupancy.apply({ type: 'presence', desk, occupied, at: new Date(Date.UTC(2026, 2, 2, 8, 0, ++seconds)) });

  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'] });
    occupancy = new FakeOccupancy();
    const feed = new SeatFeed(occupancy as unknown as OccupancyService);
    feed.onModuleInit();
    batches = [];
    feed.subscribe((batch) => batches.push(batch));
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('sends a change that finds it idle at once, not after the interval', () => {
    presence('desk-01', true);
    vi.advanceTimersByTime(1);
    expect(batches).toEqual([{ site: 'quimper', seats: [{ id: 'desk-01', state: 'occupied', since: expect.any(String) }], zones: expect.any(Array) }]);
  });

  it('drops the queued changes of a site deleted before the batch went out', () => {
    presence('desk-01', true);
    vi.advanceTimersByTime(1);
    presence('desk-02', true);
    // The site leaves occupancy while its change waits; reading its state now would throw.
    occupancy.siteIds = () => [];
    occupancy.state = () => {
      throw new Error('Unknown site "quimper"');
    };
    expect(() => vi.advanceTimersByTime(FLUSH_INTERVAL_MS)).not.toThrow();
    expect(batches).toHaveLength(1);
  });

  it('folds the changes that follow a batch into one batch at the end of the interval', () => {
    presence('desk-01', true);
    vi.advanceTimersByTime(1);
    presence('desk-02', true);
    presence('desk-03', true);
    presence('desk-02', false);
    vi.advanceTimersByTime(FLUSH_INTERVAL_MS - 10);
    expect(batches).toHaveLength(1);
    vi.advanceTimersByTime(10);
    expect(batches).toHaveLength(2);
    expect(batches[1]!.seats.map((seat) => seat.id)).toEqual(['desk-02', 'desk-03']);
  });

  it('sends nothing for a report that changes no seat and no zone count', () => {
    presence('desk-01', true);
    vi.advanceTimersByTime(FLUSH_INTERVAL_MS * 2);
    presence('desk-01', true);
    vi.advanceTimersByTime(FLUSH_INTERVAL_MS * 2);
    expect(batches).toHaveLength(1);
  });
});
