import { describe, expect, it } from 'vitest';
import { parseSettings, UsageError, USAGE } from './cli.js';
import { dueNow } from './scenarios/load.js';

describe('command line', () => {
  it('prints the usage for --help or no command', () => {
    expect(parseSettings(['--help'], {})).toBeUndefined();
    expect(parseSettings([], {})).toBeUndefined();
    for (const command of ['provision', 'day', 'load', 'chaos']) expect(USAGE).toContain(command);
  });

  it('takes the demo clock of npm run demo as --clock, with its offset', () => {
    expect(parseSettings(['provision'], {})?.clock).toBeUndefined();
    expect(parseSettings(['provision', '--clock', '2026-12-07T08:45+01:00'], {})?.clock).toEqual(new Date('2026-12-07T07:45:00Z'));
    expect(() => parseSettings(['provision', '--clock', '2026-12-07'], {})).toThrow(/--clock must be a date and time/);
    expect(() => parseSettings(['provision', '--clock', 'lundi'], {})).toThrow(UsageError);
  });

  it('has demo defaults, and the manager login from the environment', () => {
    const settings = parseSettings(['day'], { CANTINE_ADMIN_EMAIL: 'a@example.org', CANTINE_ADMIN_PASSWORD: 'secret-pw' });
    expect(settings).toMatchObject({
      command: 'day',
      api: 'http://localhost:3000',
      mqtt: 'mqtt://localhost:1883',
      site: 'quimper',
      protocol: 'native',
      speed: 60,
      start: 525,
      end: 1185,
      email: 'a@example.org',
      password: 'secret-pw',
      output: 'text',
      seed: 1,
      stock: false,
    });
  });

  it('reads load options and flags', () => {
    const settings = parseSettings(['load', '--badges-per-s', '50', '--sensors-per-s', '500', '--devices', '40', '--duration', '5', '--json', '--seed', 'abc', '--stock'], {});
    expect(settings).toMatchObject({ badgesPerSecond: 50, sensorsPerSecond: 500, devices: 40, durationS: 5, output: 'json', seed: 'abc', stock: true });
  });

  it.each([
    [['fly'], /unknown command/],
    [['day', '--speed', 'fast'], /--speed/],
    [['day', '--mqtt', 'localhost:1883'], /--mqtt/],
    [['provision', '--protocol', 'zwave'], /--protocol/],
    [['day', '--colour'], /colour/],
  ])('refuses %j', (argv, message) => {
    expect(() => parseSettings(argv, {})).toThrow(message);
    expect(() => parseSettings(argv, {})).toThrow(UsageError);
  });
});

describe('load pacing', () => {
  it('sends what is due at the rate, never ahead of it', () => {
    expect(dueNow(10, 0, 0)).toBe(0);
    expect(dueNow(10, 250, 0)).toBe(2);
    expect(dueNow(10, 250, 2)).toBe(0);
    expect(dueNow(1000, 1000, 990)).toBe(10);
    expect(dueNow(10, 100, 5)).toBe(0);
  });
});
