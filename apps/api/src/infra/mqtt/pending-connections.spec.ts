import { afterEach, describe, expect, it, vi } from 'vitest';
import { PendingConnections } from './pending-connections.js';

describe('connections not yet authenticated', () => {
  afterEach(() => vi.useRealTimers());

  const track = (pending: PendingConnections, names: string[]) => {
    const closed: string[] = [];
    const keys = Object.fromEntries(names.map((name) => [name, { name }]));
    for (const name of names) pending.add(keys[name]!, (reason) => closed.push(`${name} ${reason}`));
    return { closed, keys };
  };

  it('closes the oldest idle one to make room past the cap, and always lets the newcomer in', () => {
    const pending = new PendingConnections({ maxPending: 3, connectDeadlineMs: 10_000 });
    const { closed, keys } = track(pending, ['a', 'b', 'c']);
    pending.active(keys.a!);
    const more = track(pending, ['d', 'e']);
    expect(closed).toEqual(['b evicted', 'c evicted']);
    expect(more.closed).toEqual([]);
    expect(pending.size).toBe(3);
  });

  it('closes the oldest of those that started a CONNECT when none is idle', () => {
    const pending = new PendingConnections({ maxPending: 2, connectDeadlineMs: 10_000 });
    const { closed, keys } = track(pending, ['a', 'b']);
    pending.active(keys.a!);
    pending.active(keys.b!);
    track(pending, ['c']);
    expect(closed).toEqual(['a evicted']);
  });

  it('closes one not authenticated by its deadline, and forgets one that was', () => {
    vi.useFakeTimers();
    const pending = new PendingConnections({ maxPending: 10, connectDeadlineMs: 5000 });
    const { closed, keys } = track(pending, ['slow', 'device']);
    vi.advanceTimersByTime(10);
    pending.remove(keys.device!);
    vi.advanceTimersByTime(4989);
    expect(closed).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(closed).toEqual(['slow deadline']);
    expect(pending.size).toBe(0);
  });
});
