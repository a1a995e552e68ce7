import { describe, expect, it } from 'vitest';
import { Clock, createClock, DemoClock } from './clock.js';

describe('Clock', () => {
  it('is the system clock when no demo is configured', () => {
    const clock = createClock(undefined);
    expect(clock).not.toBeInstanceOf(DemoClock);
    expect(clock.speed).toBe(1);
    expect(clock.realMs(15_000)).toBe(15_000);
    const before = Date.now();
    const now = clock.now().getTime();
    expect(now).toBeGreaterThanOrEqual(before);
    expect(now).toBeLessThanOrEqual(Date.now());
  });

  it('runs a demo clock from its start, speed times faster than real time', () => {
    let real = 1_000_000;
    const start = new Date('2026-12-07T08:45:00+01:00');
    const clock = new DemoClock(start, 60, () => real);
    expect(clock.now()).toEqual(start);
    real += 10_000; // ten real seconds are ten minutes of demo
    expect(clock.now()).toEqual(new Date('2026-12-07T08:55:00+01:00'));
    expect(clock.realMs(15_000)).toBe(250);
    expect(clock.realMs(15_000, 500)).toBe(500);
    expect(clock).toBeInstanceOf(Clock);
  });

  it('refuses a speed that would stop or reverse time', () => {
    expect(() => new DemoClock(new Date(), 0)).toThrow(RangeError);
    expect(() => new DemoClock(new Date(), -2)).toThrow(RangeError);
  });
});
