// Factories shared by the access specs (not exported from the barrel).
import { withPassDefaults, type Badge, type Member, type Pass, type PassInput } from './pass.js';
import { withSiteDefaults, type SiteRules, type WeeklyHours } from './site-rules.js';

const weekday = [{ open: '09:00', close: '17:00' }];

/** Contract §4: Quimper, Europe/Paris, Monday–Friday 09:00–17:00. */
export const QUIMPER_HOURS: WeeklyHours = {
  monday: weekday,
  tuesday: weekday,
  wednesday: weekday,
  thursday: weekday,
  friday: weekday,
  saturday: [],
  sunday: [],
};

export function makeSite(overrides: Partial<SiteRules> = {}): SiteRules {
  return withSiteDefaults({ timezone: 'Europe/Paris', hours: QUIMPER_HOURS, ...overrides });
}

export function makeMember(overrides: Partial<Member> = {}): Member {
  return { id: 'm1', name: 'Anne', adherent: true, active: true, ...overrides };
}

export function makeBadge(overrides: Partial<Badge> = {}): Badge {
  return { uid: '04A224B2C31F80', memberId: 'm1', status: 'active', ...overrides };
}

export function makePass(overrides: Partial<PassInput> & Pick<PassInput, 'type'>): Pass {
  return withPassDefaults({ id: `p-${overrides.type}`, memberId: 'm1', ...overrides });
}
