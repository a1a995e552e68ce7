// The ways to run the service outside `npm start` (the systemd unit, the Docker image) start it
// with the same runtime settings as apps/api/src/runtime.ts, and the unit is one systemd accepts.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { RUNTIME_ENV, RUNTIME_FLAGS } from '../../apps/api/src/runtime.js';

const unitFile = 'deploy/systemd/cantine.service';
const unit = fs.readFileSync(unitFile, 'utf8');
const dockerfile = fs.readFileSync('Dockerfile', 'utf8');
const systemdAnalyze = ['/usr/bin/systemd-analyze', '/bin/systemd-analyze'].find((file) => fs.existsSync(file));

/** Every `Key=value` of the unit, in order (a key may repeat). */
function settings(key: string): string[] {
  return unit.split('\n').flatMap((line) => (line.startsWith(`${key}=`) ? [line.slice(key.length + 1)] : []));
}

describe('deploy/systemd/cantine.service', () => {
  it('runs the built service with the runtime flags and environment', () => {
    const [execStart] = settings('ExecStart');
    expect(execStart).toMatch(/^\/usr\/bin\/node .*dist\/apps\/api\/src\/main\.js$/);
    for (const flag of RUNTIME_FLAGS) expect(execStart!.split(' ')).toContain(flag);
    const environment = settings('Environment').flatMap((line) => line.split(' '));
    for (const [name, value] of Object.entries(RUNTIME_ENV)) expect(environment).toContain(`${name}=${value}`);
  });

  it('restarts on failure, reads its settings file, keeps its data in /var/lib/cantine, and stops with SIGTERM', () => {
    expect(settings('Restart')).toEqual(['on-failure']);
    expect(settings('EnvironmentFile')).toEqual(['-/etc/cantine/cantine.env']);
    expect(settings('StateDirectory')).toEqual(['cantine']);
    expect(settings('Environment').join(' ')).toContain('DATA_DIR=/var/lib/cantine');
    expect(settings('KillSignal')).toEqual(['SIGTERM']);
  });

  it.runIf(systemdAnalyze)('passes systemd-analyze verify', () => {
    const result = spawnSync(systemdAnalyze!, ['verify', unitFile], { encoding: 'utf8' });
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
  });
});

describe('Dockerfile', () => {
  it('runs the built service with the runtime flags and environment, on a Node.js LTS image', () => {
    const cmd = /^CMD \[(.*)\]$/m.exec(dockerfile)?.[1];
    for (const flag of RUNTIME_FLAGS) expect(cmd).toContain(`"${flag}"`);
    for (const [name, value] of Object.entries(RUNTIME_ENV)) expect(dockerfile).toMatch(new RegExp(`\\b${name}=${value}\\b`));
    const images = [...dockerfile.matchAll(/^FROM node:(\d+)-/gm)].map((match) => Number(match[1]));
    expect(images.length).toBeGreaterThan(0);
    for (const major of images) expect([22, 24]).toContain(major);
  });
});
