// `npm run demo` (scripts/demo.mjs): when its clock starts, and --help without side effects.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
// @ts-expect-error plain JavaScript module without types (scripts/ runs unbuilt)
import { demoStart } from '../../scripts/demo-clock.mjs';

const start = demoStart as (timeZone: string, now: Date, fromNow?: boolean) => string;

describe('the demo clock start', () => {
  it.each([
    ['Sunday night', '2026-12-06T22:30:00+01:00', '2026-12-07T08:45+01:00'],
    ['Saturday morning', '2026-12-05T09:00:00+01:00', '2026-12-07T08:45+01:00'],
    ['Friday afternoon', '2026-12-04T14:00:00+01:00', '2026-12-07T08:45+01:00'],
    ['Tuesday early morning', '2026-12-08T07:10:00+01:00', '2026-12-08T08:45+01:00'],
    ['Tuesday 08:45 sharp', '2026-12-08T08:45:00+01:00', '2026-12-09T08:45+01:00'],
    ['a summer Sunday (UTC+2)', '2026-07-05T23:59:00+02:00', '2026-07-06T08:45+02:00'],
    ['the Sunday clocks go back', '2026-10-25T12:00:00+01:00', '2026-10-26T08:45+01:00'],
  ])('on %s is the next weekday 08:45 in Quimper', (_, now, expected) => {
    expect(start('Europe/Paris', new Date(now))).toBe(expected);
  });

  it('with --now is the present time at the site', () => {
    expect(start('Europe/Paris', new Date('2026-12-06T22:31:40+01:00'), true)).toBe('2026-12-06T22:31+01:00');
  });
});

describe('npm run demo --help', () => {
  it('prints the usage and touches nothing', () => {
    const dataDir = path.join(os.tmpdir(), `cantine-demo-help-${process.pid}`);
    const run = spawnSync(process.execPath, ['scripts/demo.mjs', '--help'], { env: { ...process.env, DATA_DIR: dataDir, PORT: '1', MQTT_PORT: '1' }, encoding: 'utf8' });
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/^npm run demo: /);
    expect(run.stdout).toContain('--now');
    expect(fs.existsSync(dataDir)).toBe(false);
  });
});
