// The decision path alone (contract §2): the real MemberDirectory, ReaderGuard and domain rules,
// fakes for what it only tells (reader, audit log, doors, occupancy). No database, no broker; the
// events carry the service time, so no clock is read.
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Pass } from '#domain';
import type { BadgeEvent, DeviceEvent, DeviceEvents } from '../devices/device-events.js';
import type { AppConfig } from '../infra/config/app-config.js';
import { MemberDirectory } from '../members/member-directory.js';
import type { BadgeRecord, MemberRecord } from '../members/member.types.js';
import { siteFileSchema } from '../sites/site-file.js';
import type { Site } from '../sites/site.types.js';
import type { SitesService } from '../sites/sites.service.js';
import type { AccessRecorder } from './access-recorder.js';
import { AccessSettings } from './access-settings.js';
import { AccessService } from './access.service.js';
import type { AccessEntry, BadgeAnswer } from './access.types.js';
import type { BadgeAnswerer } from './badge-answerer.js';
import type { DoorAlarm, DoorMonitor } from './door-monitor.js';
import type { Enrolments } from './enrolments.js';
import type { OccupancyEntries } from './occupancy-entries.js';
import { ReaderGuard } from './reader-guard.js';
import type { SiteControls } from './site-controls.service.js';

const weekday = [{ open: '09:00', close: '17:00' }];
const QUIMPER: Site = siteFileSchema.parse({
  id: 'quimper',
  name: 'Quimper',
  timezone: 'Europe/Paris',
  hours: { monday: weekday, tuesday: weekday, wednesday: weekday, thursday: weekday, friday: weekday },
  closures: [{ from: '2026-03-04', to: '2026-03-04', reason: 'Inventaire' }],
  floorPlan: { width: 10, height: 10 },
  zones: [{ id: 'hall', name: 'Hall' }, { id: 'open-space', name: 'Open space' }, { id: 'event-room', name: 'Salle' }],
  doors: [
    { id: 'entrance', name: 'Entrée', zone: 'open-space', unlockMs: 4000 },
    { id: 'events', name: 'Salle', zone: 'event-room' },
    { id: 'exit', name: 'Sortie', zone: 'open-space', exitReaders: ['reader-out'] },
    { id: 'back', name: 'Porte arrière', zone: 'open-space', exitOnly: true },
  ],
  desks: [],
});

const MONDAY_10 = '2026-03-02T10:00:00+01:00';
const created = new Date('2026-01-05T09:00:00Z');
const anne: MemberRecord = { id: 'anne', name: 'Anne Le Goff', email: 'anne@example.org', adherent: true, active: true, createdAt: created };
const badge = (uid: string, memberId = 'anne', status: BadgeRecord['status'] = 'active'): BadgeRecord => ({ uid, memberId, status, createdAt: created });
const pass = (id: string, type: Pass['type'], extra: Partial<Pass> = {}): Pass => ({
  id,
  memberId: 'anne',
  type,
  zones: ['hall', 'open-space'],
  usedOn: [],
  ...extra,
});

interface Setup {
  passes?: Pass[];
  badges?: BadgeRecord[];
  members?: MemberRecord[];
  locked?: boolean;
  /** Enrolment takes every badge-in. */
  enrolling?: boolean;
}

/** DeviceEvents' contract without its safety net: a subscriber that throws fails the test. */
class ThrowingBus {
  private readonly handlers = new Map<string, Array<(event: DeviceEvent) => void>>();
  on(type: DeviceEvent['type'], handler: (event: never) => void): void {
    this.handlers.set(type, [...(this.handlers.get(type) ?? []), handler as (event: DeviceEvent) => void]);
  }
  publish(event: DeviceEvent): void {
    for (const handler of this.handlers.get(event.type) ?? []) handler(event);
  }
}

