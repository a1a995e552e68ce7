// Scenario D, memory: resident set size of the service with every provisioned device connected to
// its embedded broker (from this process), against a bare aedes broker holding the same connections
// (same client ids, subscriptions, retained statuses and wills; no credentials, it checks none).
import type { MqttClient } from 'mqtt';
import { connectDevices } from './devices.js';
import { disconnectAll } from './mqtt.js';
import type { BareBroker, Service } from './processes.js';
import type { ProvisionedDevice } from './provisioning.js';
import type { Report } from './report.js';
import { sleep } from './round-trips.js';

/** Median of a few samples over `spanMs`: RSS moves with the garbage collector. */
export async function settledRss(sample: () => number, spanMs = 3000, count = 7): Promise<number> {
  const values: number[] = [];
  for (let i = 0; i < count; i++) {
    values.push(sample());
    await sleep(spanMs / count);
  }
  values.sort((a, b) => a - b);
  return values[Math.floor(values.length / 2)]!;
}

export interface MemoryOptions {
  service: Service;
  /** RSS of the service once started and provisioned, before any device connected. */
  idleRssMb: number;
  devices: ProvisionedDevice[];
  bare: BareBroker;
  /** Wait after connecting, then span of the RSS samples. */
  settleMs: number;
  /** Called once the service is measured: the harness cannot hold 2 × 10,000 connections at once. */
  afterService: () => Promise<void>;
  say: (line: string) => void;
}

export async function measureMemory(options: MemoryOptions, report: Report): Promise<void> {
  const { service, bare, devices, say } = options;
  await sleep(options.settleMs);
  const serviceRss = await settledRss(() => service.rssMb(), options.settleMs);
  await options.afterService();
  const bareIdle = bare.rssMb();
  const started = performance.now();
  const bareClients: MqttClient[] = (await connectDevices(bare.mqttUrl, devices, false)).map(({ client }) => client);
  say(`D: ${devices.length} devices on the bare broker in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  await sleep(options.settleMs);
  const bareRss = await settledRss(() => bare.rssMb(), options.settleMs);
  await disconnectAll(bareClients);
  say(`D: service ${serviceRss.toFixed(0)} MB (idle ${options.idleRssMb.toFixed(0)} MB), bare aedes ${bareRss.toFixed(0)} MB (idle ${bareIdle.toFixed(0)} MB)`);
  const n = devices.length.toLocaleString('en-US');
  report.add({ scenario: `D memory, ${n} devices`, metric: 'resident set size', value: serviceRss, unit: 'MB', baseline: bareRss, target: '≤ 1.5× bare aedes', pass: serviceRss <= 1.5 * bareRss });
  report.add({ scenario: `D memory, ${n} devices`, metric: 'added by the connections', value: serviceRss - options.idleRssMb, unit: 'MB', baseline: bareRss - bareIdle });
  const suffix = devices.length === 10_000 ? '10k_devices' : `${devices.length}_devices`;
  report.key(`rss_mb_${suffix}`, serviceRss);
  report.key(`rss_baseline_mb_${suffix}`, bareRss);
  report.key('rss_mb_10k_devices', devices.length === 10_000 ? serviceRss : null);
  report.key('rss_baseline_mb_10k_devices', devices.length === 10_000 ? bareRss : null);
  report.key('rss_devices', devices.length);
  report.key('rss_ratio', serviceRss / bareRss);
  report.key('rss_idle_mb', options.idleRssMb);
  report.key('rss_baseline_idle_mb', bareIdle);
}
