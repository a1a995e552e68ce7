// What a benchmark run provisions: one generated site (`bench`), its readers, desk sensors, echo
// clients, extra devices for the memory scenario, and members whose badges get real decisions.
import fs from 'node:fs';
import path from 'node:path';

export const SITE = 'bench';
/** A second site for scenario D's extra devices: desk sensors, the most common device by far. */
export const EXTRA_SITE = 'bench-extra';
const DOORS = [
  { id: 'entrance', name: 'Entrée', zone: 'hall' },
  { id: 'lobby', name: 'Hall', zone: 'hall' },
  { id: 'back', name: 'Arrière', zone: 'hall' },
  { id: 'events', name: 'Événements', zone: 'event-room' },
];

/** Writes the site files (`desks` desks at the benchmark site, `extraDesks` at the other) into a fresh SITES_DIR. */
export function writeSiteFiles(dir: string, desks: number, extraDesks: number): string {
  const sitesDir = path.join(dir, 'sites');
  fs.mkdirSync(sitesDir, { recursive: true });
  writeSite(sitesDir, SITE, 'Benchmark site', desks, deskId);
  if (extraDesks > 0) writeSite(sitesDir, EXTRA_SITE, 'Benchmark site, more devices', extraDesks, extraDeskId);
  return sitesDir;
}

function writeSite(sitesDir: string, id: string, name: string, desks: number, deskIdOf: (index: number) => string): void {
  const open = [{ open: '09:00', close: '17:00' }];
  const perRow = Math.ceil(Math.sqrt(desks));
  const site = {
    id,
    name,
    timezone: 'Europe/Paris',
    hours: { monday: open, tuesday: open, wednesday: open, thursday: open, friday: open, saturday: [], sunday: [] },
    publicHolidays: 'none',
    floorPlan: { width: perRow * 10 + 20, height: perRow * 10 + 20 },
    zones: [
      { id: 'hall', name: 'Hall' },
      { id: 'open-space', name: 'Open space' },
      { id: 'event-room', name: 'Événements' },
    ],
    doors: DOORS.map((door) => ({ ...door, unlockMs: 5000 })),
    desks: Array.from({ length: desks }, (_, index) => ({
      id: deskIdOf(index),
      label: String(index + 1),
      zone: 'open-space',
      x: 10 + (index % perRow) * 10,
      y: 10 + Math.floor(index / perRow) * 10,
    })),
  };
  fs.writeFileSync(path.join(sitesDir, `${id}.json`), JSON.stringify(site));
}

export const deskId = (index: number) => `desk-${String(index + 1).padStart(5, '0')}`;
export const deskSensorId = (index: number) => `${deskId(index)}-sensor`;
export const readerId = (index: number) => `bench-reader-${String(index + 1).padStart(2, '0')}`;
export const echoId = (index: number) => `bench-echo-${String(index + 1).padStart(2, '0')}`;
export const extraDeskId = (index: number) => `xdesk-${String(index + 1).padStart(5, '0')}`;
export const extraId = (index: number) => `${extraDeskId(index)}-sensor`;

export type DeviceRole = 'reader' | 'echo' | 'desk-sensor' | 'extra';

export interface PlannedDevice {
  role: DeviceRole;
  id: string;
  site: string;
  body: Record<string, string>;
  /** The desk a desk sensor reports on. */
  desk?: string;
}

export function planDevices(counts: { readers: number; desks: number; extra: number }): PlannedDevice[] {
  const devices: PlannedDevice[] = [];
  const door = (index: number) => DOORS[index % DOORS.length]!.id;
  for (let i = 0; i < counts.readers; i++) {
    devices.push({ role: 'reader', id: readerId(i), site: SITE, body: { id: readerId(i), kind: 'reader', protocol: 'native', door: door(i) } });
    // esp-rfid: the only device kind whose own namespace ({topic}/#) it may both publish and
    // subscribe in, so it can talk to the echo without the product reading what it says (only
    // the benchmark's service reads its pings: bench/echo.ts).
    devices.push({ role: 'echo', id: echoId(i), site: SITE, body: { id: echoId(i), kind: 'reader', protocol: 'esp-rfid', door: door(i), topic: echoId(i) } });
  }
  for (let i = 0; i < counts.desks; i++) {
    devices.push({ role: 'desk-sensor', id: deskSensorId(i), site: SITE, desk: deskId(i), body: { id: deskSensorId(i), kind: 'desk-sensor', protocol: 'native', desk: deskId(i) } });
  }
  for (let i = 0; i < counts.extra; i++) {
    // Desk sensors, not readers: a site has a reader per door and a sensor per desk.
    devices.push({ role: 'extra', id: extraId(i), site: EXTRA_SITE, desk: extraDeskId(i), body: { id: extraId(i), kind: 'desk-sensor', protocol: 'native', desk: extraDeskId(i) } });
  }
  return devices;
}

export type MemberRole = 'staff' | 'event' | 'no-pass';

export interface PlannedMember {
  name: string;
  email: string;
  uid: string;
  role: MemberRole;
}

/** 50 % staff, 40 % event (grants whatever the hour), 10 % without a pass (`no-valid-pass`). */
export function planMembers(count: number): PlannedMember[] {
  return Array.from({ length: count }, (_, index) => {
    const slot = index % 10;
    const role: MemberRole = slot < 5 ? 'staff' : slot < 9 ? 'event' : 'no-pass';
    const uid = `04${(0xa00000 + index).toString(16)}${(0x5a0000 + index * 7).toString(16)}`.toUpperCase();
    return { name: `Bench Member ${index + 1}`, email: `member${index + 1}@bench.example.org`, uid, role };
  });
}

/** What a decision for this member must say, whatever the time of the run. */
export function expectedDecision(role: MemberRole): { granted: boolean; reason: string } {
  if (role === 'staff') return { granted: true, reason: 'staff' };
  if (role === 'event') return { granted: true, reason: 'event' };
  return { granted: false, reason: 'no-valid-pass' };
}
