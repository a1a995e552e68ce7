// The demo members of a site: seeded, so every run of `provision --seed S` creates the same people
// with the same badge UIDs, each with the pass their role in the day calls for.
import { addDays } from './clock.js';
import type { MemberRecord, MemberRole, PassRequest } from './credentials.js';
import { createRandom, type Random } from './random.js';

const FIRST_NAMES = ['Anne', 'Yann', 'Maëlle', 'Erwan', 'Nolwenn', 'Gwenaël', 'Soizic', 'Loïc', 'Katell', 'Ronan', 'Enora', 'Tangi', 'Azilis', 'Malo', 'Rozenn', 'Goulven', 'Léa', 'Hugo', 'Inès', 'Karim', 'Chloé', 'Mathis', 'Awa', 'Jules', 'Sarah', 'Nathan', 'Camille', 'Théo', 'Lina', 'Paul', 'Mona', 'Elouan', 'Fanny', 'Youna', 'Bastien', 'Clémence'];
const LAST_NAMES = ['Le Goff', 'Le Gall', 'Quéré', 'Kerjean', 'Le Bihan', 'Tanguy', 'Morvan', 'Le Roux', 'Guillou', 'Cariou', 'Le Floc’h', 'Riou', 'Jaouen', 'Nédélec', 'Pichon', 'Bourhis', 'Diallo', 'Martin', 'Bernard', 'Moreau', 'Haddad', 'Nguyen', 'Salaün', 'Kervella', 'Le Corre', 'Cosquer', 'Ollivier', 'Prigent'];

/** How many of each role a 24-desk site gets: peak about 20 desks, a few free seats left. */
export const ROSTER: ReadonlyArray<readonly [MemberRole, number]> = [
  ['coworker', 17],
  ['morning', 2],
  ['afternoon', 2],
  ['staff', 1],
  ['no-pass', 1],
  ['revoked', 1],
  ['event', 12],
];

export const EVENT_TITLE = "Pixel'péro";

/** The evening event's window (ISO times), when the simulated day's date is known (`--clock`). */
export interface EventWindow {
  from: string;
  until: string;
}

/** Scaled to the site's desks so a small site is not flooded. */
function roleCounts(desks: number): Array<[MemberRole, number]> {
  const scale = Math.min(1, desks / 24);
  return ROSTER.map(([role, count]) => [role, role === 'coworker' ? Math.max(1, Math.round(count * scale)) : count]);
}

/** A 7-byte NXP UID (manufacturer byte 0x04), as MIFARE / NTAG cards carry. */
export function randomUid(random: Random, bytes: 4 | 7 = 7): string {
  const body = Array.from({ length: bytes - (bytes === 7 ? 1 : 0) }, () => random.int(0x10, 0xff).toString(16));
  return `${bytes === 7 ? '04' : ''}${body.join('')}`.toUpperCase();
}

function slug(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
}

/**
 * The pass each role holds. Coworking passes start today at the site. The event pass covers the
 * evening's window when the simulated date is known (`--clock`, the service on the same demo
 * clock); otherwise a week from provisioning, because the service then judges badges by the real
 * clock and the accelerated day's 18:00 event happens whenever the simulation is run.
 */
export function passFor(role: MemberRole, index: number, today: string, now: Date, eventWindow?: EventWindow): PassRequest | undefined {
  switch (role) {
    case 'coworker':
      if (index % 8 === 3) return { type: 'carnet', credits: 10, validFrom: today };
      if (index % 8 === 6) return { type: 'day', validFrom: today };
      return { type: 'subscription', validFrom: today, validUntil: addDays(today, 365) };
    case 'morning':
    case 'afternoon':
      return { type: 'half-day', validFrom: today };
    case 'staff':
      return { type: 'staff' };
    case 'revoked':
      return { type: 'subscription', validFrom: today, validUntil: addDays(today, 365) };
    case 'event': {
      if (eventWindow) return { type: 'event', validFrom: eventWindow.from, validUntil: eventWindow.until, title: EVENT_TITLE };
      const from = new Date(now.getTime() - 60 * 60_000);
      return { type: 'event', validFrom: from.toISOString(), validUntil: new Date(from.getTime() + 7 * 86_400_000).toISOString(), title: EVENT_TITLE };
    }
    case 'no-pass':
      return undefined;
  }
}

export function generateMembers(
  seed: number | string,
  desks: number,
  today: string,
  now: Date = new Date(),
  eventWindow?: EventWindow,
): MemberRecord[] {
  const random = createRandom(seed).fork('members');
  const names = random.shuffle(FIRST_NAMES.flatMap((first) => LAST_NAMES.map((last) => `${first} ${last}`)));
  const members: MemberRecord[] = [];
  const uids = new Set<string>();
  for (const [role, count] of roleCounts(desks)) {
    for (let index = 0; index < count; index++) {
      const name = names[members.length] as string;
      let uid = randomUid(random);
      while (uids.has(uid)) uid = randomUid(random);
      uids.add(uid);
      const key = slug(name);
      const pass = passFor(role, index, today, now, eventWindow);
      members.push({ key, name, email: `${key.replace(/-/g, '.')}@example.org`, uid, role, ...(pass === undefined ? {} : { pass }) });
    }
  }
  return members;
}

/** A card nobody registered (a visitor's transport card): 4 bytes, unlike the members' 7. */
export function strangerUid(seed: number | string): string {
  return randomUid(createRandom(seed).fork('stranger'), 4);
}
