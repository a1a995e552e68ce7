import { describe, expect, it } from 'vitest';
import { commandsForDecision, convertFromDevice } from './index.js';
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

describe('Tasmota SENSOR and LWT, beside the golden fixtures', () => {
  const ctx = { topic: 'tasmota' };
  const sensor = (message: unknown) => convertFromDevice('tasmota', 'tele/tasmota/SENSOR', JSON.stringify(message), ctx);
  const lwt = (payload: string) => convertFromDevice('tasmota', 'tele/tasmota/LWT', payload, ctx);

  it.each(['PN532', 'RC522', 'RDM6300'])('%s prints hex: a numeric UID is refused, naming the driver', (key) => {
    const result = sensor({ [key]: { UID: 7748328 } });
    expect(result).toMatchObject({ ok: false, error: 'invalid' });
    expect(result.ok ? '' : result.detail).toMatch(new RegExp(`^${key}\\.UID: not-a-uid: `));
  });

  it.each<[string, unknown, string]>([
    ['a Wiegand number', 7748328, '00763AE8'],
    ['a Wiegand quoted decimal', '7748328', '00763AE8'],
    ['a Wiegand hex string (SetOption123)', '763AE8h', '00763AE8'],
  ])('reads %s', (_case, uid, expected) => {
    expect(sensor({ Wiegand: { UID: uid, Size: 26 } })).toEqual({ ok: true, events: [{ type: 'badge', uid: expected }] });
  });

  it('reads a Wiegand string as hex only when it ends in h', () => {
    expect(sensor({ Wiegand: { UID: '76h3AE8', Size: 26 } })).toEqual({ ok: false, error: 'invalid', detail: 'Wiegand.UID: not-a-uid: a decimal card number has digits only' });
  });

  it('ignores a Wiegand keypad code, but reads a card block that happens to carry a size', () => {
    expect(sensor({ Wiegand: { UID: 1234, Size: 8 } })).toEqual({ ok: true, events: [] });
    expect(sensor({ PN532: { UID: '04A224B2', Size: 4 } })).toEqual({ ok: true, events: [{ type: 'badge', uid: '04A224B2' }] });
  });

  it('reads the LWT in any case and spacing, and refuses anything else, quoted short', () => {
    expect(lwt(' Online ')).toEqual({ ok: true, events: [{ type: 'status', online: true }] });
    expect(lwt('Offline')).toEqual({ ok: true, events: [{ type: 'status', online: false }] });
    expect(lwt(`x${'y'.repeat(40)}`)).toEqual({ ok: false, error: 'invalid', detail: `LWT "x${'y'.repeat(19)}" is not Online or Offline` });
  });
});

describe('Tasmota grants without an unlock time', () => {
  it.each([
    ['no unlockMs', undefined],
    ['unlockMs 0', 0],
  ])('%s: POWER alone, the relay keeps its own PulseTime', (_case, unlockMs) => {
    const decision = { seq: 1, granted: true as const, reason: 'day' as const, ...(unlockMs === undefined ? {} : { unlockMs }) };
    expect(commandsForDecision('tasmota', decision, { topic: 'tasmota' })).toEqual({
      ok: true,
      commands: [{ topic: 'cmnd/tasmota/POWER', payload: 'ON', qos: 1, retain: false }],
    });
  });
});
