// Three weeks of a coworking space, planned before they are played: who joined, which passes were
// sold when, who came on which day at which minute, which desk they took. Pure and seeded, so the
// same demo date always gets the same history; history-seeder.ts plays it through the service.
import { addDays, weekdayOf, zonedInstant, type Weekday } from '#domain';

export const PIXELPERO = "Pixel'péro";

export type HistoryRole = 'subscriber' | 'carnet' | 'occasional' | 'half-day' | 'staff' | 'no-pass' | 'event';

export interface HistoryMember {
  key: string;
  name: string;
  email: string;
  uid: string;
  role: HistoryRole;
  /** Local date the member was created (their first pass is sold that day). */
  joined: string;
}

export interface PlannedSale {
  member: string;
  /** Local date and minute of the sale (the statements' month is the sale's). */
  date: string;
  minute: number;
  pass: { type: 'subscription' | 'carnet' | 'day' | 'half-day' | 'staff' | 'event'; validFrom?: string; validUntil?: string; credits?: number; title?: string };
}

export type PlannedEvent =
  | { date: string; minute: number; type: 'badge'; member: string; uid: string; door: 'entrance' | 'open-space' | 'event-room' }
  | { date: string; minute: number; type: 'sit' | 'stand'; member: string; desk: string };

export interface HistoryPlan {
  members: HistoryMember[];
  sales: PlannedSale[];
  /** Chronological, day after day. */
  events: PlannedEvent[];
  /** The days played, oldest first (weekends included: the store gets their empty snapshots too). */
  days: string[];
}

const FIRST = ['Anaïs', 'Bleuenn', 'Corentin', 'Denez', 'Élise', 'Fañch', 'Gaëlle', 'Hervé', 'Iwan', 'Jeanne', 'Klervi', 'Lomig', 'Marion', 'Nolan', 'Oriane', 'Pierrick', 'Quentin', 'Riwal', 'Servane', 'Tristan', 'Ulysse', 'Vefa', 'Wenceslas', 'Xavier', 'Yuna', 'Zoé', 'Armelle', 'Brieuc', 'Coralie', 'Dewi', 'Estelle', 'Gurvan', 'Hélène', 'Jakez', 'Katia', 'Léna', 'Maël', 'Noémie'];
const LAST = ['Le Meur', 'Caradec', 'Le Berre', 'Thomas', 'Kerdraon', 'Le Moal', 'Hascoët', 'Le Borgne', 'Gourmelen', 'Queffélec', 'Stéphan', 'Le Hir', 'Coïc', 'Donnart', 'Jézéquel', 'Lagadec'];

const ROSTER: ReadonlyArray<readonly [HistoryRole, number]> = [
  ['staff', 1],
  ['subscriber', 14],
  ['carnet', 4],
  ['occasional', 5],
  ['half-day', 3],
  ['no-pass', 1],
  ['event', 10],
];

/** mulberry32: small, seeded, good enough to make a week look lived in. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const H = (hours: number, minutes = 0) => hours * 60 + minutes;
const WORKDAYS: readonly Weekday[] = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday'];
/** Fewer people on Mondays and Fridays, as in every coworking space. */
const ATTENDANCE: Partial<Record<Weekday, number>> = { monday: 0.7, tuesday: 0.85, wednesday: 0.75, thursday: 0.85, friday: 0.6 };

function slug(text: string): string {
  return text.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase().replace(/[^a-z0-9]+/g, '.').replace(/^\.|\.$/g, '');
}

function members(next: () => number, firstDay: string): HistoryMember[] {
  const list: HistoryMember[] = [];
  for (const [role, count] of ROSTER) {
    for (let i = 0; i < count; i++) {
      const n = list.length;
      const name = `${FIRST[n % FIRST.length]} ${LAST[(n * 7 + 3) % LAST.length]}`;
      const uid = `04${Array.from({ length: 6 }, () => Math.floor(16 + next() * 240).toString(16)).join('')}`.toUpperCase();
      // Six subscribers joined during the three weeks; everyone else was there before.
      const joined = role === 'subscriber' && i >= 8 ? addDays(firstDay, (i - 8) * 3) : addDays(firstDay, -14 - i);
      list.push({ key: `h${n}`, name, email: `${slug(name)}@example.net`, uid, role, joined });
    }
  }
  return list;
}

function sales(list: HistoryMember[], today: string, lastPixelpero: string, timezone: string): PlannedSale[] {
  const out: PlannedSale[] = [];
  const local = (date: string, minute: number) => zonedInstant(date, minute, timezone).toISOString();
  const window = (date: string) => ({ validFrom: local(date, H(18)), validUntil: local(date, H(21)) });
  for (const member of list) {
    const sale = (pass: PlannedSale['pass'], date = member.joined, minute = H(9, 5)) => out.push({ member: member.key, date, minute, pass });
    if (member.role === 'staff') sale({ type: 'staff' });
    if (member.role === 'subscriber') sale({ type: 'subscription', validFrom: member.joined, validUntil: addDays(member.joined, 364) });
    if (member.role === 'carnet') sale({ type: 'carnet', credits: 10 });
    if (member.role === 'event') {
      sale({ type: 'event', title: PIXELPERO, ...window(lastPixelpero) }, addDays(lastPixelpero, -6), H(12, 30));
      sale({ type: 'event', title: PIXELPERO, ...window(today) }, addDays(today, -4), H(12, 30));
    }
  }
  return out;
}

