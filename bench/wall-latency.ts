// Scenario C, wall latency: from a desk sensor's MQTT publish to the `seat` event on each of 50
// socket.io screens on `/wall`. Probe desks alternate offline / occupied so every probe is a seat
// change; probes are 150-300 ms apart (a desk changes every few seconds on a real site, so a
// probe finds the wall idle, as a real change would), and run twice: alone, then with the desk
// sensors' background traffic of scenario A.
import { performance } from 'node:perf_hooks';
import type { BackgroundSensors } from './background.js';
import type { ConnectedDevice } from './devices.js';
import { deskTopic, OFFLINE_PAYLOAD, statusTopic } from './devices.js';
import { latencySummary, type Report } from './report.js';
import { sleep } from './round-trips.js';
import { WallScreen } from './wall.js';

export interface WallLatencyOptions {
  baseUrl: string;
  screens: number;
  probes: ConnectedDevice[];
  background: BackgroundSensors;
  probeCount: number;
  say: (line: string) => void;
}

export async function runWallLatency(options: WallLatencyOptions, report: Report): Promise<void> {
  const { baseUrl, probes, background, say } = options;
  const screens: WallScreen[] = [];
  for (let i = 0; i < options.screens; i++) screens.push(await WallScreen.open(baseUrl));
  await sleep(500);
  const quiet = await probeRun(screens, probes, options.probeCount);
  background.start();
  await sleep(1500);
  const loaded = await probeRun(screens, probes, options.probeCount);
  background.stop();
  for (const screen of screens) screen.close();

  const q = latencySummary(quiet.latencies);
  const l = latencySummary(loaded.latencies);
  say(`C: quiet p50 ${q.p50.toFixed(1)} ms p99 ${q.p99.toFixed(1)} ms; with background p50 ${l.p50.toFixed(1)} ms p99 ${l.p99.toFixed(1)} ms`);
  const scenario = `C wall, ${options.screens} screens`;
  report.add({ scenario, metric: 'seat delta p50 (background on)', value: l.p50, unit: 'ms' });
  report.add({ scenario, metric: 'seat delta p99 (background on)', value: l.p99, unit: 'ms', target: '≤ 50 ms', pass: l.p99 <= 50 });
  report.add({ scenario, metric: 'seat delta p50 (quiet)', value: q.p50, unit: 'ms' });
  report.add({ scenario, metric: 'seat delta p99 (quiet)', value: q.p99, unit: 'ms', target: '≤ 50 ms', pass: q.p99 <= 50 });
  report.add({ scenario, metric: 'deltas missed', value: `${quiet.missed + loaded.missed} of ${(quiet.expected + loaded.expected)}`, target: '0', pass: quiet.missed + loaded.missed === 0 });
  report.key('wall_p50_ms', l.p50);
  report.key('wall_p99_ms', l.p99);
  report.key('wall_max_ms', l.max);
  report.key('wall_quiet_p50_ms', q.p50);
  report.key('wall_quiet_p99_ms', q.p99);
  report.key('wall_samples', l.count + q.count);
  report.key('wall_missed', quiet.missed + loaded.missed);
  report.key('wall_screens', options.screens);
}

async function probeRun(
  screens: WallScreen[],
  probes: ConnectedDevice[],
  count: number,
): Promise<{ latencies: number[]; missed: number; expected: number }> {
  const latencies: number[] = [];
  let missed = 0;
  const phase = new Map(probes.map((probe) => [probe.device.desk!, screens[0]!.seats.get(probe.device.desk!) === 'offline' ? 'offline' : 'occupied']));
  for (let i = 0; i < count; i++) {
    const { device, client } = probes[i % probes.length]!;
    const desk = device.desk!;
    const next = phase.get(desk) === 'occupied' ? 'offline' : 'occupied';
    phase.set(desk, next);
    const arrivals: Array<number | undefined> = screens.map(() => undefined);
    screens.forEach((screen, index) => {
      screen.onSeat = (update, at) => {
        if (update.id === desk && update.state === next && arrivals[index] === undefined) arrivals[index] = at;
      };
    });
    const sentAt = performance.now();
    if (next === 'offline') client.publish(statusTopic(device.id), OFFLINE_PAYLOAD, { qos: 1, retain: true }, () => undefined);
    else client.publish(deskTopic(desk), JSON.stringify({ occupied: true, battery: 80 }), { qos: 1 }, () => undefined);
    const deadline = sentAt + 2000;
    while (arrivals.some((at) => at === undefined) && performance.now() < deadline) await sleep(2);
    for (const at of arrivals) {
      if (at === undefined) missed++;
      else latencies.push(at - sentAt);
    }
    await sleep(150 + Math.random() * 150);
  }
  for (const screen of screens) screen.onSeat = undefined;
  return { latencies, missed, expected: count * screens.length };
}
