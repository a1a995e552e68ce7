// docker-compose.yml and .env.example agree with the service (issue 13, item 3): every variable the
// service reads is in .env.example, the api container gets .env and the host's config/ (site and
// tariff files, edited then `docker compose restart api`), and its health check is the script that
// follows the TLS scheme (test/app/tls.test.ts runs it against HTTPS).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
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

// Profile `cluster` (docs/scaling.md): three instances on three EMQX nodes, Redis, HAProxy. No Docker
// engine here: what can be checked without one is checked (structure, the entry point, the proxy's
// servers); EMQX's queries run on PostgreSQL in test/devices/emqx-accounts.test.ts.
describe('the cluster profile', () => {
  const instances = ['api-1', 'api-2', 'api-3'];
  const nodes = ['emqx1', 'emqx2', 'emqx3'];

  it('leaves the one-process default as it was: no profile on the single api and its Mosquitto', () => {
    for (const name of ['api', 'mosquitto', 'postgres', 'influxdb']) expect(serviceBlock(name)).not.toContain('profiles:');
    for (const name of [...instances, ...nodes]) expect(serviceBlock(name)).toMatch(/<<: \*(cantine-instance|emqx-node)\n/);
    for (const name of ['redis', 'cantine-lb']) expect(serviceBlock(name)).toContain('profiles: ["cluster"]');
    expect(compose).toMatch(/x-cantine-instance: &cantine-instance\n(?: {2}.*\n)*? {2}profiles: \["cluster"\]\n/);
    expect(compose).toMatch(/x-emqx-node: &emqx-node\n(?: {2}.*\n)*? {2}profiles: \["cluster"\]\n/);
  });

  it('runs each instance in cluster mode on its own EMQX node, data volume and name', () => {
    const first = serviceBlock('api-1');
    for (const setting of ['CANTINE_CLUSTER: "1"', 'MQTT_ACL_TABLE: "1"', 'MQTT_DYNSEC: "0"', 'REDIS_URL: redis://redis:6379', 'DATABASE_URL: postgres://']) expect(first).toContain(setting);
    instances.forEach((name, index) => {
      const block = serviceBlock(name);
      expect(block).toContain(`CANTINE_INSTANCE_ID: ${name}`);
      expect(block).toContain(`MQTT_URL: mqtt://${nodes[index]}:1883`);
      expect(block).toContain(`- ${name}-data:/app/data`);
      expect(block).toContain(`${nodes[index]}:\n        condition: service_healthy`);
    });
    nodes.forEach((name) => {
      expect(serviceBlock(name)).toContain(`EMQX_NODE__NAME: emqx@${name}.cantine`);
      expect(serviceBlock(name)).toContain(`hostname: ${name}.cantine`);
    });
    expect(compose).toContain('EMQX_CLUSTER__STATIC__SEEDS: "[emqx@emqx1.cantine, emqx@emqx2.cantine, emqx@emqx3.cantine]"');
  });

  it('puts every instance and every EMQX node behind the proxy, checked', () => {
    const haproxy = fs.readFileSync('deploy/haproxy/haproxy.cfg', 'utf8');
    for (const name of instances) expect(haproxy).toMatch(new RegExp(`^ {2}server ${name} ${name}:3000 check`, 'm'));
    for (const name of nodes) expect(haproxy).toMatch(new RegExp(`^ {2}server ${name} ${name}:1883 check`, 'm'));
    expect(haproxy).toContain('option httpchk GET /health');
    expect(serviceBlock('cantine-lb')).toContain('- ./deploy/haproxy/haproxy.cfg:/usr/local/etc/haproxy/haproxy.cfg:ro');
  });

  it("writes the service's EMQX account for the built-in database's first start, then runs EMQX", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cantine-emqx-init-'));
    try {
      const script = fs.readFileSync('deploy/emqx/init.sh', 'utf8').replaceAll('/opt/emqx/data', dir).replace(/^exec .*$/m, 'echo "would run: $0"');
      const run = (env: Record<string, string>) => spawnSync('/bin/sh', ['-c', script], { encoding: 'utf8', env: { PATH: process.env.PATH, ...env } });
      const done = run({ MQTT_USERNAME: 'cantine-service', MQTT_PASSWORD: 's3cret-pw' });
      expect(done.status, done.stderr).toBe(0);
      const file = path.join(dir, 'cantine-service.csv');
      expect(fs.readFileSync(file, 'utf8')).toBe('user_id,password,is_superuser\ncantine-service,s3cret-pw,true\n');
      expect(fs.statSync(file).mode & 0o777).toBe(0o600);
      expect(compose).toContain('bootstrap_file = "/opt/emqx/data/cantine-service.csv", bootstrap_type = plain');
      // A comma would shift the CSV's columns: refused, one line.
      const refused = run({ MQTT_USERNAME: 'cantine-service', MQTT_PASSWORD: 'a,b' });
      expect(refused.status).toBe(1);
      expect(refused.stderr).toMatch(/may not contain a comma/);
      expect(fs.readFileSync('deploy/emqx/init.sh', 'utf8')).toMatch(/^exec \/usr\/bin\/docker-entrypoint\.sh \/opt\/emqx\/bin\/emqx foreground$/m);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
