// The wall's public facts (GET /api/sites/{site}/events and /opening). The wall's interfaces
// (wall-events.ts) stay the ones front ends read; the checks below keep both equal.
import { z } from 'zod';
import type { SiteEvent, SiteOpening } from '../wall-events.js';

export const SiteEventSchema = z.object({ title: z.string(), start: z.string(), end: z.string(), zone: z.string() }).describe('Événement public, sans participant');

const hours = z.object({ open: z.string(), close: z.string() });
export const SiteOpeningSchema = z.object({
  open: z.boolean(),
  timezone: z.string(),
  todayHours: z.array(hours).describe("Today's ranges, local HH:MM; empty on a closed day"),
  closesAt: z.string().nullable(),
  nextOpening: z.string().nullable(),
  now: z.string().describe('The service clock the answer was computed at'),
});

// Fail to compile when wall-events.ts and these schemas stop describing the same bodies.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const same: [Same<z.infer<typeof SiteEventSchema>, SiteEvent>, Same<z.infer<typeof SiteOpeningSchema>, SiteOpening>] = [true, true];
void same;
