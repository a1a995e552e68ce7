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
      const next = desk(id, (['free', 'occupied', 'offline'] as const)[step % 3]!, reference.get(id)!.zone);
      table = table.with([next]);
      reference.set(id, next);
      versions.push([table, new Map(reference)]);
    }
    // Every version still shows what it showed when it was made (the side table was folded in on the way).
    for (const [version, expected] of versions) {
      expect([...version.entries()]).toEqual([...expected.entries()]);
      expect(version.size).toBe(expected.size);
      for (const zone of ['open-space', 'loft']) {
        expect(version.occupiedIn(zone)).toBe([...expected.values()].filter((d) => d.zone === zone && d.state === 'occupied').length);
      }
    }
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
