// The production code path keeps the system clock: the demo clock of `npm run demo` only exists
// when asked for outside production (infra/config/app-config.ts, infra/clock.ts).
import { afterEach, describe, expect, it } from 'vitest';
import { Clock, DemoClock } from '../../apps/api/src/infra/clock.js';
import { ConfigError } from '../../apps/api/src/infra/config/config-error.js';
import { startTestCantine, type TestCantine } from '../support/app.js';

describe('the clock the service runs on', () => {
  let cantine: TestCantine | undefined;
  afterEach(async () => {
    await cantine?.dispose();
    cantine = undefined;
  });

  it('is the system clock when no demo setting is given', async () => {
    cantine = await startTestCantine({ NODE_ENV: 'production' });
    const clock = cantine.app.get(Clock);
    expect(clock).not.toBeInstanceOf(DemoClock);
    expect(Object.getPrototypeOf(clock)).toBe(Clock.prototype);
    expect(clock.speed).toBe(1);
    const before = Date.now();
    expect(clock.now().getTime()).toBeGreaterThanOrEqual(before);
    expect(clock.now().getTime()).toBeLessThanOrEqual(Date.now());
  });

  it('refuses to start in production with a demo clock', async () => {
    const attempt = startTestCantine({ NODE_ENV: 'production', CANTINE_DEMO_CLOCK: '2026-12-07T08:45+01:00', CANTINE_DEMO_SPEED: '60' });
    await expect(attempt).rejects.toThrow(ConfigError);
    await expect(attempt).rejects.toThrow(/^CANTINE_DEMO_CLOCK: refusé en production/);
  });

  it('runs the demo clock, and the wall reads it, when asked for outside production', async () => {
    cantine = await startTestCantine({ CANTINE_DEMO_CLOCK: '2026-12-07T08:45+01:00', CANTINE_DEMO_SPEED: '60' });
    expect(cantine.app.get(Clock)).toBeInstanceOf(DemoClock);
    const opening = (await (await fetch(`${cantine.baseUrl}/api/sites/quimper/opening`)).json()) as { now: string };
    // Monday 7 December 2026, a few demo minutes after 08:45 (boot and the request take real time).
    expect(new Date(opening.now).getTime() - Date.parse('2026-12-07T08:45+01:00')).toBeGreaterThanOrEqual(0);
    expect(new Date(opening.now).getTime() - Date.parse('2026-12-07T08:45+01:00')).toBeLessThan(60 * 60_000);
  });
});
