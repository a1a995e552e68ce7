import { describe, expect, it } from 'vitest';
import { LatencyStats, percentile, RunStats } from './stats.js';

describe('latency percentiles (nearest rank)', () => {
  it.each([
    [[], 50, undefined],
    [[5], 50, 5],
    [[5], 99, 5],
    [[1, 2, 3, 4], 50, 2],
    [[1, 2, 3, 4], 99, 4],
    [Array.from({ length: 100 }, (_, i) => i + 1), 50, 50],
    [Array.from({ length: 100 }, (_, i) => i + 1), 99, 99],
    [Array.from({ length: 1000 }, (_, i) => i + 1), 99, 990],
  ])('%j p%d = %s', (samples, p, expected) => {
    expect(percentile(samples, p)).toBe(expected);
  });

  it('sorts samples that arrive out of order', () => {
    const stats = new LatencyStats();
    for (const ms of [9, 1, 5, 3, 7]) stats.add(ms);
    expect(stats.summary()).toEqual({ count: 5, p50Ms: 5, p99Ms: 9, maxMs: 9 });
  });
});

describe('run statistics', () => {
  it('counts decisions by outcome and reason, latency only for answers', () => {
    const stats = new RunStats();
    stats.record({ result: 'granted', reason: 'subscription', latencyMs: 2 });
    stats.record({ result: 'granted', reason: 'subscription', latencyMs: 4 });
    stats.record({ result: 'denied', reason: 'unknown-badge', latencyMs: 3 });
    stats.record({ result: 'timeout' });
    stats.record({ result: 'no-command' });
    const summary = stats.summary();
    expect(summary.granted).toEqual({ subscription: 2 });
    expect(summary.denied).toEqual({ 'unknown-badge': 1 });
    expect(summary.timeouts).toBe(1);
    expect(summary.noCommand).toBe(1);
    expect(summary.latency).toMatchObject({ count: 3, p50Ms: 3, p99Ms: 4 });
  });
});