/** The service wired to fakes, and what each fake was told. */
function harness(setup: Setup = {}) {
  const settings = new AccessSettings({ accessLogRetentionDays: 92 } as AppConfig);
  const directory = new MemberDirectory();
  directory.load({
    members: setup.members ?? [anne],
    badges: setup.badges ?? [badge('04A224B2C31F80')],
    passes: setup.passes ?? [pass('sub', 'subscription', { validFrom: '2026-03-01', validUntil: '2026-03-31' })],
  });
  const answers: BadgeAnswer[] = [];
  const records: Array<Omit<AccessEntry, 'id'>> = [];
  const grants: Array<[string, string, Date, number]> = [];
  const entries: Array<[string, string, string | undefined, Date]> = [];
  const exits: Array<[string, string, string | undefined, Date]> = [];
  const doorEvents: unknown[] = [];
  /** What the door monitor says of the next contact change. */
  const contact: { opening: { withinGrant: boolean } | null } = { opening: null };
  const intercepted: BadgeEvent[] = [];
  let alarm: (alarm: DoorAlarm) => void = () => undefined;
  const devices = new ThrowingBus();
  const service = new AccessService(
    devices as unknown as DeviceEvents,
    { list: () => [QUIMPER] } as unknown as SitesService,
    directory,
    { answer: (_event: BadgeEvent, answer: BadgeAnswer) => answers.push(answer) } as unknown as BadgeAnswerer,
    new ReaderGuard(settings),
    {
      onAlarm: (listener: (a: DoorAlarm) => void) => (alarm = listener),
      noteGrant: (...args: [string, string, Date, number]) => grants.push(args),
      onDoor: (event: unknown, options: unknown) => (doorEvents.push([event, options]), contact.opening),
    } as unknown as DoorMonitor,
    { isLocked: (site: string) => site === 'quimper' && (setup.locked ?? false) } as unknown as SiteControls,
    { record: (entry: Omit<AccessEntry, 'id'>) => records.push(entry) } as unknown as AccessRecorder,
    {
      recordEntry: (...args: [string, string, string | undefined, Date]) => entries.push(args),
      recordExit: (...args: [string, string, string | undefined, Date]) => exits.push(args),
    } as unknown as OccupancyEntries,
    { intercept: (event: BadgeEvent) => (setup.enrolling ? intercepted.push(event) > 0 : false) } as unknown as Enrolments,
    settings,
  );
  service.onModuleInit();
  return {
    service,
    devices,
    directory,
    settings,
    answers,
    records,
    grants,
    entries,
    exits,
    contact,
    doorEvents,
    intercepted,
    alarm: (a: DoorAlarm) => alarm(a),
  };
}

let seq = 0;
function badgeIn(overrides: Partial<BadgeEvent> = {}): BadgeEvent {
  return {
    type: 'badge',
    site: 'quimper',
    door: 'entrance',
    deviceId: 'reader-1',
    uid: '04A224B2C31F80',
    seq: ++seq,
    receivedAt: new Date(MONDAY_10),
    protocol: 'native',
    ...overrides,
  };
}

afterEach(() => vi.restoreAllMocks());

