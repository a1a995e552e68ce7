// What the simulator prints: a line per happening for people, NDJSON with --json, only the summary
// with --quiet. Scenarios talk to a Reporter and never to the console directly.
import { formatMinutes } from './clock.js';
import type { BadgeResult } from './readers.js';
import type { RunSummary } from './stats.js';

export type OutputMode = 'text' | 'json' | 'quiet';

export interface Reporter {
  /** Progress and notices (provisioning steps, connections). */
  info(message: string): void;
  /** Something went wrong that the person should see even with --quiet. */
  warn(message: string): void;
  /** A simulated happening; `at` is simulated minutes when the scenario has a clock. */
  event(at: number | undefined, kind: string, text: string, data?: Record<string, unknown>): void;
  badge(at: number | undefined, result: BadgeResult, who: string): void;
  summary(title: string, summary: RunSummary): void;
}

export function describeOutcome(result: BadgeResult): string {
  const { outcome } = result;
  switch (outcome.result) {
    case 'granted':
      return `granted (${outcome.reason})  ${outcome.latencyMs.toFixed(1)} ms`;
    case 'denied':
      return `denied (${outcome.reason})  ${outcome.latencyMs.toFixed(1)} ms`;
    case 'timeout':
      return 'no decision in 2 s: denied, service unreachable';
    case 'no-command':
      return 'no command in 2 s: denied (this firmware hears grants only), or service unreachable';
    case 'offline':
      return `${outcome.granted ? 'granted' : 'denied'} offline, from the reader's allow-list`;
  }
}

const counts = (record: Record<string, number>) =>
  Object.entries(record)
    .sort((a, b) => b[1] - a[1])
    .map(([reason, count]) => `${reason} ${count}`)
    .join(', ');
const total = (record: Record<string, number>) => Object.values(record).reduce((sum, count) => sum + count, 0);

export function summaryLines(title: string, summary: RunSummary): string[] {
  const { latency } = summary;
  const ms = (value: number | undefined) => (value === undefined ? '–' : `${value.toFixed(2)} ms`);
  return [
    `Summary: ${title} (${summary.durationS} s)`,
    `  badges sent       ${summary.badgesSent}`,
    `  granted           ${total(summary.granted)}${total(summary.granted) > 0 ? `  (${counts(summary.granted)})` : ''}`,
    `  denied            ${total(summary.denied)}${total(summary.denied) > 0 ? `  (${counts(summary.denied)})` : ''}`,
    `  timeouts          ${summary.timeouts}  (no decision in 2 s: denied, service unreachable)`,
    ...(summary.noCommand > 0 ? [`  no command        ${summary.noCommand}  (esp-rfid / Tasmota: denied, or service unreachable)`] : []),
    ...(summary.offline.granted + summary.offline.denied > 0 ? [`  offline           ${summary.offline.granted} granted, ${summary.offline.denied} denied  (service silent: decided from the allow-list)`] : []),
    `  refused decisions ${summary.refusedDecisions.stale} stale, ${summary.refusedDecisions.forged} forged, ${summary.refusedDecisions.replayed} replayed`,
    `  sensor messages   ${summary.sensorMessages}`,
    `  decision latency  p50 ${ms(latency.p50Ms)} · p99 ${ms(latency.p99Ms)} · max ${ms(latency.maxMs)} over ${latency.count} answers`,
  ];
}

class TextReporter implements Reporter {
  constructor(private readonly quiet: boolean) {}

  private line(at: number | undefined, text: string): void {
    if (!this.quiet) console.log(at === undefined ? text : `[${formatMinutes(at)}] ${text}`);
  }

  info(message: string): void {
    this.line(undefined, message);
  }
  warn(message: string): void {
    console.error(`! ${message}`);
  }
  event(at: number | undefined, kind: string, text: string): void {
    this.line(at, `${kind.padEnd(13)} ${text}`);
  }
  badge(at: number | undefined, result: BadgeResult, who: string): void {
    this.line(at, `${`${result.door}`.padEnd(13)} ${who.padEnd(24)} ${describeOutcome(result)}`);
  }
  summary(title: string, summary: RunSummary): void {
    console.log(summaryLines(title, summary).join('\n'));
  }
}

class JsonReporter implements Reporter {
  private write(record: Record<string, unknown>): void {
    console.log(JSON.stringify({ time: new Date().toISOString(), ...record }));
  }
  info(message: string): void {
    this.write({ type: 'info', message });
  }
  warn(message: string): void {
    this.write({ type: 'warning', message });
  }
  event(at: number | undefined, kind: string, text: string, data: Record<string, unknown> = {}): void {
    this.write({ type: kind, ...(at === undefined ? {} : { simTime: formatMinutes(at) }), text, ...data });
  }
  badge(at: number | undefined, result: BadgeResult, who: string): void {
    this.write({ type: 'badge', ...(at === undefined ? {} : { simTime: formatMinutes(at) }), who, ...result });
  }
  summary(title: string, summary: RunSummary): void {
    this.write({ type: 'summary', scenario: title, ...summary });
  }
}

export function createReporter(mode: OutputMode): Reporter {
  return mode === 'json' ? new JsonReporter() : new TextReporter(mode === 'quiet');
}

/** For library use (the benchmark): says nothing. */
export const silentReporter: Reporter = {
  info: () => undefined,
  warn: () => undefined,
  event: () => undefined,
  badge: () => undefined,
  summary: () => undefined,
};
