// Door safety (docs/reader-firmware.md): a simulated native reader from firmware-sim, provisioned
// for real, verifies every decision. A genuine one opens; a forged, stale or replayed one that
// reaches its decision topic (published here with the service's own broker rights, as a rogue
// with publish access would) never does.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BadgeAnswerer } from '../../apps/api/src/access/badge-answerer.js';
import type { BadgeEvent } from '../../apps/api/src/devices/device-events.js';
import { ReaderAnswers } from '../../apps/api/src/devices/reader-answers.service.js';
import { BrokerService } from '../../apps/api/src/infra/mqtt/broker.service.js';
import { DECISION_LIFETIME_MS, decisionCanonicalBytes, decisionTopic, deriveDecisionKey, hmacSignature, signDecision, verifyDecision } from '#protocol';
import { NativeReader, nativeHealth } from '../../firmware-sim/src/readers.js';
import { startTestCantine, type TestCantine } from '../support/app.js';
import { provisioned, recordEvents } from '../support/devices.js';
import { api } from '../access/helpers.js';
import { eventually } from '../support/eventually.js';

const STAFF = '04A224B2C31F80';
const UNKNOWN = 'CAFEBABE';
const topic = decisionTopic('quimper', 'entrance-reader');

describe.shuffle('signed decisions to a native reader', () => {
  let cantine: TestCantine;
  let reader: NativeReader;
  let password: string;
  const sent: string[] = [];
  let events: ReturnType<typeof recordEvents>;
  /** The service's decision for `seq` as published: the reader may have it before answerBadge returns. */
  const sentFor = (seq: number) =>
    eventually(() => sent.findLast((payload) => (JSON.parse(payload) as { seq: number }).seq === seq) ?? false);
  const rogue = (payload: object) => cantine.app.get(BrokerService).publish(topic, JSON.stringify(payload), { qos: 1 });

  /** Starts a badge-in the service does not answer; resolves with its seq once the service has it. */
  async function silentBadge(uid: string): Promise<{ seq: number; result: ReturnType<NativeReader['badge']> }> {
    const answerer = cantine.app.get(BadgeAnswerer);
    const original = answerer.answer;
    answerer.answer = () => undefined;
    const before = events.length;
    const result = reader.badge(uid);
    const event = await eventually(() => events.slice(before).find((e): e is BadgeEvent => e.type === 'badge') ?? false);
    answerer.answer = original;
    return { seq: event.seq as number, result };
  }

  beforeAll(async () => {
    cantine = await startTestCantine();
    const manager = await api(cantine);
    password = await provisioned(cantine.baseUrl, manager.headers, { id: 'entrance-reader', kind: 'reader', door: 'entrance' });
    // Staff open at any time: the test does not depend on today's opening hours.
    await manager.member('Anne Le Goff', STAFF, [{ type: 'staff' }]);
    const answers = cantine.app.get(ReaderAnswers);
    const answerBadge = answers.answerBadge.bind(answers);
    answers.answerBadge = async (event, decision) => {
      const result = await answerBadge(event, decision);
      if (result.ok) sent.push(...result.published.map((p) => p.payload));
      return result;
    };
    events = recordEvents(cantine);
    const setup = { mqttUrl: `mqtt://127.0.0.1:${cantine.mqttPort}`, target: { site: 'quimper', root: 'cantine' }, record: { id: 'entrance-reader', kind: 'reader' as const, protocol: 'native' as const, door: 'entrance', password }, persist: () => undefined };
    reader = await new NativeReader(setup).start(nativeHealth(setup, -50));
  });
  afterAll(async () => {
    await reader?.close();
    await cantine?.dispose();
  });

  it('signs each decision over seq, granted, unlockMs and exp with the key the reader derives, and the reader opens', async () => {
    const openings = reader.openings;
    const refused = { ...reader.guard.refused };
    const badgedAt = Date.now();
    const result = await reader.badge(STAFF);
    expect(result.outcome).toMatchObject({ result: 'granted', reason: 'staff' });
    const decision = JSON.parse(await sentFor(result.seq!));
    expect(decision).toMatchObject({ seq: result.seq, granted: true, unlockMs: 5000 });
    // Signed between the badge-in and now, valid for the decision lifetime from then.
    expect(decision.exp).toBeGreaterThanOrEqual(badgedAt + DECISION_LIFETIME_MS - 1000); // the service clock may lag Date.now() by ms
    expect(decision.exp).toBeLessThanOrEqual(Date.now() + DECISION_LIFETIME_MS);
    expect(decision.sig).toBe(hmacSignature(deriveDecisionKey(password), decisionCanonicalBytes(decision)));
    expect(verifyDecision(deriveDecisionKey(password), decision, Date.now())).toEqual({ ok: true });
    expect(reader.openings).toBe(openings + 1);
    expect(reader.guard.refused).toEqual(refused);
  });

  it('signs denials too', async () => {
    const result = await reader.badge(UNKNOWN);
    expect(result.outcome).toMatchObject({ result: 'denied', reason: 'unknown-badge' });
    expect(verifyDecision(deriveDecisionKey(password), JSON.parse(await sentFor(result.seq!)), Date.now())).toEqual({ ok: true });
  });

  it('never opens on a forged grant for the seq it waits on: unsigned, or signed with another key', async () => {
    const openings = reader.openings;
    const { forged } = reader.guard.refused;
    const { seq, result } = await silentBadge(UNKNOWN);
    const grant = { seq, granted: true, unlockMs: 60_000, reason: 'staff' };
    await rogue(grant);
    await rogue(signDecision(deriveDecisionKey('a guessed secret'), grant, Date.now()));
    // A genuine denial with, of the signed fields, only `granted` flipped (the reason is not signed,
    // and a grant needs a grant reason to be read at all): refused only because `granted` is signed.
    const denial = signDecision(deriveDecisionKey(password), { seq, granted: false, reason: 'unknown-badge' }, Date.now());
    await rogue({ ...denial, granted: true, reason: 'staff' });
    await eventually(() => expect(reader.guard.refused.forged).toBe(forged + 3));
    expect((await result).outcome.result).not.toBe('granted');
    expect(reader.openings).toBe(openings);
  });

  it('refuses a stale decision, even correctly signed', async () => {
    const openings = reader.openings;
    const { stale } = reader.guard.refused;
    // A UID the offline allow-list does not hold: after the silence the reader denies it too.
    const { seq, result } = await silentBadge(UNKNOWN);
    await rogue(signDecision(deriveDecisionKey(password), { seq, granted: true, unlockMs: 5000, reason: 'staff' }, Date.now() - 60_000));
    await eventually(() => expect(reader.guard.refused.stale).toBe(stale + 1));
    expect((await result).outcome).not.toMatchObject({ result: 'granted' });
    expect(reader.openings).toBe(openings);
  });

  it('refuses a replayed genuine decision: its seq is no longer pending', async () => {
    const first = await reader.badge(STAFF);
    expect(first.outcome).toMatchObject({ result: 'granted' });
    const openings = reader.openings;
    const { replayed } = reader.guard.refused;
    const genuine = await sentFor(first.seq!);
    await cantine.app.get(BrokerService).publish(topic, genuine, { qos: 1 });
    await eventually(() => expect(reader.guard.refused.replayed).toBe(replayed + 1));
    expect(reader.openings).toBe(openings);
  });

  it('accepts a signed remote unlock (seq 0) once', async () => {
    // The reader refuses an unsolicited decision that could have been signed before it booted (its
    // first ~2 s): run first, this test must wait until the service's next signature is past that.
    const floor = reader.guard['pending'].unsolicitedFloor;
    await eventually(() => Date.now() + DECISION_LIFETIME_MS > floor, 10_000);
    const openings = reader.openings;
    const { replayed } = reader.guard.refused;
    const unlock = await api(cantine).then((manager) => manager.post('/api/doors/quimper/entrance/unlock'));
    expect(unlock.body).toMatchObject({ readers: 1 });
    await eventually(() => reader.openings === openings + 1);
    await cantine.app.get(BrokerService).publish(topic, await sentFor(0), { qos: 1 });
    await eventually(() => expect(reader.guard.refused.replayed).toBe(replayed + 1));
    expect(reader.openings).toBe(openings + 1);
  });
});