describe('AccessService: a badge-in is answered, then recorded', () => {
  it('grants with the door unlock time and a greeting, and records the entry', () => {
    const h = harness();
    const event = badgeIn({ deviceTime: new Date('2026-03-02T08:59:58Z') });
    h.devices.publish(event);
    expect(h.answers).toEqual([{ granted: true, reason: 'subscription', unlockMs: 4000, message: 'Bonjour Anne' }]);
    expect(h.records).toEqual([
      {
        kind: 'badge',
        site: 'quimper',
        door: 'entrance',
        reader: 'reader-1',
        uid: '04A224B2C31F80',
        memberId: 'anne',
        memberName: 'Anne Le Goff',
        granted: true,
        reason: 'subscription',
        passId: 'sub',
        at: '2026-03-02T09:00:00.000Z',
        deviceTime: '2026-03-02T08:59:58.000Z',
        latencyMs: expect.any(Number),
      },
    ]);
    expect(h.grants).toEqual([['quimper', 'entrance', event.receivedAt, 4000]]);
    expect(h.entries).toEqual([['quimper', 'open-space', 'anne', event.receivedAt]]);
  });

  it('records the decision time, rounded to the microsecond', () => {
    const h = harness();
    const now = vi.spyOn(performance, 'now');
    now.mockReturnValueOnce(1000).mockReturnValueOnce(1001.2345678);
    h.service.onBadge(badgeIn());
    expect(h.records[0]?.latencyMs).toBe(1.235);
  });

  it('answers a door whose zone no pass opens with zone-not-allowed, and opens nothing', () => {
    const h = harness();
    h.service.onBadge(badgeIn({ door: 'events' }));
    expect(h.answers).toEqual([{ granted: false, reason: 'zone-not-allowed', message: 'Accès non autorisé ici' }]);
    expect(h.records[0]).toMatchObject({ granted: false, reason: 'zone-not-allowed', memberId: 'anne', memberName: 'Anne Le Goff' });
    expect(h.records[0]).not.toHaveProperty('passId');
    expect(h.records[0]).not.toHaveProperty('detail');
    expect(h.grants).toEqual([]);
    expect(h.entries).toEqual([]);
  });

  it.each<[string, Setup, Partial<BadgeEvent>, BadgeAnswer, string | undefined]>([
    ['an unknown badge', {}, { uid: 'DEADBEEF' }, { granted: false, reason: 'unknown-badge', message: 'Badge inconnu' }, undefined],
    ['a revoked badge', { badges: [badge('04A224B2C31F80', 'anne', 'revoked')] }, {}, { granted: false, reason: 'badge-revoked', message: 'Badge désactivé' }, undefined],
    ['a member without a pass', { passes: [] }, {}, { granted: false, reason: 'no-valid-pass', message: 'Aucun pass valide' }, undefined],
    ['a used-up carnet', { passes: [pass('c', 'carnet', { credits: 1, usedOn: [{ date: '2026-02-27' }] })] }, {}, { granted: false, reason: 'pass-exhausted', message: 'Pass épuisé' }, undefined],
    ['a Sunday', {}, { receivedAt: new Date('2026-03-01T10:00:00+01:00') }, { granted: false, reason: 'outside-hours', message: "Hors des horaires d'ouverture" }, 'weekly-hours'],
    ['a closure', {}, { receivedAt: new Date('2026-03-04T10:00:00+01:00') }, { granted: false, reason: 'outside-hours', message: "Hors des horaires d'ouverture" }, 'Inventaire'],
    ['a lockdown', { locked: true }, {}, { granted: false, reason: 'outside-hours', message: 'Accès fermé : confinement en cours' }, 'lockdown'],
  ])('refuses %s with its reason and message', (_case, setup, event, answer, detail) => {
    const h = harness(setup);
    h.service.onBadge(badgeIn(event));
    expect(h.answers).toEqual([answer]);
    expect(h.records).toHaveLength(1);
    expect(h.records[0]).toMatchObject({ kind: 'badge', granted: false, reason: answer.reason });
    expect(h.records[0]?.detail).toBe(detail);
    expect(h.grants).toEqual([]);
    expect(h.entries).toEqual([]);
  });

  it('lets staff in during a lockdown', () => {
    const h = harness({ locked: true, passes: [pass('staff', 'staff')] });
    h.service.onBadge(badgeIn());
    expect(h.answers[0]).toMatchObject({ granted: true, reason: 'staff' });
  });

  it('names no member for an unknown badge', () => {
    const h = harness();
    h.service.onBadge(badgeIn({ uid: 'DEADBEEF' }));
    expect(h.records[0]).not.toHaveProperty('memberId');
    expect(h.records[0]).not.toHaveProperty('memberName');
  });
});

