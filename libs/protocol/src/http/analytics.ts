// The analytics answers (contract §3; docs/timeseries.md): counts over time, no personal data.
// The service builds its reports as these types, /api/docs shows these schemas, the dashboard draws them.
import { z } from 'zod';

const iso = z.string().describe('UTC ISO-8601');
const period = { site: z.string(), from: iso, to: iso };
/** A mean or a ratio, null where the store has no sample. */
const measure = z.number().nullable();

export const OccupancySeriesSchema = z
  .object({
    ...period,
    every: z.enum(['1m', '5m', '15m', '1h', '1d']),
    points: z.array(
      z.object({
        time: iso.describe('Bucket start, UTC ISO-8601'),
        occupied: measure.describe('Mean number of desks occupied over the bucket; null without data'),
        headcount: measure.describe('Mean number of people counted in over the bucket; null without data'),
      }),
    ),
  })
  .describe('Bureaux occupés et présents dans le temps');
export type OccupancySeriesBody = z.infer<typeof OccupancySeriesSchema>;

export const TodayReportSchema = z
  .object({
    site: z.string(),
    date: z.string().describe('Local date YYYY-MM-DD'),
    basedOn: z.array(z.string()).describe('The earlier same weekdays the typical curve comes from'),
    slots: z.array(z.object({ time: iso, hour: z.string(), today: measure, typical: measure })),
  })
  .describe("Aujourd'hui face à la journée type");
export type TodayBody = z.infer<typeof TodayReportSchema>;

export const WeekdaySchema = z.enum(['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday']);

export const HeatmapReportSchema = z
  .object({
    ...period,
    weeks: z.number().int(),
    unit: z.enum(['desks', 'ratio']),
    weekdays: z.array(WeekdaySchema).readonly().describe('Row order of cells: Monday first'),
    cells: z.array(z.array(measure)).describe('cells[weekday][hour], hour 0-23 of the wall clock'),
  })
  .describe('Occupation moyenne par jour et heure');
export type HeatmapBody = z.infer<typeof HeatmapReportSchema>;

export const UtilisationReportSchema = z
  .object({
    ...period,
    openMinutes: z.number(),
    desks: z.array(z.object({ desk: z.string(), zone: z.string(), label: z.string(), occupiedMinutes: z.number(), ratio: measure })),
  })
  .describe("Part des heures d'ouverture où chaque bureau était occupé");
export type UtilisationBody = z.infer<typeof UtilisationReportSchema>;

export const PeaksReportSchema = z
  .object({ site: z.string(), days: z.array(z.object({ date: z.string(), occupied: z.number(), at: iso.nullable() })) })
  .describe('Pic de bureaux occupés par jour');
export type PeaksBody = z.infer<typeof PeaksReportSchema>;

export const StaysReportSchema = z
  .object({
    ...period,
    stays: z.number().int(),
    ongoing: z.number().int(),
    averageMinutes: measure,
    medianMinutes: measure,
    longestMinutes: measure,
  })
  .describe('Durées de présence aux bureaux');
export type StaysBody = z.infer<typeof StaysReportSchema>;

export const DenialsReportSchema = z
  .object({
    ...period,
    granted: z.number().int(),
    denied: z.number().int(),
    denialRate: measure.describe('denied / (granted + denied); null without any decision'),
    reasons: z.array(z.object({ reason: z.string(), count: z.number().int(), share: z.number() })),
  })
  .describe('Refus de badge par motif');
export type DenialsBody = z.infer<typeof DenialsReportSchema>;

export const ForecastReportSchema = z
  .object({
    site: z.string(),
    date: z.string(),
    ratio: z.number().describe('Today so far against a typical day: (observed + 1) / (typical + 1)'),
    capacity: z.number().int(),
    current: z.number().int(),
    slots: z.array(z.object({ time: iso, hour: z.string(), occupied: measure, free: z.number(), basis: z.enum(['current', 'typical']) })),
  })
  .describe('Places libres prévues pour le reste de la journée');
export type ForecastBody = z.infer<typeof ForecastReportSchema>;
