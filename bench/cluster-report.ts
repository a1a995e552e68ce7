// The `--cluster` rows and JSON keys (bench/README.md): per configuration, compared with the
// 1-instance configuration of the same run; the failover targets of issue 15 (<= 5 s, none lost, no
// day taken twice) decide the exit code.
import type { IngestStep } from './cluster-ingestion.js';
import type { FailoverResult } from './cluster-failover.js';
import type { Report } from './report.js';

export const FAILOVER_TARGET_S = 5;

export interface ConfigurationResult {
  count: number;
  /** Start of the instances added -> all ready (s). */
  startS: number;
  /** All ready -> every site live, each instance holding its share (s). */
  spreadS: number;
  badges: number;
  latency: { p50: number; p99: number; max: number; lost: number; late: number; granted: number };
  steps: IngestStep[];
  failover?: FailoverResult;
  days?: { passes: number; twice: number; unrecorded: number };
}

/** The highest rate really sent that was kept up with (0: none of the ladder). */
const keptRate = (steps: readonly IngestStep[]) => Math.max(0, ...steps.filter((step) => step.keptUp).map((step) => step.achievedRate));

export function recordConfiguration(report: Report, result: ConfigurationResult, single: ConfigurationResult): void {
  const scenario = `${result.count} instance${result.count > 1 ? 's' : ''}`;
  const vsSingle = result.count > 1;
  const key = (name: string, value: unknown) => report.key(`cluster_${result.count}_${name}`, value);
  report.add({ scenario, metric: 'instances added: start', value: result.startS, unit: 's' });
  report.add({ scenario, metric: 'then sites spread', value: result.spreadS, unit: 's' });
  report.add({ scenario, metric: 'badge p50', value: result.latency.p50, unit: 'ms', ...(vsSingle ? { baseline: single.latency.p50 } : {}) });
  report.add({ scenario, metric: 'badge p99', value: result.latency.p99, unit: 'ms', ...(vsSingle ? { baseline: single.latency.p99 } : {}) });
  report.add({ scenario, metric: `badges unanswered (of ${result.badges})`, value: result.latency.lost });
  const ingest = keptRate(result.steps);
  report.add({ scenario, metric: 'ingestion kept up (msgs/s)', value: ingest, ...(vsSingle ? { baseline: keptRate(single.steps) } : {}) });
  key('start_s', result.startS);
  key('spread_s', result.spreadS);
  key('badges', result.badges);
  key('badge_p50_ms', result.latency.p50);
  key('badge_p99_ms', result.latency.p99);
  key('badge_max_ms', result.latency.max);
  key('badges_lost', result.latency.lost);
  key('badges_late', result.latency.late);
  key('badges_granted', result.latency.granted);
  key('ingest_msgs_per_s', ingest);
  key('ingest_steps', result.steps.map((step) => ({ rate: step.rate, achieved: Math.round(step.achievedRate), lag_ms: step.lagMs === undefined ? null : Math.round(step.lagMs), kept_up: step.keptUp, wrong_sites: step.wrong?.sites ?? 0 })));
  const failover = result.failover;
  if (!failover || !result.days) return;
  report.add({ scenario, metric: `failover, worst of ${failover.sites} sites`, value: failover.worstS, unit: 's', target: `≤ ${FAILOVER_TARGET_S} s`, pass: failover.worstS <= FAILOVER_TARGET_S });
  report.add({ scenario, metric: 'failover, median site', value: failover.medianS, unit: 's' });
  report.add({ scenario, metric: `failover badges lost (of ${failover.badges}, ${failover.resent} resent)`, value: failover.lost, target: '0', pass: failover.lost === 0 });
  report.add({ scenario, metric: `days taken twice (${result.days.passes} carnets used)`, value: result.days.twice, target: '0', pass: result.days.twice === 0 });
  key('failover_s', failover.worstS);
  key('failover_median_s', failover.medianS);
  key('failover_sites', failover.sites);
  key('failover_badges', failover.badges);
  key('failover_resent', failover.resent);
  key('failover_badges_lost', failover.lost);
  key('failover_last_take_s', failover.lastTakeS ?? null);
  key('days_taken_twice', result.days.twice);
  key('days_unrecorded', result.days.unrecorded);
}

export function recordSummary(
  report: Report,
  results: readonly ConfigurationResult[],
  run: { sites: number; desksPerSite: number; readers: number; members: number; badgeRate: number; redis: boolean },
): void {
  const single = results[0]!;
  const largest = results[results.length - 1]!;
  const failovers = results.filter((result) => result.failover);
  report.key('cluster_instances', results.map((result) => result.count));
  report.key('cluster_sites', run.sites);
  report.key('cluster_desks', run.sites * run.desksPerSite);
  report.key('cluster_readers', run.readers);
  report.key('cluster_members', run.members);
  report.key('cluster_badge_rate', run.badgeRate);
  report.key('cluster_redis', run.redis);
  report.key('single_mode', 'cluster mode, 1 instance');
  report.key('single_badge_p99_ms', single.latency.p99);
  report.key('cluster_badge_p99_ms', largest.latency.p99);
  report.key('cluster_badge_p99_ratio', largest.latency.p99 / single.latency.p99);
  report.key('single_ingest_msgs_per_s', keptRate(single.steps));
  report.key('cluster_ingest_msgs_per_s', keptRate(largest.steps));
  report.key('failover_s', failovers.length ? Math.max(...failovers.map((result) => result.failover!.worstS)) : null);
  report.key('failover_badges_lost', failovers.length ? failovers.reduce((sum, result) => sum + result.failover!.lost, 0) : null);
  // pass_use is read after each failover; the last reading covers the whole run.
  report.key('failover_days_taken_twice', failovers.length ? failovers[failovers.length - 1]!.days!.twice : null);
  report.note(`cluster: ${run.sites} sites × ${run.desksPerSite} desks, ${run.readers} readers badging ${run.badgeRate}/s in all; the single-instance baseline is the 1-instance configuration in cluster mode (same PostgreSQL and Mosquitto), not the embedded default`);
}