describe('AccessService: a day is taken once', () => {
  it('takes the day at the first grant and lets the member back in the same day for free', () => {
    const h = harness({ passes: [pass('day', 'day')] });
    h.service.onBadge(badgeIn());
    h.service.onBadge(badgeIn({ receivedAt: new Date('2026-03-02T14:00:00+01:00') }));
    expect(h.answers.map((a) => a.granted)).toEqual([true, true]);
    expect(h.records[0]?.take).toEqual({ passId: 'day', date: '2026-03-02' });
    expect(h.records[1]).not.toHaveProperty('take');
    expect(h.records[1]?.passId).toBe('day');
    expect(h.directory.pass('day')?.usedOn).toEqual([{ date: '2026-03-02' }]);
  });

  it('spends one carnet credit per day, the first decision of each day', () => {
    const h = harness({ passes: [pass('c', 'carnet', { credits: 2 })] });
    h.service.onBadge(badgeIn());
    h.service.onBadge(badgeIn());
    h.service.onBadge(badgeIn({ receivedAt: new Date('2026-03-03T10:00:00+01:00') }));
    h.service.onBadge(badgeIn({ receivedAt: new Date('2026-03-05T10:00:00+01:00') }));
    expect(h.answers.map((a) => a.reason)).toEqual(['carnet', 'carnet', 'carnet', 'pass-exhausted']);
    expect(h.directory.pass('c')?.usedOn).toEqual([{ date: '2026-03-02' }, { date: '2026-03-03' }]);
  });
});

describe('AccessService: repeats, enrolment, offline, unknown doors', () => {
  it('answers a repeated delivery (same reader, seq and UID) again, deciding and recording nothing', () => {
    const h = harness({ passes: [pass('day', 'day')] });
    const first = badgeIn();
    h.service.onBadge(first);
    h.directory.revokeBadge(first.uid, created);
    h.service.onBadge({ ...first, receivedAt: new Date(first.receivedAt.getTime() + 5_000) });
    expect(h.answers).toEqual([h.answers[0], h.answers[0]]);
    expect(h.answers[1]).toMatchObject({ granted: true });
    expect(h.records).toHaveLength(1);
    expect(h.directory.pass('day')?.usedOn).toHaveLength(1);
  });

  it('decides afresh a new seq from the same reader', () => {
    const h = harness();
    h.service.onBadge(badgeIn());
    h.directory.revokeBadge('04A224B2C31F80', created);
    h.service.onBadge(badgeIn());
    expect(h.answers.map((a) => a.reason)).toEqual(['subscription', 'badge-revoked']);
    expect(h.records).toHaveLength(2);
  });

  it('leaves a badge-in to an armed enrolment: no answer, no record, no rule counted', () => {
    const h = harness({ enrolling: true });
    const event = badgeIn({ uid: 'DEADBEEF' });
    h.service.onBadge(event);
    expect(h.intercepted).toEqual([event]);
    expect(h.answers).toEqual([]);
    expect(h.records).toEqual([]);
  });

  it('ignores a badge-in the reader decided offline (OfflineUploads audits it)', () => {
    const h = harness();
    h.service.onBadge(badgeIn({ offline: true, offlineGranted: true }));
    expect(h.answers).toEqual([]);
    expect(h.records).toEqual([]);
  });

  it.each([
    ['an unknown site', { site: 'brest' }, 'no door "entrance" at site "brest"'],
    ['an unknown door', { door: 'garage' }, 'no door "garage" at site "quimper"'],
  ])('refuses a reader bound to %s as reader-unknown', (_case, event, detail) => {
    const h = harness();
    h.service.onBadge(badgeIn(event));
    expect(h.answers).toEqual([{ granted: false, reason: 'reader-unknown', message: 'Lecteur non configuré' }]);
    expect(h.records[0]).toMatchObject({ granted: false, reason: 'reader-unknown', detail });
    expect(h.records[0]).not.toHaveProperty('memberId');
    expect(h.grants).toEqual([]);
  });
});

