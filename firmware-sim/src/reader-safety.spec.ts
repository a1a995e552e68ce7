// The simulated reader's checks, without a broker: decisions (forged, stale, replayed) and the
// offline list (refused when forged or older, decides and queues while in force).
import { allowListTopic, deriveDecisionKey, encodeMessage, signAllowList, signDecision } from '#protocol';
import { describe, expect, it } from 'vitest';
import { DecisionGuard, OfflineMode } from './reader-safety.js';

const NOW = 1_772_442_000_000;
const key = deriveDecisionKey('secret');
const grant = (seq: number, at = NOW) => signDecision(key, { seq, granted: true, unlockMs: 5000 }, at);

describe('DecisionGuard', () => {
  it('accepts a signed, fresh decision for a pending seq once, and counts every refusal by reason', () => {
    const guard = new DecisionGuard(key, () => NOW);
    guard.expect(1);
    guard.expect(2);
    expect(guard.accept(signDecision(deriveDecisionKey('other'), { seq: 1, granted: true, unlockMs: 5000 }, NOW))).toBe(false);
    expect(guard.accept({ seq: 1, granted: true })).toBe(false);
    expect(guard.accept(grant(2, NOW - 60_000))).toBe(false);
    expect(guard.accept(grant(1))).toBe(true);
    expect(guard.accept(grant(1))).toBe(false);
    expect(guard.accept(grant(9))).toBe(false);
    expect(guard.refused).toEqual({ forged: 2, stale: 1, replayed: 2 });
  });
});

describe('DecisionGuard across a reboot', () => {
  const unlock = (at: number) => signDecision(key, { seq: 0, granted: true, unlockMs: 5000 }, at);

  it('refuses a remote unlock replayed right after a reboot, and keeps the floor it saved', () => {
    let saved: number | undefined;
    const memory = { floor: undefined as number | undefined, save: (floor: number) => (saved = floor) };
    let now = NOW - 3_600_000;
    const before = new DecisionGuard(key, () => now, memory);
    now = NOW;
    const captured = unlock(NOW);
    expect(before.accept(captured)).toBe(true);
    expect(saved).toBe(captured.exp);
    // Rebooted a second later, no memory at all: the captured unlock is still within its exp.
    now = NOW + 1000;
    const amnesic = new DecisionGuard(key, () => now);
    expect(amnesic.accept(captured)).toBe(false);
    expect(amnesic.refused.replayed).toBe(1);
    // Rebooted with its clock set back 5 s (SNTP corrected a fast clock): only the saved floor
    // stops the replay; a fresh unlock a little later opens.
    now = NOW - 5000;
    const rebooted = new DecisionGuard(key, () => now, { floor: saved, save: () => undefined });
    expect(rebooted.accept(captured)).toBe(false);
    now = NOW + 3000;
    expect(rebooted.accept(unlock(now))).toBe(true);
  });
});

describe('OfflineMode', () => {
  const target = { site: 'quimper', root: 'cantine', readerId: 'r1' };
  const topic = allowListTopic('quimper', 'r1');
  const list = (version: number, signer = key) =>
    encodeMessage('allow-list', signAllowList(signer, { version, from: NOW, until: NOW + 86_400_000, groups: [{ windows: [[0, 60]], uids: ['04A224B2C31F80'] }] }));

  it('keeps only signed lists newer than the one held', () => {
    const offline = new OfflineMode(key, target, () => NOW);
    expect(offline.onAllowList(topic, list(5, deriveDecisionKey('other')))).toBe(false);
    expect(offline.onAllowList(topic, list(5))).toBe(true);
    expect(offline.onAllowList(topic, list(4))).toBe(false);
    expect(offline.onAllowList(topic, list(5))).toBe(false);
    expect(offline.onAllowList(topic, list(6))).toBe(true);
    expect(offline.counts).toMatchObject({ listsAccepted: 2, listsRefused: 3 });
  });

  it('decides from the list in force, queues, and uploads flagged offline with the original time', () => {
    let now = NOW + 30 * 60_000;
    const offline = new OfflineMode(key, target, () => now);
    expect(offline.decide('04A224B2C31F80', 1)).toBeUndefined();
    offline.onAllowList(topic, list(1));
    expect(offline.decide('04A224B2C31F80', 2)).toBe(true);
    expect(offline.decide('CAFEBABE', 3)).toBe(false);
    now = NOW + 90 * 60_000;
    expect(offline.decide('04A224B2C31F80', 4)).toBe(false);
    const uploads = offline.uploads().map((p) => JSON.parse(p.payload.toString()));
    expect(uploads.map((u) => [u.seq, u.granted, u.offline])).toEqual([[2, true, true], [3, false, true], [4, false, true]]);
    expect(uploads[0].ts).toBe(new Date(NOW + 30 * 60_000).toISOString());
    expect(offline.queued).toEqual([]);
  });
});
