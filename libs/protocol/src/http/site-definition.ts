// A site as data: the shape of a site file (docs/site-file.md) and of the manager's site routes.
// One schema: the service validates a file at start and a body of POST/PUT /api/sites with it
// (apps/api/src/sites/site-file.ts checkSite), and /api/docs documents the routes from it.
import { z } from 'zod';
import { ID_PATTERN } from '../topics.js';
import { DeskSensorTypeSchema } from './devices.js';

const id = z.string().regex(ID_PATTERN, 'de 1 à 64 caractères parmi a-z, 0-9 et -');
const clock = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'une heure s’écrit HH:MM');
const date = z.iso.date('une date s’écrit AAAA-MM-JJ');
const timeRange = z.object({ open: clock, close: clock }).refine((r) => r.open < r.close, 'l’ouverture doit précéder la fermeture');
const day = z.array(timeRange).default([]);
const hours = z.object({ monday: day, tuesday: day, wednesday: day, thursday: day, friday: day, saturday: day, sunday: day });
const area = z.object({ x: z.number(), y: z.number(), width: z.number().positive(), height: z.number().positive() });

const milliseconds = z.number().int().min(0).max(24 * 3600_000);
const timing = { releaseAfterMs: milliseconds.optional(), heartbeatTimeoutMs: milliseconds.optional() };

const timezone = z.string().refine((zone) => {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}, 'fuseau horaire IANA inconnu');

export const SiteDefinitionSchema = z
  .object({
    id,
    name: z.string().min(1).max(200),
    timezone,
    hours,
    closures: z.array(z.object({ from: date, to: date, reason: z.string().optional() })).default([]),
    publicHolidays: z.enum(['fr', 'none'], 'fr ou none').default('fr'),
    earlyEntryMinutes: z.number().int().min(0).max(120).default(10),
    halfDaySplit: clock.default('13:00'),
    floorPlan: z.object({ width: z.number().positive(), height: z.number().positive() }),
    /** Who runs the badge system and how members reach them, for the information notice. */
    privacy: z.object({ controller: z.string().min(1).max(300), contact: z.string().min(1).max(300) }).optional(),
    zones: z.array(z.object({ id, name: z.string().min(1), area: area.optional() })).min(1, 'au moins une zone'),
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
      z.object({ id, label: z.string().min(1).max(64), zone: id, x: z.number(), y: z.number(), sensor: DeskSensorTypeSchema.optional() }),
    ),
    /** Holds and heartbeat timeouts, for the site and per sensor kind, over the defaults (docs/occupancy.md). */
    occupancy: z
      .object({ ...timing, sensors: z.partialRecord(DeskSensorTypeSchema, z.object(timing).strict()).optional() })
      .strict()
      .optional(),
  })
  .superRefine((site, ctx) => {
    const zones = new Set(site.zones.map((zone) => zone.id));
    const check = (list: { id: string; zone?: string }[], key: 'zones' | 'doors' | 'desks') => {
      const seen = new Set<string>();
      list.forEach((item, index) => {
        if (seen.has(item.id)) ctx.addIssue({ code: 'custom', path: [key, index, 'id'], message: `identifiant "${item.id}" en double` });
        seen.add(item.id);
        if (item.zone !== undefined && !zones.has(item.zone)) {
          ctx.addIssue({ code: 'custom', path: [key, index, 'zone'], message: `zone "${item.zone}" inconnue` });
        }
      });
    };
    check(site.zones, 'zones');
    check(site.doors, 'doors');
    check(site.desks, 'desks');
  })
  .describe('Site (même forme qu’un fichier de site)');
export type SiteDefinition = z.infer<typeof SiteDefinitionSchema>;

export const SiteListSchema = z.array(SiteDefinitionSchema).describe('Tous les sites');

/** What an import did: `created` false when it replaced a site of the same id. */
export const SiteImportedSchema = z.object({ created: z.boolean(), site: SiteDefinitionSchema }).describe('Site importé');
export type SiteImported = z.infer<typeof SiteImportedSchema>;