describe('AccessService: esp-rfid readings without their zeros', () => {
  it('decides the one enrolled badge the printed text stands for', () => {
    const h = harness();
    h.service.onBadge(badgeIn({ uid: '4A224B2C31F80', printed: '4a224b2c31f80', protocol: 'esp-rfid' }));
    expect(h.answers[0]).toMatchObject({ granted: true });
    expect(h.records[0]?.uid).toBe('04A224B2C31F80');
  });

  it('refuses a reading two enrolled badges print alike, without counting it as unknown', () => {
    const h = harness({ badges: [badge('04A224B2'), badge('4A2204B2')] });
    for (let i = 0; i < 6; i++) h.service.onBadge(badgeIn({ uid: '4A224B2', printed: '4a224b2', protocol: 'esp-rfid' }));
    expect(h.answers[0]).toEqual({ granted: false, reason: 'unknown-badge', message: 'Badge inconnu' });
    expect(h.records[0]?.detail).toMatch(/plusieurs badges enregistrés/);
    expect(h.answers.every((a) => a.reason === 'unknown-badge')).toBe(true);
    expect(h.records.filter((r) => r.kind === 'alarm')).toEqual([]);
  });

  it('decides an unmatched reading as its likeliest UID', () => {
    const h = harness();
    h.service.onBadge(badgeIn({ uid: '94D8FC5F', printed: '94d8fc5f', protocol: 'esp-rfid' }));
    expect(h.answers[0]?.reason).toBe('unknown-badge');
    expect(h.records[0]?.uid).toBe('94D8FC5F');
    expect(h.records[0]).not.toHaveProperty('detail');
  });
});

describe('AccessService: unknown badges block the card, then slow the reader', () => {
  it('blocks a card presented again and again at that reader, raising one alarm naming it', () => {
    const h = harness();
    const at = (s: number) => new Date(Date.parse(MONDAY_10) + s * 1000);
    for (let i = 0; i < 5; i++) h.service.onBadge(badgeIn({ uid: 'DEADBEEF', receivedAt: at(i) }));
    expect(h.answers.map((a) => a.reason)).toEqual(['unknown-badge', 'unknown-badge', 'unknown-badge', 'unknown-badge', 'rate-limited']);
    expect(h.answers[4]?.message).toBe('Trop de tentatives, réessayez plus tard');
    const alarms = h.records.filter((r) => r.kind === 'alarm');
    expect(alarms).toEqual([
      {
        kind: 'alarm',
        site: 'quimper',
        door: 'entrance',
        reader: 'reader-1',
        uid: 'DEADBEEF',
        reason: 'rate-limited',
        detail: 'unknown card presented again and again: blocked at this reader for 2 min',
        at: at(3).toISOString(),
      },
    ]);
    expect(h.records.filter((r) => r.kind === 'badge')[4]).toMatchObject({
      reason: 'rate-limited',
      detail: 'card blocked at this reader after repeated unknown presentations',
    });
    // Members still get in at that reader.
    h.service.onBadge(badgeIn({ receivedAt: at(6) }));
    expect(h.answers[5]?.granted).toBe(true);
  });

  it('never blocks nor slows for members refused for a reason of their own', () => {
    const h = harness({ passes: [] });
    for (let i = 0; i < 10; i++) h.service.onBadge(badgeIn({ receivedAt: new Date(Date.parse(MONDAY_10) + i * 1000) }));
    expect(new Set(h.answers.map((a) => a.reason))).toEqual(new Set(['no-valid-pass']));
    expect(h.records.filter((r) => r.kind === 'alarm')).toEqual([]);
  });

  it('slows a reader many different unknown cards try, and says so once', () => {
    const h = harness();
    const at = (s: number) => new Date(Date.parse(MONDAY_10) + s * 1000);
    for (let i = 0; i < 6; i++) h.service.onBadge(badgeIn({ uid: `DEAD00${i}0`, receivedAt: at(i * 3) }));
    const alarms = h.records.filter((r) => r.kind === 'alarm');
    expect(alarms).toEqual([
      {
        kind: 'alarm',
        site: 'quimper',
        door: 'entrance',
        reader: 'reader-1',
        reason: 'rate-limited',
        detail: 'many different unknown badges: reader slowed to one decision every 2 s for 2 min',
        at: at(15).toISOString(),
      },
    ]);
    h.service.onBadge(badgeIn({ receivedAt: at(16) }));
    expect(h.answers[6]).toEqual({ granted: false, reason: 'rate-limited', message: 'Trop de tentatives, réessayez plus tard' });
    expect(h.records.at(-1)).toMatchObject({ kind: 'badge', detail: 'reader slowed down after many unknown badges' });
    expect(h.records.at(-1)).not.toHaveProperty('memberId');
    h.service.onBadge(badgeIn({ receivedAt: at(18) }));
    expect(h.answers[7]?.granted).toBe(true);
  });
});

