// What `--cluster` provisions: many small sites (each with readers at its entrance and a sensor per
// desk) and members holding carnets, so that a day taken twice by two owners would show in pass_use.
import fs from 'node:fs';
import path from 'node:path';
import type { PlannedDevice } from './fleet-plan.js';

export interface ClusterFleet {
  sites: number;
  desksPerSite: number;
  readersPerSite: number;
  members: number;
}

export interface ClusterSite {
  id: string;
  readers: string[];
  /** Desk id -> its sensor's device id. */
  desks: Array<{ desk: string; sensor: string }>;
}

const pad = (n: number, width: number) => String(n).padStart(width, '0');

export function planSites(fleet: ClusterFleet): ClusterSite[] {
  return Array.from({ length: fleet.sites }, (_, s) => {
    const id = `site-${pad(s + 1, 3)}`;
    return {
      id,
      readers: Array.from({ length: fleet.readersPerSite }, (_, r) => `${id}-reader-${r + 1}`),
      desks: Array.from({ length: fleet.desksPerSite }, (_, d) => ({ desk: `desk-${pad(d + 1, 2)}`, sensor: `${id}-desk-${pad(d + 1, 2)}` })),
    };
  });
}

/**
 * One file per site, open all day every day, in a time zone where it is about noon now: badges get
 * real decisions at any hour of the run, and the run's days never cross a local midnight.
 */
export function writeClusterSites(dir: string, sites: readonly ClusterSite[], now = new Date()): string {
  // Not `sites`: main.ts writes the other scenarios' site there.
  const sitesDir = path.join(dir, 'cluster-sites');
  fs.mkdirSync(sitesDir, { recursive: true });
  const offset = 12 - now.getUTCHours();
  // Etc/GMT-N is N hours *ahead* of UTC (POSIX sign).
  const timezone = offset === 0 ? 'Etc/UTC' : offset > 0 ? `Etc/GMT-${offset}` : `Etc/GMT+${-offset}`;
  const allDay = [{ open: '00:00', close: '23:59' }];
  const hours = Object.fromEntries(['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'].map((day) => [day, allDay]));
  for (const site of sites) {
    const body = {
      id: site.id,
      name: `Bench ${site.id}`,
      timezone,
      hours,
      publicHolidays: 'none',
      floorPlan: { width: 420, height: 220 },
      zones: [{ id: 'hall', name: 'Accueil' }, { id: 'open-space', name: 'Open space' }],
      doors: [{ id: 'entrance', name: 'Entrée', zone: 'hall' }],
      desks: site.desks.map(({ desk }, i) => ({ id: desk, label: String(i + 1), zone: 'open-space', x: 10 + (i % 10) * 40, y: 10 + Math.floor(i / 10) * 40 })),
    };
    fs.writeFileSync(path.join(sitesDir, `${site.id}.json`), JSON.stringify(body));
  }
  return sitesDir;
}

/** Every reader and desk sensor, as `POST /api/devices` bodies. */
export function planClusterDevices(sites: readonly ClusterSite[]): PlannedDevice[] {
  return sites.flatMap((site) => [
    ...site.readers.map((id): PlannedDevice => ({ role: 'reader', id, site: site.id, body: { id, kind: 'reader', protocol: 'native', door: 'entrance' } })),
    ...site.desks.map(({ desk, sensor }): PlannedDevice => ({ role: 'desk-sensor', id: sensor, site: site.id, desk, body: { id: sensor, kind: 'desk-sensor', protocol: 'native', desk } })),
  ]);
}

/** 4-byte UIDs, one per member; every member holds a 5-day carnet. */
export const memberUid = (index: number) => (0x04b20000 + index).toString(16).toUpperCase().padStart(8, '0');
