import { describe, expect, it } from 'vitest';
import { DeskTable } from './desk-table.js';
import type { DeskOccupancy, DeskState } from './occupancy-state.js';

const desk = (id: string, state: DeskState, zone = 'open-space'): DeskOccupancy => ({
  id,
  state,
  since: '2026-03-02T08:00:00.000Z',
  reportedOccupied: state === 'occupied',
  label: id,
  zone,
  sensor: 'pir',
});

const layout = Array.from({ length: 400 }, (_, i) => desk(`d-${i}`, i % 3 === 0 ? 'occupied' : 'free', i % 2 === 0 ? 'open-space' : 'loft'));

describe('a desk table: an immutable map of desks whose versions share structure', () => {
  it('reads, iterates and counts like the Map it replaces, through many versions', () => {
    let table = DeskTable.from(layout);
    const reference = new Map(layout.map((d) => [d.id, d]));
    const versions: Array<[DeskTable, Map<string, DeskOccupancy>]> = [];
    for (let step = 0; step < 300; step++) {
      const id = `d-${(step * 37) % 400}`;
      const state = (['free', 'occupied', 'offline'] as const)[step % 3]!;
      // Every other offline desk had a sensor that spoke (offline), the rest never heard from (uncovered).
      const next = { ...desk(id, state, reference.get(id)!.zone), ...(step % 2 === 0 ? { lastSeenAt: '2026-03-02T08:30:00.000Z' } : {}) };
      table = table.with([next]);
      reference.set(id, next);
      versions.push([table, new Map(reference)]);
    }
    // Every version still shows what it showed when it was made (the side table was folded in on the way).
    for (const [version, expected] of versions) {
      expect([...version.entries()]).toEqual([...expected.entries()]);
      expect(version.size).toBe(expected.size);
      for (const zone of ['open-space', 'loft']) {
        const desks = [...expected.values()].filter((d) => d.zone === zone);
        const counted = (state: DeskState) => desks.filter((d) => d.state === state).length;
        expect(version.occupiedIn(zone)).toBe(counted('occupied'));
        expect(version.tallyOf(zone)).toEqual({
          free: counted('free'),
          occupied: counted('occupied'),
          offline: counted('offline'),
          uncovered: desks.filter((d) => d.state === 'offline' && d.lastSeenAt === undefined).length,
        });
      }
      expect(version.tallyOf().free).toBe([...expected.values()].filter((d) => d.state === 'free').length);
    }
  });

  it('counts a desk replaced twice in one version once, and a zone without desks as empty', () => {
    const table = DeskTable.from(layout).with([desk('d-0', 'free'), desk('d-0', 'offline')]);
    const before = DeskTable.from(layout).tallyOf('open-space');
    expect(table.tallyOf('open-space')).toEqual({ ...before, occupied: before.occupied - 1, offline: before.offline + 1, uncovered: before.uncovered + 1 });
    expect(table.tallyOf('hall')).toEqual({ free: 0, occupied: 0, offline: 0, uncovered: 0 });
  });

  it('names the desks a later version replaced, in layout order', () => {
    const first = DeskTable.from(layout);
    const second = first.with([desk('d-9', 'offline', 'loft'), desk('d-2', 'occupied')]);
    const third = second.with([desk('d-5', 'offline', 'loft')]);
    expect(third.replacedSince(first)?.map((d) => d.id)).toEqual(['d-2', 'd-5', 'd-9']);
    expect(third.replacedSince(second)?.map((d) => d.id)).toEqual(['d-5']);
    expect(third.replacedSince(third)).toEqual([]);
  });

  it('cannot tell what changed against a table on another base, or a plain Map', () => {
    const first = DeskTable.from(layout);
    expect(first.with([desk('d-1', 'offline', 'loft')]).replacedSince(DeskTable.from(layout))).toBeUndefined();
    expect(first.replacedSince(new Map(layout.map((d) => [d.id, d])))).toBeUndefined();
  });
});

describe('a desk table as a ReadonlyMap', () => {
  const table = DeskTable.from(layout.slice(0, 3)).with([desk('d-1', 'offline', 'loft')]);

  it('answers has, keys and forEach as a Map of its current desks, in layout order', () => {
    expect(table.has('d-1')).toBe(true);
    expect(table.has('d-9')).toBe(false);
    expect([...table.keys()]).toEqual(['d-0', 'd-1', 'd-2']);
    const seen: Array<[string, string, unknown, unknown]> = [];
    const self = { name: 'thisArg' };
    table.forEach(function (this: unknown, d, id, map) {
      seen.push([id, d.state, map, this]);
    }, self);
    expect(seen).toEqual([
      ['d-0', 'occupied', table, self],
      ['d-1', 'offline', table, self],
      ['d-2', 'free', table, self],
    ]);
  });
});

describe('a desk table folding its changes into a new base', () => {
  // 400 desks: the side table holds up to max(16, √400) = 20 changed desks before it is folded.
  const first = DeskTable.from(layout);
  const changed = (count: number) => layout.slice(0, count).map((d) => desk(d.id, 'offline', d.zone));

  it('keeps up to 20 changed desks on the side, so it can still name them', () => {
    expect(first.with(changed(20)).replacedSince(first)).toHaveLength(20);
  });

  it('folds at the 21st, after which it is a table on another base', () => {
    const folded = first.with(changed(21));
    expect([...folded.values()].filter((d) => d.state === 'offline')).toHaveLength(21);
    expect(folded.occupiedIn('open-space') + folded.occupiedIn('loft')).toBe(layout.filter((d, i) => i >= 21 && d.state === 'occupied').length);
  });

  it('still names what the step from the version it was made from replaced, and only that one', () => {
    const before = first.with(changed(10));
    const folded = before.with([...changed(21).slice(10).reverse(), desk('d-3', 'offline', 'loft'), desk('d-3', 'free', 'loft')]);
    // d-3 given twice counts once, as the folded version holds it.
    expect(folded.replacedSince(before)?.map((d) => [d.id, d.state])).toEqual(
      [3, ...Array.from({ length: 11 }, (_, i) => 10 + i)].map((i) => [`d-${i}`, i === 3 ? 'free' : 'offline']),
    );
    expect(folded.replacedSince(first)).toBeUndefined();
    expect(first.with(changed(21)).replacedSince(first)).toHaveLength(21);
  });

  it('adds a desk that was not in the layout at the end, with its place for later versions', () => {
    const added = first.with([desk('d-1', 'occupied', 'loft'), desk('new', 'occupied', 'loft')]);
    expect(added.size).toBe(401);
    expect(added.has('new')).toBe(true);
    expect([...added.keys()].at(-1)).toBe('new');
    expect(added.occupiedIn('loft')).toBe(first.occupiedIn('loft') + 2);
    const later = added.with([desk('new', 'free', 'loft'), desk('d-5', 'free', 'loft')]);
    expect(later.replacedSince(added)?.map((d) => d.id)).toEqual(['d-5', 'new']);
  });
});