interface DayState {
  date: string;
  next: () => number;
  free: string[];
  held: Map<string, string>;
  events: PlannedEvent[];
}

function comeIn(day: DayState, member: HistoryMember, at: number): number {
  const inner = at + 1;
  day.events.push({ date: day.date, minute: at, type: 'badge', member: member.key, uid: member.uid, door: 'entrance' });
  day.events.push({ date: day.date, minute: inner, type: 'badge', member: member.key, uid: member.uid, door: 'open-space' });
  if (day.free.length > 0 && !day.held.has(member.key)) {
    const desk = day.free.splice(Math.floor(day.next() * day.free.length), 1)[0]!;
    day.held.set(member.key, desk);
    day.events.push({ date: day.date, minute: inner + 2, type: 'sit', member: member.key, desk });
  }
  return inner + 2;
}

function leave(day: DayState, member: HistoryMember, at: number): void {
  const desk = day.held.get(member.key);
  if (desk === undefined) return;
  day.held.delete(member.key);
  day.free.push(desk);
  day.events.push({ date: day.date, minute: at, type: 'stand', member: member.key, desk });
}

/** A coworker's day: morning arrival skewed early, most leave for lunch, gone before 17:00. */
function workday(day: DayState, member: HistoryMember, half?: 'morning' | 'afternoon'): void {
  const r = day.next;
  if (half === 'afternoon') {
    comeIn(day, member, H(13, 5) + Math.floor(r() * 30));
    return leave(day, member, H(16, 20) + Math.floor(r() * 35));
  }
  const arrival = H(8, 55) + Math.floor(r() ** 2 * 140);
  comeIn(day, member, arrival);
  if (half === 'morning') return leave(day, member, H(11, 50) + Math.floor(r() * 25));
  if (r() < 0.8) {
    leave(day, member, H(12) + Math.floor(r() * 30));
    comeIn(day, member, H(13) + Math.floor(r() * 30));
  }
  leave(day, member, H(15, 40) + Math.floor(r() * 75));
}

export interface HistoryInput {
  /** The demo day (local date): history covers the `days` calendar days before it. */
  today: string;
  days: number;
  desks: readonly string[];
  timezone: string;
  seed?: number;
}

export function planHistory(input: HistoryInput): HistoryPlan {
  const next = random(input.seed ?? 29);
  const firstDay = addDays(input.today, -input.days);
  const days = Array.from({ length: input.days }, (_, i) => addDays(firstDay, i));
  // The last Thursday of the window before this week: the previous Pixel'péro.
  const lastPixelpero = [...days].reverse().find((d, i) => weekdayOf(d) === 'thursday' && i >= 3) ?? days[0]!;
  const list = members(next, firstDay);
  const plannedSales = sales(list, input.today, lastPixelpero, input.timezone);
  const events: PlannedEvent[] = [];
  const carnetLeft = new Map(list.filter((m) => m.role === 'carnet').map((m) => [m.key, 10]));
  for (const date of days) {
    const weekday = weekdayOf(date);
    if (!WORKDAYS.includes(weekday)) continue;
    const day: DayState = { date, next, free: [...input.desks], held: new Map(), events: [] };
    const attendance = ATTENDANCE[weekday] ?? 0.7;
    for (const member of list) {
      if (member.joined > date) continue;
      const r = next();
      if (member.role === 'staff') workday(day, member);
      else if (member.role === 'subscriber' && r < attendance) workday(day, member);
      else if (member.role === 'carnet' && r < 0.45 && (carnetLeft.get(member.key) ?? 0) > 0) {
        carnetLeft.set(member.key, (carnetLeft.get(member.key) ?? 0) - 1);
        workday(day, member);
      } else if (member.role === 'occasional' && r < 0.25) {
        plannedSales.push({ member: member.key, date, minute: H(8, 40), pass: { type: 'day', validFrom: date } });
        workday(day, member);
      } else if (member.role === 'half-day' && r < 0.35) {
        const half = next() < 0.5 ? 'morning' : 'afternoon';
        plannedSales.push({ member: member.key, date, minute: half === 'morning' ? H(8, 40) : H(12, 50), pass: { type: 'half-day', validFrom: date } });
        workday(day, member, half);
      } else if (member.role === 'no-pass' && r < 0.2) {
        // Forgot to renew: refused twice at the door (no-valid-pass), then goes home.
        day.events.push({ date, minute: H(10, 5), type: 'badge', member: member.key, uid: member.uid, door: 'entrance' });
        day.events.push({ date, minute: H(10, 6), type: 'badge', member: member.key, uid: member.uid, door: 'entrance' });
      } else if (member.role === 'event' && date === lastPixelpero) {
        const at = H(18) + Math.floor(next() * 12);
        day.events.push({ date, minute: at, type: 'badge', member: member.key, uid: member.uid, door: 'entrance' });
        day.events.push({ date, minute: at + 1, type: 'badge', member: member.key, uid: member.uid, door: 'event-room' });
      }
    }
    events.push(...day.events.sort((a, b) => a.minute - b.minute));
  }
  plannedSales.sort((a, b) => a.date.localeCompare(b.date) || a.minute - b.minute);
  return { members: list, sales: plannedSales, events, days };
}
