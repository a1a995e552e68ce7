// Query parameters of the analytics endpoints: one zod schema each (400 naming the field through
// ZodPipe), then the defaults and cross-field checks that need the site's time zone. Refusals are
// French and shaped as ZodPipe's, like every other request's.
import { BadRequestException } from '@nestjs/common';
import { zonedInstant } from '#domain';
import { z } from 'zod';
import { invalidFields } from '../infra/http/zod-body.pipe.js';
import type { Site } from '../sites/site.types.js';
import type { Period } from './history-reports.js';
import { EVERY_VALUES, MAX_OCCUPANCY_POINTS, occupancyPointCount, type Every } from './occupancy-report.js';
import { startOfLocalDay } from './report-format.js';

/** An instant with its offset (`2026-03-02T09:00:00+01:00`, `…Z`) or a local date (its midnight at the site). */
const instant = z.union([z.iso.datetime({ offset: true }), z.iso.date()], {
  error: 'date-heure ISO avec décalage (2026-03-02T09:00:00+01:00) ou date (2026-03-02) attendue',
});

export const OccupancyQuerySchema = z.object({
  from: instant.optional(),
  to: instant.optional(),
  every: z.enum(EVERY_VALUES, { error: `attendu : ${EVERY_VALUES.slice(0, -1).join(', ')} ou ${EVERY_VALUES.at(-1)}` }).default('1h'),
});
export type OccupancyQuery = z.infer<typeof OccupancyQuerySchema>;

export const PeriodQuerySchema = z.object({ from: instant.optional(), to: instant.optional() });
export type PeriodQuery = z.infer<typeof PeriodQuerySchema>;

export const HeatmapQuerySchema = z.object({
  // 12 weeks = 84 days: the heatmap reads raw quarter hours, kept 90 days.
  weeks: z.coerce.number().int().min(1).max(12).default(8),
  unit: z.enum(['desks', 'ratio']).default('desks'),
});
export type HeatmapQuery = z.infer<typeof HeatmapQuerySchema>;

export const PeaksQuerySchema = z.object({ days: z.coerce.number().int().min(1).max(366).default(30) });
export type PeaksQuery = z.infer<typeof PeaksQuerySchema>;

/** Longest period of the history reports: a year of desk changes is a few hundred thousand points at most. */
const MAX_PERIOD_DAYS = 366;

export function badRequest(field: string, message: string): BadRequestException {
  return new BadRequestException({ message: invalidFields([field]), errors: [{ field, message }] });
}

function toInstant(value: string, site: Site): Date {
  return /^\d{4}-\d{2}-\d{2}$/.test(value) ? zonedInstant(value, 0, site.timezone) : new Date(value);
}

/** from/to given or defaulted, checked in order: 400 on `to` when not after `from`. */
export function resolvePeriod(query: PeriodQuery, site: Site, defaults: Period): Period {
  const from = query.from === undefined ? defaults.from : toInstant(query.from, site);
  const to = query.to === undefined ? defaults.to : toInstant(query.to, site);
  if (from.getTime() >= to.getTime()) throw badRequest('to', 'doit être après from');
  if (to.getTime() - from.getTime() > MAX_PERIOD_DAYS * 86_400_000) throw badRequest('from', `la période dure ${MAX_PERIOD_DAYS} jours au plus`);
  return { from, to };
}

/** Occupancy defaults to today (local midnight to local midnight); the point count is capped. */
export function resolveOccupancyQuery(query: OccupancyQuery, site: Site, now: Date): Period & { every: Every } {
  const today = { from: startOfLocalDay(now, site.timezone), to: startOfLocalDay(now, site.timezone, 1) };
  const period = resolvePeriod(query, site, today);
  const count = occupancyPointCount(period.from, period.to, query.every);
  if (count > MAX_OCCUPANCY_POINTS) {
    throw badRequest('every', `${count} points de ${query.every} sur cette période, ${MAX_OCCUPANCY_POINTS} au plus : choisissez un every plus grand ou une période plus courte`);
  }
  return { ...period, every: query.every };
}
