// Every command-line tool of package.json answers --help without side effects, and those that
// read the data folder refuse a missing or mistyped one instead of creating an empty database and
// reporting success (issue 13).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = process.cwd();
const scripts = (JSON.parse(fs.readFileSync('package.json', 'utf8')) as { scripts: Record<string, string> }).scripts;
/** What each npm script finally runs: `… && exec node <file>`. */
const entry = (name: string) => /exec node (\S+)$/.exec(scripts[name] ?? '')?.[1];
const tools = ['sim', 'bench', 'copy-database', 'mosquitto-files', 'reset-password', 'demo'];

const folders: string[] = [];
afterAll(() => folders.forEach((dir) => fs.rmSync(dir, { recursive: true, force: true })));
function emptyDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cantine-cli-'));
  folders.push(dir);
  return dir;
}

/** Runs a tool from an empty folder, so anything it creates (./data, files) shows up there. */
function runTool(name: string, args: string[], env: Record<string, string> = {}) {
  const cwd = emptyDir();
  const result = spawnSync(process.execPath, [path.join(root, entry(name)!), ...args], {
    cwd,
    env: { PATH: process.env.PATH, HOME: cwd, DATA_DIR: path.join(cwd, 'data'), ...env },
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { ...result, cwd, created: fs.readdirSync(cwd) };
}

beforeAll(() => {
  // What `npm run <tool>` does first: build when the sources changed.
  expect(spawnSync(process.execPath, ['scripts/start.mjs', '--only-build'], { stdio: 'inherit' }).status).toBe(0);
}, 180_000);

describe('every command-line tool', () => {
  it('is one of the package.json scripts run with exec (nothing missing from the table below)', () => {
    const runWithExec = Object.keys(scripts).filter((name) => name !== 'start' && entry(name));
    expect(runWithExec.sort()).toEqual([...tools].sort());
  });

  it.each(tools)('%s --help: usage on stdout, exit 0, nothing created', (name) => {
    const run = runTool(name, ['--help']);
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/^usage: /im);
    expect(run.created).toEqual([]);
  });
});

describe('a missing or mistyped data folder is refused, and stays missing', () => {
  it.each([
    ['copy-database', '--data-dir', (typo: string) => ['--to', 'postgres://nobody@127.0.0.1:9/none', '--data-dir', typo], {}],
    ['mosquitto-files', '--out', () => ['--out', 'mosquitto'], { MQTT_PASSWORD: 'service-secret' }],
    ['mosquitto-files', '--dynsec', () => ['--dynsec', 'dynamic-security.json'], {}],
    ['reset-password', '', () => [], {}],
  ] as const)('%s %s', (name, _label, args, env) => {
    const typo = path.join(emptyDir(), 'dta');
    const run = runTool(name, args(typo), { DATA_DIR: typo, ...env });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain(`no Cantine database`);
    expect(run.stderr).toContain(typo);
    expect(fs.existsSync(typo)).toBe(false);
    expect(run.created).toEqual([]);
  });
});
