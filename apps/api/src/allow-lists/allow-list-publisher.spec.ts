// The publisher with its real book and directory, and fakes at the edges (sites, devices, keys, a
// broker that records): which readers' lists a change re-signs, what a too-big zone costs and
// sends, and that a build gives the event loop back.
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { withPassDefaults, type PassInput } from '#domain';
import { deriveDecisionKey, type AllowListMessage } from '#protocol';
import type { DecisionKeys } from '../devices/decision-keys.js';
import type { DeviceChanges } from '../devices/device-changes.js';
import type { DeviceRegistry } from '../devices/device-registry.js';
import type { Device } from '../devices/device.types.js';
import type { Clock } from '../infra/clock.js';
import type { AppConfig } from '../infra/config/app-config.js';
import type { BrokerService } from '../infra/mqtt/broker.service.js';
import { SiteOwnership } from '../infra/site-ownership.js';
import { SiteLockdowns } from '../lockdown/site-lockdowns.js';
import { MemberDirectory } from '../members/member-directory.js';
import type { BadgeRecord, MemberRecord } from '../members/member.types.js';
import { parseSiteFile } from '../sites/site-file.js';
import type { Site } from '../sites/site.types.js';
import type { SitesService } from '../sites/sites.service.js';
import { AllowListPublisher } from './allow-list-publisher.js';

/** Monday 2 March 2026, 08:00 in Quimper: the list's 24 h hold a whole opening day. */
const NOW = new Date('2026-03-02T07:00:00Z');
const quimper = parseSiteFile(fs.readFileSync(path.join(import.meta.dirname, '../../../../config/sites/quimper.json'), 'utf8'), 'quimper.json');
const brest: Site = { ...quimper, id: 'brest', name: 'Brest' };
const created = new Date('2026-01-05T09:00:00Z');

const member = (id: string): MemberRecord => ({ id, name: `Membre ${id}`, email: `${id}@example.org`, adherent: true, active: true, createdAt: created });
const badge = (uid: string, memberId: string): BadgeRecord => ({ uid, memberId, status: 'active', createdAt: created });
const pass = (id: string, memberId: string, input: Omit<PassInput, 'id' | 'memberId'>) => withPassDefaults({ id, memberId, ...input });
const reader = (id: string, site: string, door: string): Device => ({ id, kind: 'reader', site, protocol: 'native', door, createdAt: created });
/** Member `m<i>` with badge `0A00xxxx` (8 hex digits) and a staff pass. */
const staffMember = (i: number) => ({ id: `m${i}`, uid: `0A${i.toString(16).toUpperCase().padStart(6, '0')}` });

const publishers: AllowListPublisher[] = [];
afterEach(() => {
  for (const publisher of publishers.splice(0)) publisher.onModuleDestroy();
});

interface Setup {
  sites: Site[];
  readers: Device[];
  staff?: number;
  /** Default: one process, every site held. */
  ownership?: SiteOwnership;
}

const alone = () => new SiteOwnership({ cluster: undefined } as unknown as AppConfig);

async function start({ sites, readers, staff = 0, ownership = alone() }: Setup) {
  const directory = new MemberDirectory();
  const members = Array.from({ length: staff }, (_, i) => staffMember(i));
  directory.load({
    members: members.map(({ id }) => member(id)),
    badges: members.map(({ id, uid }) => badge(uid, id)),
    passes: members.map(({ id }) => pass(`p-${id}`, id, { type: 'staff' })),
  });
  const sent: Array<{ reader: string; list: AllowListMessage }> = [];
  const broker = {
    publish: async (topic: string, payload: Buffer) => void sent.push({ reader: topic.split('/')[3]!, list: JSON.parse(payload.toString('utf8')) }),
  } as unknown as BrokerService;
  const publisher = new AllowListPublisher(
    directory,
    { list: () => sites, onChange: () => undefined } as unknown as SitesService,
    { all: () => readers, root: 'cantine' } as unknown as DeviceRegistry,
    { of: (id: string) => deriveDecisionKey(`secret-of-${id}`), has: () => true } as unknown as DecisionKeys,
    broker,
    { on: () => undefined } as unknown as DeviceChanges,
    new SiteLockdowns(),
    { now: () => NOW } as unknown as Clock,
    ownership,
  );
  publishers.push(publisher);
  publisher.onModuleInit();
  await publisher.onApplicationBootstrap();
  /** The readers sent a list by the next round (changes made since are in it), in order. */
  const round = async () => {
    const from = sent.length;
    await publisher.publishAll(false);
    return sent.slice(from);
  };
  const uids = (list: AllowListMessage) => list.groups.flatMap((group) => group.uids).sort();
  return { directory, publisher, sent, round, uids };
}

