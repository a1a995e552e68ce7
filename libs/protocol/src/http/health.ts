// GET /health (contract §3): each store's check; the same body comes with a 503 when one is down.
import { z } from 'zod';

const check = z.enum(['up', 'down']);

export const HealthReportSchema = z
  .object({
    status: z.enum(['ok', 'error']),
    checks: z.object({ database: check, broker: check, timeseries: check }),
    message: z.string().optional().describe('Which checks are down, in words, when any is'),
    details: z.object({ timeseriesPending: z.number(), timeseriesDropped: z.number() }).catchall(z.number()).describe("Counters of the stores' buffers"),
  })
  .describe('État du service (503 quand un magasin ne répond pas)');
export type HealthReportBody = z.infer<typeof HealthReportSchema>;
