import { describe, expect, it } from 'vitest';
import { pulseTime } from './tasmota.js';

// Tasmota support_tasmota.ino SetPulseTimer: value v releases after `v > 111 ? 1000 * (v - 100) : 100 * v` ms.
const releaseMs = (value: number) => (value > 111 ? 1000 * (value - 100) : 100 * value);

describe('pulseTime: an unlock time in Tasmota PulseTime units', () => {
  it.each([
    ['shortest step', 100, 1],
    ['below a step rounds up to one, never 0 (0 disables the pulse)', 20, 1],
    ['5 s, the site default', 5000, 50],
    ['rounded to the nearest tenth', 2549, 25],
    ['11.1 s, the last tenths value', 11_100, 111],
    ['11.2 s cannot be said: 12 s, the first seconds value', 11_200, 112],
    ['15 s', 15_000, 115],
    ['60 s, the longest a site file allows', 60_000, 160],
    ['capped at the largest value the command takes', 90_000_000, 65_535],
  ])('%s: %d ms -> %d', (_name, ms, value) => {
    expect(pulseTime(ms)).toBe(value);
  });

  it('releases within half a step of the asked time, from 0.5 s to 60 s', () => {
    for (let ms = 500; ms <= 60_000; ms += 50) {
      const step = ms <= 11_100 ? 100 : 1000;
      expect(Math.abs(releaseMs(pulseTime(ms)) - ms), `${ms} ms`).toBeLessThanOrEqual(ms < 12_000 && ms > 11_100 ? 1000 : step / 2);
    }
  });
});
