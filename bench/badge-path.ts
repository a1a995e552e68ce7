// Scenario A, the badge path under load: badge -> decision latency at several rates while the desk
// sensors report in the background, against an MQTT echo through the same broker at the same rate.
import { badgeTopic } from '#protocol';
import type { BackgroundSensors } from './background.js';
import type { ConnectedDevice } from './devices.js';
import { readerDecisionTopic } from './devices.js';
import { pingTopic, pongTopic } from './echo.js';
import { expectedDecision, SITE, type PlannedMember } from './fleet-plan.js';
import type { Report } from './report.js';
import { RoundTrips, sleep, type PhaseResult } from './round-trips.js';

export interface BadgePathOptions {
  readers: ConnectedDevice[];
  echoes: ConnectedDevice[];
  members: PlannedMember[];
  background: BackgroundSensors;
  rates: number[];
  durationS: number;
  say: (line: string) => void;
}

/** The rate the target is stated at. */
const TARGET_RATE = 200;

export async function runBadgePath(options: BadgePathOptions, report: Report): Promise<void> {
  const { readers, echoes, members, background, rates, durationS, say } = options;
  const byUid = new Map(members.map((member) => [member.uid, member]));
  const badges = new RoundTrips(
    readers.map(({ device, client }) => ({ client, topic: badgeTopic(SITE, device.id, 'cantine'), answerTopic: readerDecisionTopic(device.id) })),
    (seq, uid) => JSON.stringify({ uid, seq, ts: new Date().toISOString() }),
  );
  // Same size and shape as a badge, so both paths carry the same bytes.
  const echo = new RoundTrips(
    echoes.map(({ device, client }) => ({ client, topic: pingTopic(device.id), answerTopic: pongTopic(device.id) })),
    (seq, uid) => JSON.stringify({ uid, seq, ts: new Date().toISOString() }),
  );
  let memberTurn = 0;
  const nextUid = () => members[memberTurn++ % members.length]!.uid;

  background.start();
  await sleep(1000);
  const results: Array<{ rate: number; badge: PhaseResult; echo: PhaseResult }> = [];
  for (const rate of rates) {
    // Interleaved, echo first: both see the same machine, the same background, within seconds.
    const baseline = await echo.run(rate, durationS, nextUid);
    // No echo at all is the harness's failure, not the service's: never a NaN baseline and a FAIL.
    if (baseline.answered === 0) throw new Error(`A: the echo answered none of ${baseline.sent} pings at ${rate}/s (bench/echo.ts)`);
    const measured = await badges.run(rate, durationS, nextUid);
    results.push({ rate, badge: measured, echo: baseline });
    say(`A: ${rate}/s: decision p99 ${measured.summary.p99.toFixed(2)} ms (echo ${baseline.summary.p99.toFixed(2)} ms), lost ${measured.lost}`);
  }
  background.stop();
  await sleep(500);
  badges.recountDuplicates();
  echo.recountDuplicates();

  let lostTotal = 0;
  let wrongTotal = 0;
  for (const { rate, badge, echo: baseline } of results) {
    const wrong = badge.answers.filter(({ tag, answer }) => {
      const member = byUid.get(tag);
      const expected = member ? expectedDecision(member.role) : undefined;
      return !expected || answer.granted !== expected.granted || answer.reason !== expected.reason;
    }).length;
    const granted = badge.answers.filter(({ answer }) => answer.granted === true).length;
    const lost = badge.lost + badge.duplicated;
    lostTotal += lost;
    wrongTotal += wrong;
    const scenario = `A badge ${rate}/s`;
    const isTarget = rate === TARGET_RATE;
    report.add({ scenario, metric: 'decision p50', value: badge.summary.p50, unit: 'ms', baseline: baseline.summary.p50 });
    report.add({
      scenario,
      metric: 'decision p99',
      value: badge.summary.p99,
      unit: 'ms',
      baseline: baseline.summary.p99,
      ...(isTarget ? { target: '≤ 3× echo p99', pass: badge.summary.p99 <= 3 * baseline.summary.p99 } : {}),
    });
    report.add({ scenario, metric: 'decision p99.9', value: badge.summary.p999, unit: 'ms', baseline: baseline.summary.p999 });
    report.add({
      scenario,
      metric: 'lost + duplicated',
      value: `${badge.lost} + ${badge.duplicated} of ${badge.sent}`,
      ...(isTarget ? { target: '0 + 0', pass: lost === 0 } : {}),
    });
    report.add({ scenario, metric: 'wrong decisions', value: `${wrong} (granted ${granted})`, target: '0', pass: wrong === 0 });
    const prefix = `badge_${rate}`;
    report.key(`${prefix}_sent`, badge.sent);
    report.key(`${prefix}_achieved_per_s`, badge.achievedRate);
    report.key(`${prefix}_p50_ms`, badge.summary.p50);
    report.key(`${prefix}_p99_ms`, badge.summary.p99);
    report.key(`${prefix}_p999_ms`, badge.summary.p999);
    report.key(`${prefix}_max_ms`, badge.summary.max);
    report.key(`${prefix}_lost`, badge.lost);
    report.key(`${prefix}_duplicated`, badge.duplicated);
    report.key(`${prefix}_wrong`, wrong);
    report.key(`${prefix}_granted`, granted);
    report.key(`baseline_${rate}_p50_ms`, baseline.summary.p50);
    report.key(`baseline_${rate}_p99_ms`, baseline.summary.p99);
    report.key(`baseline_${rate}_p999_ms`, baseline.summary.p999);
    report.key(`baseline_${rate}_lost`, baseline.lost + baseline.duplicated);
    report.key(`${prefix}_p99_ratio`, badge.summary.p99 / baseline.summary.p99);
    if (isTarget) {
      report.key('badge_p50_ms', badge.summary.p50);
      report.key('badge_p99_ms', badge.summary.p99);
      report.key('badge_p999_ms', badge.summary.p999);
      report.key('baseline_p50_ms', baseline.summary.p50);
      report.key('baseline_p99_ms', baseline.summary.p99);
      report.key('badge_p99_ratio', badge.summary.p99 / baseline.summary.p99);
      report.key('badge_target_pass', badge.summary.p99 <= 3 * baseline.summary.p99 && lost === 0);
    }
  }
  report.key('badges_lost', lostTotal);
  report.key('badges_wrong', wrongTotal);
  report.key('background_sensors', background.count);
  report.key('background_msgs_per_s', background.rate);
  report.key('background_msgs_sent', background.sent);
}