describe('AllowListPublisher: what a change re-signs', () => {
  const readers = [reader('q-hall', 'quimper', 'entrance'), reader('q-events', 'quimper', 'event-room'), reader('b-hall', 'brest', 'entrance')];

  it('re-signs only the lists a member change alters: the zones their passes reach, at the sites where those doors are', async () => {
    const { directory, sent, round, uids } = await start({ sites: [quimper, brest], readers, staff: 2 });
    expect(sent.map((s) => s.reader).sort()).toEqual(['b-hall', 'q-events', 'q-hall']);

    // A day pass for the event room only: Quimper's event-room reader, no hall, nothing at Brest (no event-room reader).
    directory.putMember(member('eve'));
    directory.putBadge(badge('0E0E0E0E', 'eve'));
    directory.putPass(pass('p-eve', 'eve', { type: 'day', zones: ['event-room'] }));
    const eveIn = await round();
    expect(eveIn.map((s) => s.reader)).toEqual(['q-events']);
    expect(uids(eveIn[0]!.list)).toContain('0E0E0E0E');

    // A member with no badge: no list changes.
    directory.putMember(member('nobadge'));
    directory.putPass(pass('p-nobadge', 'nobadge', { type: 'staff' }));
    expect(await round()).toEqual([]);

    // A staff badge revoked: every list held it.
    directory.revokeBadge(staffMember(0).uid, NOW);
    const revoked = await round();
    expect(revoked.map((s) => s.reader).sort()).toEqual(['b-hall', 'q-events', 'q-hall']);
    for (const { list } of revoked) expect(uids(list)).not.toContain(staffMember(0).uid);

    // An erased member's badges are gone from the directory: their UID leaves the list too.
    directory.forgetMember('eve');
    const erased = await round();
    expect(erased.map((s) => s.reader)).toEqual(['q-events']);
    expect(uids(erased[0]!.list)).not.toContain('0E0E0E0E');
  });
});

describe('AllowListPublisher: a zone too big for 4 KiB', () => {
  // 8-hex UIDs sharing their windows: about 360 fit.
  const readers = [reader('q-hall', 'quimper', 'entrance')];

  it('stops asking about members a little past the cap, sends the zone empty, and fills it again once removals make it fit', async () => {
    const { directory, publisher, sent, round, uids } = await start({ sites: [quimper], readers, staff: 600 });
    expect(sent).toHaveLength(1);
    expect(sent[0]!.list.groups).toEqual([]);
    const asked = publisher.book.asked;
    expect(asked).toBeLessThan(500);

    // Another staff member, or a few badges revoked: the zone stays too big, nothing re-signed, nobody asked again.
    directory.putMember(member('extra'));
    directory.putBadge(badge('0BBBBBBB', 'extra'));
    directory.putPass(pass('p-extra', 'extra', { type: 'staff' }));
    for (let i = 0; i < 10; i++) directory.revokeBadge(staffMember(i).uid, NOW);
    expect(await round()).toEqual([]);
    expect(publisher.book.asked - asked).toBe(11);

    // 600 + 1 - 260 = 341 badges left: they fit, and the list names them.
    for (let i = 10; i < 260; i++) directory.revokeBadge(staffMember(i).uid, NOW);
    const refilled = await round();
    expect(refilled).toHaveLength(1);
    const listed = uids(refilled[0]!.list);
    expect(listed).toHaveLength(600 + 1 - 260);
    expect(listed).toContain('0BBBBBBB');
    expect(listed).not.toContain(staffMember(0).uid);
    expect(Buffer.byteLength(JSON.stringify(refilled[0]!.list))).toBeLessThanOrEqual(4096);
  });
});

describe('AllowListPublisher: sites with the same rules', () => {
  it('decides each member once for every site sharing the same rules, and again for a site with other hours', async () => {
    const readers = [reader('q-hall', 'quimper', 'entrance'), reader('b-hall', 'brest', 'entrance'), reader('l-hall', 'lorient', 'entrance')];
    const lorient: Site = { ...quimper, id: 'lorient', hours: { ...quimper.hours, monday: [{ open: '14:00', close: '18:00' }] } };
    const { publisher, sent } = await start({ sites: [quimper, brest, lorient], readers, staff: 3 });
    expect(sent).toHaveLength(3);
    expect(publisher.book.asked).toBe(3 * 2);
  });
});

describe('AllowListPublisher: the event loop', () => {
  it('gives the event loop back while it builds', async () => {
    const readers = [reader('q-hall', 'quimper', 'entrance'), reader('b-hall', 'brest', 'entrance')];
    const { publisher } = await start({ sites: [quimper, brest], readers, staff: 50 });
    publisher.sliceMs = 0;
    let done = false;
    const rebuilt = publisher.publishAll(true).then(() => (done = true));
    const turned = await new Promise<boolean>((resolve) => setImmediate(() => resolve(!done)));
    await rebuilt;
    expect(turned).toBe(true);
  });
});

describe('AllowListPublisher: several instances', () => {
  it('builds and publishes only the lists of the sites it holds: a site taken gets them, a site given up no more', async () => {
    const ownership = new SiteOwnership({ cluster: { instanceId: 'a' } } as unknown as AppConfig);
    const lease = () => performance.now() + 60_000;
    await ownership.take('quimper', 1, lease());
    const readers = [reader('q-hall', 'quimper', 'entrance'), reader('b-hall', 'brest', 'entrance')];
    const { directory, publisher, sent, round } = await start({ sites: [quimper, brest], readers, staff: 2, ownership });
    expect(sent.map((s) => s.reader)).toEqual(['q-hall']);
    expect(publisher.book.has('brest')).toBe(false);

    await ownership.take('brest', 1, lease());
    expect((await round()).map((s) => s.reader)).toEqual(['b-hall']);

    await ownership.give('brest', false);
    directory.revokeBadge(staffMember(0).uid, NOW);
    expect((await round()).map((s) => s.reader)).toEqual(['q-hall']);
    expect(publisher.book.has('brest')).toBe(false);
  });
});
