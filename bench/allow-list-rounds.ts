// The offline allow-lists at scale, in process (no broker, no database): the publisher with its real
// book and member directory, N sites of the Quimper layout with two native readers each (entrance,
// open space), M members with a badge and a staff pass, and a broker that only counts. Measured: the
// first build (what start pays), then one member change (a new member with a badge and a day pass
// for the event room, which no reader opens), then a revocation, each with the lists published
// and the longest the event loop was held meanwhile.
//   node dist/bench/allow-list-rounds.js [--sites=200] [--members=1000]
import fs from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { withPassDefaults } from '#domain';
import { deriveDecisionKey } from '#protocol';
import { AllowListPublisher } from '../apps/api/src/allow-lists/allow-list-publisher.js';
import type { DecisionKeys } from '../apps/api/src/devices/decision-keys.js';
import type { DeviceChanges } from '../apps/api/src/devices/device-changes.js';
import type { DeviceRegistry } from '../apps/api/src/devices/device-registry.js';
import type { Device } from '../apps/api/src/devices/device.types.js';
import type { Clock } from '../apps/api/src/infra/clock.js';
import type { AppConfig } from '../apps/api/src/infra/config/app-config.js';
import type { BrokerService } from '../apps/api/src/infra/mqtt/broker.service.js';
import { SiteOwnership } from '../apps/api/src/infra/site-ownership.js';
import { SiteLockdowns } from '../apps/api/src/lockdown/site-lockdowns.js';
import { MemberDirectory } from '../apps/api/src/members/member-directory.js';
import { parseSiteFile } from '../apps/api/src/sites/site-file.js';
import type { SitesService } from '../apps/api/src/sites/sites.service.js';

const arg = (name: string, fallback: number) => Number(process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1] ?? fallback);
const SITES = arg('sites', 200);
const MEMBERS = arg('members', 1000);
/** A Monday 08:00 in Quimper: the lists hold a whole opening day. */
const NOW = new Date('2026-03-02T07:00:00Z');
const created = new Date('2026-01-05T09:00:00Z');

const root = path.resolve(import.meta.dirname, '../..');
const quimper = parseSiteFile(fs.readFileSync(path.join(root, 'config/sites/quimper.json'), 'utf8'), 'quimper.json');
const sites = Array.from({ length: SITES }, (_, i) => ({ ...quimper, id: `site-${i}` }));
const readers: Device[] = sites.flatMap((site) =>
  ['entrance', 'open-space'].map((door) => ({ id: `${site.id}-${door}`, kind: 'reader' as const, site: site.id, protocol: 'native' as const, door, createdAt: created })),
);
const uid = (i: number) => `0A${i.toString(16).toUpperCase().padStart(6, '0')}`;

const directory = new MemberDirectory();
directory.load({
  members: Array.from({ length: MEMBERS }, (_, i) => ({ id: `m${i}`, name: `M ${i}`, email: `m${i}@example.org`, adherent: true, active: true, createdAt: created })),
  badges: Array.from({ length: MEMBERS }, (_, i) => ({ uid: uid(i), memberId: `m${i}`, status: 'active' as const, createdAt: created })),
  passes: Array.from({ length: MEMBERS }, (_, i) => withPassDefaults({ id: `p${i}`, memberId: `m${i}`, type: 'staff' })),
});
let sent = 0;
const publisher = new AllowListPublisher(
  directory,
  { list: () => sites, onChange: () => undefined } as unknown as SitesService,
  { all: () => readers, root: 'cantine' } as unknown as DeviceRegistry,
  { of: (id: string) => deriveDecisionKey(`secret-of-${id}`), has: () => true } as unknown as DecisionKeys,
  { publish: async () => void sent++ } as unknown as BrokerService,
  { on: () => undefined } as unknown as DeviceChanges,
  new SiteLockdowns(),
  { now: () => NOW } as unknown as Clock,
  new SiteOwnership({ cluster: undefined } as unknown as AppConfig),
);

/**
 * Runs `step`; its wall time, the lists published, and the longest the event loop was held
 * meanwhile: the largest gap between the turns of a 1 ms interval (the OS's own pauses included).
 */
async function measure(name: string, step: () => Promise<void>): Promise<void> {
  let last = performance.now();
  let held = 0;
  const timer = setInterval(() => {
    const now = performance.now();
    held = Math.max(held, now - last);
    last = now;
  }, 1);
  await new Promise((resolve) => setTimeout(resolve, 5));
  held = 0;
  last = performance.now();
  const before = sent;
  const t0 = performance.now();
  await step();
  const ms = performance.now() - t0;
  // A loop held by synchronous work shows when the interval turns again: let it turn before reading.
  await new Promise((resolve) => setTimeout(resolve, 20));
  clearInterval(timer);
  console.log(`${name.padEnd(28)} ${ms.toFixed(1).padStart(9)} ms  ${String(sent - before).padStart(4)} lists  event loop held up to ${held.toFixed(1)} ms`);
}

console.log(`allow-list rounds: ${SITES} sites × 2 readers, ${MEMBERS.toLocaleString('en-US')} members with a staff pass`);
await measure('first build (start)', async () => {
  (publisher as unknown as { onModuleInit?: () => void }).onModuleInit?.();
  await publisher.onApplicationBootstrap();
});
await measure('new member, event-room pass', async () => {
  directory.putMember({ id: 'eve', name: 'Eve', email: 'eve@example.org', adherent: true, active: true, createdAt: created });
  directory.putBadge({ uid: '0E0E0E0E', memberId: 'eve', status: 'active', createdAt: created });
  directory.putPass(withPassDefaults({ id: 'p-eve', memberId: 'eve', type: 'day', zones: ['event-room'] }));
  await publisher.publishAll(false);
});
await measure('staff badge revoked', async () => {
  directory.revokeBadge(uid(0), NOW);
  await publisher.publishAll(false);
});
publisher.onModuleDestroy();
