import { CANONICAL_UID_PATTERN } from '#protocol';
import { describe, expect, it } from 'vitest';
import { generateMembers, ROSTER, strangerUid } from './members.js';

describe('demo members', () => {
  const now = new Date('2025-03-04T08:00:00Z');
  const members = generateMembers(1, 24, '2025-03-04', now);

  it('has the roster of a 24-desk site, with unique names, emails and canonical UIDs', () => {
    expect(members).toHaveLength(ROSTER.reduce((sum, [, count]) => sum + count, 0));
    for (const key of ['key', 'email', 'uid'] as const) expect(new Set(members.map((member) => member[key])).size).toBe(members.length);
    for (const member of members) expect(member.uid).toMatch(CANONICAL_UID_PATTERN);
    expect(strangerUid(1)).toMatch(/^[0-9A-F]{8}$/);
    expect(members.map((member) => member.uid)).not.toContain(strangerUid(1));
  });

  it('gives each role the pass its day needs', () => {
    const byRole = (role: string) => members.filter((member) => member.role === role);
    expect(byRole('no-pass').every((member) => member.pass === undefined)).toBe(true);
    expect(byRole('morning').every((member) => member.pass?.type === 'half-day')).toBe(true);
    expect(byRole('staff')[0]?.pass).toEqual({ type: 'staff' });
    const coworkerPasses = new Set(byRole('coworker').map((member) => member.pass?.type));
    expect(coworkerPasses).toEqual(new Set(['subscription', 'carnet', 'day']));
    for (const member of byRole('event')) {
      expect(member.pass).toMatchObject({ type: 'event', title: expect.any(String) });
      expect(Date.parse(member.pass!.validFrom!)).toBeLessThan(now.getTime());
      expect(Date.parse(member.pass!.validUntil!)).toBeGreaterThan(now.getTime() + 86_400_000);
    }
    expect(byRole('coworker').find((member) => member.pass?.type === 'subscription')?.pass).toEqual({ type: 'subscription', validFrom: '2025-03-04', validUntil: '2026-03-04' });
  });

  it("gives event members the evening's window when the simulated date is known", () => {
    const window = { from: '2026-12-07T17:00:00.000Z', until: '2026-12-07T20:00:00.000Z' };
    const attendees = generateMembers(1, 24, '2026-12-07', new Date('2026-12-07T07:45:00Z'), window).filter((member) => member.role === 'event');
    expect(attendees.length).toBeGreaterThan(0);
    for (const member of attendees) expect(member.pass).toEqual({ type: 'event', validFrom: window.from, validUntil: window.until, title: "Pixel'péro" });
  });
});
