// Rule: a stay is one desk occupied without interruption, from its change to occupied until its
// next change to free or offline. A stay counts in a period when it started in it and had ended
// by its end; one still running (or ended after `to`) is reported apart as ongoing.
import { changesByDesk, deskStays, type DeskOccupancyChange } from './desk-intervals.js';
import { medianOf } from './local-slots.js';

export interface AverageStayInput {
  /** Changes of the period (and before it: a stay begun before `from` is not counted). */
  changes: readonly DeskOccupancyChange[];
  from: Date;
  to: Date;
}

export interface StaySummary {
  stays: number;
  /** Stays started in the period and not ended by `to`. */
  ongoing: number;
  averageMinutes: number | null;
  medianMinutes: number | null;
  longestMinutes: number | null;
}

export function averageStay(input: AverageStayInput): StaySummary {
  const fromMs = input.from.getTime();
  const toMs = input.to.getTime();
  const minutes: number[] = [];
  let ongoing = 0;
  for (const list of changesByDesk(input.changes).values()) {
    for (const stay of deskStays(list, toMs)) {
      if (stay.start < fromMs || stay.start >= toMs) continue;
      if (stay.open || stay.end > toMs) ongoing += 1;
      else minutes.push((stay.end - stay.start) / 60_000);
    }
  }
  if (minutes.length === 0) return { stays: 0, ongoing, averageMinutes: null, medianMinutes: null, longestMinutes: null };
  return {
    stays: minutes.length,
    ongoing,
    averageMinutes: minutes.reduce((a, b) => a + b, 0) / minutes.length,
    medianMinutes: medianOf(minutes),
    longestMinutes: Math.max(...minutes),
  };
}
