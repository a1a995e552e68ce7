// A site file (config/sites/<site>.json) describes one place: hours, zones, doors, desks and the
// floor plan. The manager edits it; the service loads every file at startup. See docs/site-file.md.
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { DESK_SENSOR_TYPES, type DeskSensorType } from '#domain';
import { ConfigError } from '../infra/config/config-error.js';

const id = z.string().regex(/^[a-z0-9-]{1,64}$/, 'ids are 1-64 characters among a-z, 0-9 and -');
const clock = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'a time is HH:MM');
const date = z.iso.date();
const timeRange = z.object({ open: clock, close: clock }).refine((r) => r.open < r.close, 'open must be before close');
const day = z.array(timeRange).default([]);
const hours = z.object({ monday: day, tuesday: day, wednesday: day, thursday: day, friday: day, saturday: day, sunday: day });
const area = z.object({ x: z.number(), y: z.number(), width: z.number().positive(), height: z.number().positive() });

const sensorKind = z.enum(DESK_SENSOR_TYPES as [DeskSensorType, ...DeskSensorType[]]);
const milliseconds = z.number().int().min(0).max(24 * 3600_000);
const timing = { releaseAfterMs: milliseconds.optional(), heartbeatTimeoutMs: milliseconds.optional() };

const timezone = z.string().refine((zone) => {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}, 'unknown IANA time zone');

export const siteFileSchema = z
  .object({
    id,
    name: z.string().min(1).max(200),
    timezone,
    hours,
    closures: z.array(z.object({ from: date, to: date, reason: z.string().optional() })).default([]),
    publicHolidays: z.enum(['fr', 'none']).default('fr'),
    earlyEntryMinutes: z.number().int().min(0).max(120).default(10),
    halfDaySplit: clock.default('13:00'),
    floorPlan: z.object({ width: z.number().positive(), height: z.number().positive() }),
    /** Who runs the badge system and how members reach them, for the information notice. */
    privacy: z.object({ controller: z.string().min(1).max(300), contact: z.string().min(1).max(300) }).optional(),
    zones: z.array(z.object({ id, name: z.string().min(1), area: area.optional() })).min(1),
    /** `exitReaders`, `exitOnly`: which passages let people out of `zone` (docs/occupancy.md, "Exits"). */
    doors: z.array(
      z.object({
        id,
        name: z.string().min(1),
        zone: id,
        unlockMs: z.number().int().min(500).max(60_000).default(5000),
        exitReaders: z.array(id).max(16).optional(),
        exitOnly: z.boolean().optional(),
      }),
    ),
    /** `sensor`: the kind of the desk's sensor, which sets its hold (docs/occupancy.md); default pir. */
    desks: z.array(
      z.object({ id, label: z.string().min(1).max(64), zone: id, x: z.number(), y: z.number(), sensor: sensorKind.optional() }),
    ),
    /** Holds and heartbeat timeouts, for the site and per sensor kind, over the defaults (docs/occupancy.md). */
    occupancy: z
      .object({ ...timing, sensors: z.partialRecord(sensorKind, z.object(timing).strict()).optional() })
      .strict()
      .optional(),
  })
  .superRefine((site, ctx) => {
    const zones = new Set(site.zones.map((zone) => zone.id));
    const check = (list: { id: string; zone?: string }[], key: 'zones' | 'doors' | 'desks') => {
      const seen = new Set<string>();
      list.forEach((item, index) => {
        if (seen.has(item.id)) ctx.addIssue({ code: 'custom', path: [key, index, 'id'], message: `duplicate id "${item.id}"` });
        seen.add(item.id);
        if (item.zone !== undefined && !zones.has(item.zone)) {
          ctx.addIssue({ code: 'custom', path: [key, index, 'zone'], message: `unknown zone "${item.zone}"` });
        }
      });
    };
    check(site.zones, 'zones');
    check(site.doors, 'doors');
    check(site.desks, 'desks');
  });

export type SiteFile = z.infer<typeof siteFileSchema>;

/** Parses one site file's text; a problem names the file and the field. */
export function parseSiteFile(text: string, fileName: string): SiteFile {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new ConfigError('SITES_DIR', `${fileName} is not valid JSON (${(error as Error).message})`);
  }
  const parsed = siteFileSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const where = issue.path.length ? issue.path.join('.') : 'the file';
    throw new ConfigError('SITES_DIR', `${fileName}: ${where}: ${issue.message}`);
  }
  return parsed.data;
}

/** Loads every `*.json` site file of the folder, in name order. */
export function loadSiteFiles(dir: string): SiteFile[] {
  let names: string[];
  try {
    names = fs.readdirSync(dir).filter((name) => name.endsWith('.json')).sort();
  } catch {
    throw new ConfigError('SITES_DIR', `cannot read the site folder ${dir}`);
  }
  if (names.length === 0) throw new ConfigError('SITES_DIR', `no site file (*.json) in ${dir}`);
  const sites = names.map((name) => parseSiteFile(fs.readFileSync(path.join(dir, name), 'utf8'), name));
  const ids = sites.map((site) => site.id);
  const twice = ids.find((siteId, index) => ids.indexOf(siteId) !== index);
  if (twice) throw new ConfigError('SITES_DIR', `two site files describe the site "${twice}"`);
  return sites;
}

/** The zone every site shares, for the times of the pretty log; undefined when they differ or cannot be read. */
export function sharedTimeZone(dir: string): string | undefined {
  try {
    const zones = new Set(loadSiteFiles(dir).map((site) => site.timezone));
    return zones.size === 1 ? [...zones][0] : undefined;
  } catch {
    return undefined; // startup names the bad site file itself, as a configuration error
  }
}
