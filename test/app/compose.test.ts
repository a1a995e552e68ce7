// docker-compose.yml and .env.example agree with the service (issue 13, item 3): every variable the
// service reads is in .env.example, the api container gets .env and the host's config/ (site and
// tariff files, edited then `docker compose restart api`), and its health check is the script that
// follows the TLS scheme (test/app/tls.test.ts runs it against HTTPS).
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { envSchema } from '../../apps/api/src/infra/config/env.schema.js';

const compose = fs.readFileSync('docker-compose.yml', 'utf8');
const example = fs.readFileSync('.env.example', 'utf8');
const serviceVariables = Object.keys(envSchema.shape);

/** `KEY=` lines of an env file: whether each is set (true) or commented out (false). */
function listed(text: string): Map<string, boolean> {
  return new Map([...text.matchAll(/^(#\s*)?([A-Z][A-Z0-9_]*)=/gm)].map((match) => [match[2]!, match[1] === undefined]));
}

/** One service's block of docker-compose.yml (two-space indented keys under `services:`). */
function serviceBlock(name: string): string {
  const start = compose.indexOf(`\n  ${name}:\n`);
  expect(start).toBeGreaterThan(0);
  const next = compose.slice(start + 1).search(/\n {2}[a-z][a-z0-9-]*:\n|\n[a-z]/);
  return compose.slice(start, next < 0 ? undefined : start + 1 + next);
}

describe('.env.example', () => {
  it('lists every variable the service reads', () => {
    const inExample = listed(example);
    expect(serviceVariables.filter((variable) => !inExample.has(variable))).toEqual([]);
  });

  it('sets only what docker compose or the service reads', () => {
    const used = new Set([...serviceVariables, ...[...compose.matchAll(/\$\{([A-Z][A-Z0-9_]*)/g)].map((match) => match[1]!)]);
    const set = [...listed(example)].filter(([, isSet]) => isSet).map(([variable]) => variable);
    expect(set.filter((variable) => !used.has(variable))).toEqual([]);
    // Every variable compose insists on (`:?`) has a value to start from.
    const required = [...compose.matchAll(/\$\{([A-Z][A-Z0-9_]*):\?/g)].map((match) => match[1]!);
    expect(required.filter((variable) => !set.includes(variable))).toEqual([]);
  });
});

describe('the api container', () => {
  const api = serviceBlock('api');

  it('gets every variable of .env, so what .env.example lists reaches the service', () => {
    expect(api).toMatch(/\n {4}env_file: \.env\n/);
  });

  it("reads site and tariff files from the host's config/, where the service looks for them by default", () => {
    expect(api).toContain('- ./config:/app/config:ro');
    expect(fs.readFileSync('Dockerfile', 'utf8')).toMatch(/^WORKDIR \/app$/m);
    const sitesDir = path.posix.resolve('/app', envSchema.parse({}).SITES_DIR);
    expect(sitesDir).toBe('/app/config/sites');
    // The tariffs file sits beside the site folder (members/tariffs.service.ts).
    expect(path.posix.join(path.posix.dirname(sitesDir), 'tariffs.json')).toBe('/app/config/tariffs.json');
  });

  it('checks its health with the script that follows TLS, built where the image runs it from', () => {
    expect(api).toContain('test: ["CMD", "node", "dist/apps/api/src/healthcheck.js"]');
    expect(fs.existsSync('apps/api/src/healthcheck.ts')).toBe(true);
    const build = JSON.parse(fs.readFileSync('tsconfig.build.json', 'utf8')) as { include: string[] };
    expect(build.include).toContain('apps/api/src');
    expect(api).not.toMatch(/http:\/\/127\.0\.0\.1:3000\/health/);
  });
});
