// GET /api/sites/{site}/seats (contract §3), the same body as the wall's `seats` event. The wall's
// interfaces (wall-events.ts) stay the ones front ends read; the checks below keep both equal.
import { z } from 'zod';
import type { SeatsSnapshot } from '../wall-events.js';

const counts = { free: z.number().int(), occupied: z.number().int(), offline: z.number().int(), total: z.number().int() };

export const SeatsSnapshotSchema = z
  .object({
    ...counts,
    site: z.string(),
    desks: z.array(
      z.object({
        id: z.string(),
        label: z.string(),
        zone: z.string(),
        state: z.enum(['free', 'occupied', 'offline']),
        since: z.string().describe('UTC ISO-8601, when the desk entered its state'),
        uncovered: z.literal(true).optional(),
      }),
    ),
    zones: z.array(
      z.object({
        ...counts,
        id: z.string(),
        headcount: z.number().int(),
        uncovered: z.number().int().optional(),
        estimatedFree: z.number().int().optional(),
      }),
    ),
  })
  .describe('Places libres, sans donnée personnelle');

// Fails to compile when wall-events.ts and this schema stop describing the same body.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const sameSeats: Same<z.infer<typeof SeatsSnapshotSchema>, SeatsSnapshot> = true;
void sameSeats;
