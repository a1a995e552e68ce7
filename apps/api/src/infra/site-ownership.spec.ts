import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { AppConfig } from './config/app-config.js';
import { HOLD_MAX_EVENTS, HOLD_MAX_MS, SiteOwnership } from './site-ownership.js';

describe('SiteOwnership: device events of a held site whose lease is unconfirmed', () => {
  let now = 0;
  let ownership: SiteOwnership;

  beforeEach(async () => {
    now = 1_000;
    vi.spyOn(performance, 'now').mockImplementation(() => now);
    ownership = new SiteOwnership({ cluster: { instanceId: 'a' } } as AppConfig);
    await ownership.take('quimper', 7, now + 2_500);
  });

  afterEach(() => vi.restoreAllMocks());

  it('runs an event at once while the lease surely holds', () => {
    const handled: string[] = [];
    ownership.afterRenewal('quimper', () => handled.push('badge'));
    expect(handled).toEqual(['badge']);
  });

  it('keeps what arrives after the lease ran out locally, and runs it in order once a renewal confirms it', () => {
    const handled: string[] = [];
    now += 2_600; // stalled past the renewal
    expect(ownership.owns('quimper')).toBe(false);
    ownership.afterRenewal('quimper', () => handled.push('presence'));
    ownership.afterRenewal('quimper', () => handled.push('badge'));
    expect(handled).toEqual([]);
    ownership.extend('quimper', now + 2_500);
    expect(handled).toEqual(['presence', 'badge']);
    ownership.extend('quimper', now + 2_500);
    expect(handled).toEqual(['presence', 'badge']); // once
  });

  it('keeps waiting when the renewal itself came back too late to vouch for now', () => {
    const handled: string[] = [];
    now += 2_600;
    ownership.afterRenewal('quimper', () => handled.push('presence'));
    ownership.extend('quimper', now - 1);
    expect(handled).toEqual([]);
    ownership.extend('quimper', now + 1);
    expect(handled).toEqual(['presence']);
  });

  it('drops what waited longer than the lease could have held the site', () => {
    const handled: string[] = [];
    now += 2_600;
    ownership.afterRenewal('quimper', () => handled.push('old'));
    now += HOLD_MAX_MS;
    ownership.afterRenewal('quimper', () => handled.push('new'));
    now += 1;
    ownership.extend('quimper', now + 2_500);
    expect(handled).toEqual(['new']);
  });

  it('drops what waited when the site is lost, and ignores sites it does not hold', async () => {
    const handled: string[] = [];
    now += 2_600;
    ownership.afterRenewal('quimper', () => handled.push('presence'));
    ownership.afterRenewal('brest', () => handled.push('elsewhere'));
    await ownership.give('quimper', true);
    await ownership.take('quimper', 8, now + 2_500);
    ownership.extend('quimper', now + 2_500);
    expect(handled).toEqual([]);
  });

  it('bounds the wait per site, a failing event not stopping the others', () => {
    const handled: number[] = [];
    now += 2_600;
    ownership.afterRenewal('quimper', () => {
      throw new Error('boom');
    });
    for (let i = 1; i < HOLD_MAX_EVENTS + 5; i++) ownership.afterRenewal('quimper', () => handled.push(i));
    ownership.extend('quimper', now + 2_500);
    expect(handled).toHaveLength(HOLD_MAX_EVENTS - 1);
    expect(handled.at(-1)).toBe(HOLD_MAX_EVENTS - 1);
  });

  it('runs what waits for the takes once the round has taken every site, at once outside a round', async () => {
    const done: string[] = [];
    ownership.afterTakes(() => done.push('outside'));
    expect(done).toEqual(['outside']);
    let release!: () => void;
    const round = ownership.takingRound(async () => {
      await ownership.take('brest', 1, now + 2_500);
      ownership.afterTakes(() => done.push('lists of brest'));
      await new Promise<void>((resolve) => (release = resolve));
      await ownership.take('morlaix', 1, now + 2_500);
      ownership.afterTakes(() => done.push('lists of morlaix'));
    });
    await Promise.resolve();
    expect(done).toEqual(['outside']);
    release();
    await round;
    expect(done).toEqual(['outside', 'lists of brest', 'lists of morlaix']);
  });

  it('alone (no cluster) every site is always owned and nothing waits', () => {
    const alone = new SiteOwnership({} as AppConfig);
    const handled: string[] = [];
    alone.afterRenewal('quimper', () => handled.push('presence'));
    expect(handled).toEqual(['presence']);
  });
});
