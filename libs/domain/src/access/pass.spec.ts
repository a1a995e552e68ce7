import { describe, it, expect } from 'vitest';
import { passOpensZone, termsOf, withPassDefaults, withTerms, type PassType } from './pass.js';

describe('pass defaults and zones', () => {
  it.each<[PassType, string[]]>([
    ['day', ['hall', 'open-space', 'meeting-room']],
    ['half-day', ['hall', 'open-space', 'meeting-room']],
    ['carnet', ['hall', 'open-space', 'meeting-room']],
    ['subscription', ['hall', 'open-space', 'meeting-room']],
    ['event', ['hall', 'event-room']],
    ['staff', ['*']],
  ])('withPassDefaults: a %s pass without zones gets %j', (type, zones) => {
    expect(withPassDefaults({ id: 'p1', memberId: 'm1', type })).toEqual({ id: 'p1', memberId: 'm1', type, zones, usedOn: [] });
  });

  it('withPassDefaults keeps given zones and uses, and copies them', () => {
    const zones = ['hall'];
    const pass = withPassDefaults({ id: 'p1', memberId: 'm1', type: 'day', zones, usedOn: [{ date: '2026-03-02' }] });
    zones.push('event-room');
    expect([pass.zones, pass.usedOn]).toEqual([['hall'], [{ date: '2026-03-02' }]]);
  });

  it('withPassDefaults treats an empty zone list as "not given"', () => {
    expect(withPassDefaults({ id: 'p1', memberId: 'm1', type: 'event', zones: [] }).zones).toEqual(['hall', 'event-room']);
  });

  it('termsOf keeps only the terms the pass has, so equal terms compare equal', () => {
    const pass = withPassDefaults({ id: 'p1', memberId: 'm1', type: 'carnet', credits: 10, soldOn: '2026-03-01', usedOn: [{ date: '2026-03-02' }] });
    expect(termsOf(pass)).toStrictEqual({ credits: 10 });
  });

  it('withTerms replaces the terms, dropping those the new terms lack, and keeps the rest', () => {
    const pass = withPassDefaults({ id: 'p1', memberId: 'm1', type: 'day', validFrom: '2026-03-01', validUntil: '2026-03-31', soldOn: '2026-02-27' });
    expect(withTerms(pass, { validFrom: '2026-03-01', cancelledOn: '2026-03-10', refund: false })).toStrictEqual({
      id: 'p1', memberId: 'm1', type: 'day', soldOn: '2026-02-27', zones: ['hall', 'open-space', 'meeting-room'], usedOn: [],
      validFrom: '2026-03-01', cancelledOn: '2026-03-10', refund: false,
    });
    expect(pass.validUntil).toBe('2026-03-31');
  });

  it.each<[string, PassType, string[], string, boolean]>([
    ['coworking pass, open space', 'subscription', ['hall', 'open-space'], 'open-space', true],
    ['coworking pass, event room', 'subscription', ['hall', 'open-space'], 'event-room', false],
    ['wildcard zone', 'carnet', ['*'], 'event-room', true],
    ['staff ignore their list', 'staff', ['hall'], 'server-room', true],
  ])('passOpensZone: %s', (_scenario, type, zones, zone, expected) => {
    expect(passOpensZone(withPassDefaults({ id: 'p', memberId: 'm', type, zones }), zone)).toBe(expected);
  });
});