describe('AccessService: exits (docs/occupancy.md, "Exits")', () => {
  const out = (overrides: Partial<BadgeEvent> = {}) => badgeIn({ door: 'exit', deviceId: 'reader-out', ...overrides });

  it('opens an exit reader for a member, says goodbye and counts them out, taking nothing', () => {
    const h = harness({ passes: [pass('day', 'day')] });
    const event = out();
    h.service.onBadge(event);
    expect(h.answers).toEqual([{ granted: true, reason: 'exit', unlockMs: 5000, message: 'Au revoir Anne' }]);
    expect(h.exits).toEqual([['quimper', 'open-space', 'anne', event.receivedAt]]);
    expect(h.entries).toEqual([]);
    expect(h.grants).toEqual([['quimper', 'exit', event.receivedAt, 5000]]);
    expect(h.records[0]).toMatchObject({ kind: 'badge', door: 'exit', granted: true, reason: 'exit', memberId: 'anne', memberName: 'Anne Le Goff' });
    expect(h.records[0]).not.toHaveProperty('passId');
    expect(h.directory.pass('day')?.usedOn).toEqual([]);
  });

  it.each([
    ['an unknown badge', { uid: 'DEADBEEF' }, {}],
    ['a revoked badge, unnamed on the reader', {}, { badges: [badge('04A224B2C31F80', 'anne', 'revoked')] }],
  ])('lets %s out too', (_case, event: Partial<BadgeEvent>, setup: Setup) => {
    const h = harness(setup);
    h.service.onBadge(out(event));
    expect(h.answers[0]).toMatchObject({ granted: true, reason: 'exit', unlockMs: 5000 });
    expect(h.records.filter((r) => r.kind === 'alarm')).toEqual([]);
    expect(h.exits).toHaveLength(1);
  });

  it('names the member leaving with a revoked badge in the log, not on the reader', () => {
    const h = harness({ badges: [badge('04A224B2C31F80', 'anne', 'revoked')] });
    h.service.onBadge(out());
    expect(h.answers[0]?.message).toBe('Au revoir Anne');
    expect(h.exits[0]?.[2]).toBe('anne');
  });

  it('counts an unknown badge out unnamed, without counting it toward a block', () => {
    const h = harness();
    for (let i = 0; i < 8; i++) h.service.onBadge(out({ uid: 'DEADBEEF' }));
    expect(h.answers.every((a) => a.granted && a.message === 'Au revoir')).toBe(true);
    expect(h.exits.map((e) => e[2])).toEqual(Array(8).fill(undefined));
    expect(h.records[0]).not.toHaveProperty('memberId');
  });

  it('never locks anyone in: an exit reader opens even while rate-limited for entries', () => {
    const h = harness();
    const at = (s: number) => new Date(Date.parse(MONDAY_10) + s * 1000);
    // The same device, badged as an entry reader, gets its unknown card blocked...
    for (let i = 0; i < 5; i++) h.service.onBadge(badgeIn({ deviceId: 'reader-out', uid: 'DEADBEEF', receivedAt: at(i) }));
    expect(h.answers.at(-1)?.reason).toBe('rate-limited');
    // ...and still lets that card out.
    h.service.onBadge(out({ uid: 'DEADBEEF', receivedAt: at(6) }));
    expect(h.answers.at(-1)).toMatchObject({ granted: true, reason: 'exit' });
  });

  it('treats a badge at an exit-only door as an exit', () => {
    const h = harness();
    h.service.onBadge(badgeIn({ door: 'back', deviceId: 'reader-back' }));
    expect(h.answers[0]).toMatchObject({ granted: true, reason: 'exit' });
  });
});

