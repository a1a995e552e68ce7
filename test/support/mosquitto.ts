// A real Mosquitto for the external-broker suites: our own process on a free port, from a temporary
// configuration. Absent binary: the suite skips, saying so (a failure under CANTINE_REQUIRE_SERVICES=1).
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { canConnect, requireServices } from './services.js';

export const mosquittoBinary = process.env.MOSQUITTO_BIN ?? '/usr/sbin/mosquitto';

export function mosquittoAvailable(): boolean {
  if (fs.existsSync(mosquittoBinary)) return true;
  const why = `${mosquittoBinary} is not installed`;
  if (requireServices) throw new Error(`${why}, and CANTINE_REQUIRE_SERVICES=1 requires it`);
  console.warn(`[skip] Mosquitto suite skipped: ${why}.`);
  return false;
}

export interface RunningMosquitto {
  url: string;
  port: number;
  /** Makes Mosquitto re-read its password and ACL files (SIGHUP), as an operator would. */
  reload(): Promise<void>;
  stop(): Promise<void>;
  /** Stops (SIGTERM: with persistence, sessions and queued messages are saved) and starts again on the same port. */
  restart(downMs?: number): Promise<void>;
  output(): string;
}

export interface MosquittoOptions {
  /** Keep persistent sessions and their queued QoS 1 messages across a restart (in `dir`). */
  persistence?: boolean;
  /** Accounts and ACLs from the dynamic security plugin and this config file, instead of `dir/passwd` and `dir/acl`. */
  dynsec?: string;
  /**
   * A deployment's own mosquitto.conf (deploy/mosquitto/mosquitto.conf) instead of the test one:
   * only its listener, plugin path, file locations and log destination are rewritten for here.
   */
  configFrom?: string;
}

/** A deployment's configuration with its host-specific lines pointed at this test's port and folder. */
function adapted(file: string, port: number, dir: string, dynsec: string | undefined): string[] {
  const local: Record<string, string> = {
    listener: `listener ${port} 127.0.0.1`,
    plugin: `plugin ${dynsecPlugin()}`,
    plugin_opt_config_file: `plugin_opt_config_file ${dynsec}`,
    persistence_location: `persistence_location ${dir}/`,
    log_dest: 'log_dest stderr',
  };
  return fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .map((line) => local[line.split(' ')[0]!] ?? line);
}

/** Whether the dynamic security suite can run: the plugin and mosquitto_ctrl (skips saying why, or fails under CANTINE_REQUIRE_SERVICES=1). */
export function dynsecAvailable(): boolean {
  if (!mosquittoAvailable()) return false;
  const missing = [dynsecPlugin() ? undefined : 'mosquitto_dynamic_security.so', fs.existsSync('/usr/bin/mosquitto_ctrl') ? undefined : '/usr/bin/mosquitto_ctrl'].filter(Boolean);
  if (missing.length === 0) return true;
  const why = `${missing.join(' and ')} not found (Debian's mosquitto package ships both)`;
  if (requireServices) throw new Error(`${why}, and CANTINE_REQUIRE_SERVICES=1 requires them`);
  console.warn(`[skip] Mosquitto dynamic security suite skipped: ${why}.`);
  return false;
}

/** Debian's mosquitto ships the plugin in the multiarch library folder (stack notes 15). */
export function dynsecPlugin(): string | undefined {
  const candidates = [process.env.MOSQUITTO_DYNSEC_PLUGIN, '/usr/lib/x86_64-linux-gnu/mosquitto_dynamic_security.so', '/usr/lib/aarch64-linux-gnu/mosquitto_dynamic_security.so', '/usr/lib/mosquitto_dynamic_security.so'];
  return candidates.find((candidate): candidate is string => candidate !== undefined && fs.existsSync(candidate));
}

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** Starts Mosquitto with `dir/passwd` and `dir/acl` (written beforehand), per stack notes 11 and 12. */
export async function startMosquitto(dir: string, options: MosquittoOptions = {}): Promise<RunningMosquitto> {
  const port = await freePort();
  const config = path.join(dir, 'mosquitto.conf');
  const runAsRoot = process.getuid?.() === 0 ? ['user root'] : [];
  if (options.configFrom) fs.writeFileSync(config, [...adapted(options.configFrom, port, dir, options.dynsec), ...runAsRoot, ''].join('\n'));
  else fs.writeFileSync(
    config,
    [
      `listener ${port} 127.0.0.1`,
      'allow_anonymous false',
      ...(options.dynsec
        ? [`plugin ${dynsecPlugin()}`, `plugin_opt_config_file ${options.dynsec}`]
        : [`password_file ${path.join(dir, 'passwd')}`, `acl_file ${path.join(dir, 'acl')}`]),
      'use_username_as_clientid true',
      'set_tcp_nodelay true',
      'max_inflight_messages 0',
      ...(options.persistence ? ['persistence true', `persistence_location ${dir}/`, 'autosave_interval 0'] : ['persistence false']),
      'log_dest stderr',
      'log_type error',
      'log_type warning',
      // Run as root (CI containers), Mosquitto would switch to its own user, who cannot read a 0700 temp folder.
      ...(process.getuid?.() === 0 ? ['user root'] : []),
      '',
    ].join('\n'),
  );
  let output = '';
  let child: ChildProcess;
  const launch = async () => {
    child = spawn(mosquittoBinary, ['-c', config], { stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout?.on('data', (chunk) => (output += chunk));
    child.stderr?.on('data', (chunk) => (output += chunk));
    const deadline = Date.now() + 5000;
    while (!(await canConnect('127.0.0.1', port, 200))) {
      if (child.exitCode !== null || Date.now() > deadline) throw new Error(`Mosquitto did not start: ${output}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  };
  const stop = async () => {
    if (child.exitCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await exited;
  };
  await launch();
  return {
    url: `mqtt://127.0.0.1:${port}`,
    port,
    reload: async () => {
      child.kill('SIGHUP');
      await new Promise((resolve) => setTimeout(resolve, 300));
    },
    stop,
    restart: async (downMs = 0) => {
      await stop();
      await new Promise((resolve) => setTimeout(resolve, downMs));
      await launch();
    },
    output: () => output,
  };
}