describe('AccessService: doors and devices', () => {
  it('hands a known door contact to the door monitor and drops any other', () => {
    const h = harness();
    const door = { type: 'door' as const, site: 'quimper', door: 'entrance', deviceId: 'contact-1', open: true, receivedAt: new Date(MONDAY_10) };
    h.devices.publish(door);
    h.devices.publish({ ...door, door: 'garage' });
    h.devices.publish({ ...door, site: 'brest' });
    expect(h.doorEvents).toEqual([[door, { freeExit: false }]]);
  });

  it('counts someone out of an exit-only door opened without a badge, unnamed, and raises no alarm for it', () => {
    const h = harness();
    const door = { type: 'door' as const, site: 'quimper', door: 'back', deviceId: 'contact-2', open: true, receivedAt: new Date(MONDAY_10) };
    h.contact.opening = { withinGrant: false };
    h.devices.publish(door);
    expect(h.doorEvents).toEqual([[door, { freeExit: true }]]);
    expect(h.exits).toEqual([['quimper', 'open-space', undefined, door.receivedAt]]);
  });

  it.each([
    ['an exit-only door opened within a grant (the badge counted it already)', 'back', { withinGrant: true }],
    ['an exit-only door closing', 'back', null],
    ['an ordinary door opened without a grant', 'entrance', { withinGrant: false }],
  ])('counts nobody out for %s', (_case, doorId, opening) => {
    const h = harness();
    h.contact.opening = opening;
    h.devices.publish({ type: 'door', site: 'quimper', door: doorId, deviceId: 'contact-2', open: opening !== null, receivedAt: new Date(MONDAY_10) });
    expect(h.exits).toEqual([]);
  });

  it('records a door alarm', () => {
    const h = harness();
    h.alarm({ site: 'quimper', door: 'entrance', reason: 'forced-open', at: new Date(MONDAY_10), detail: 'opened without a grant' });
    expect(h.records).toEqual([
      { kind: 'alarm', site: 'quimper', door: 'entrance', reason: 'forced-open', detail: 'opened without a grant', at: '2026-03-02T09:00:00.000Z' },
    ]);
  });

  it('records a flooding reader once, with the dropped count over its period', () => {
    const h = harness();
    const receivedAt = new Date(MONDAY_10);
    h.devices.publish({ type: 'flood', site: 'quimper', deviceId: 'reader-1', kind: 'reader', door: 'entrance', dropped: 420, since: new Date(receivedAt.getTime() - 29_600), receivedAt });
    expect(h.records).toEqual([
      {
        kind: 'alarm',
        site: 'quimper',
        door: 'entrance',
        reader: 'reader-1',
        reason: 'flood',
        detail: 'reader reader-1: 420 messages dropped over its rate limit in 30 s',
        at: '2026-03-02T09:00:00.000Z',
      },
    ]);
  });

  it('records a flooding sensor without reader nor door, over at least one second', () => {
    const h = harness();
    const receivedAt = new Date(MONDAY_10);
    h.devices.publish({ type: 'flood', site: 'quimper', deviceId: 'desk-7', kind: 'desk-sensor', dropped: 3, since: receivedAt, receivedAt });
    expect(h.records).toEqual([
      { kind: 'alarm', site: 'quimper', reason: 'flood', detail: 'desk-sensor desk-7: 3 messages dropped over its rate limit in 1 s', at: '2026-03-02T09:00:00.000Z' },
    ]);
  });
});
