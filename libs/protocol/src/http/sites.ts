// A site's public layout and the reports around it (contract §3): no personal data in the layout;
// the cross-checks name members and stay behind a token.
import { z } from 'zod';
import { DeskSensorTypeSchema } from './devices.js';

const hours = z.array(z.object({ open: z.string(), close: z.string() })).describe('Local HH:MM ranges; empty on a closed day');

export const SiteLayoutSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    timezone: z.string().describe('IANA time zone, e.g. Europe/Paris'),
    hours: z.object({ monday: hours, tuesday: hours, wednesday: hours, thursday: hours, friday: hours, saturday: hours, sunday: hours }),
    closures: z.array(z.object({ from: z.string(), to: z.string(), reason: z.string().optional() })),
    floorPlan: z.object({ width: z.number(), height: z.number() }),
    zones: z.array(
      z.object({
        id: z.string(),
        name: z.string(),
        area: z.object({ x: z.number(), y: z.number(), width: z.number(), height: z.number() }).optional(),
      }),
    ),
    doors: z.array(z.object({ id: z.string(), name: z.string(), zone: z.string() })),
    desks: z.array(
      z.object({
        id: z.string(),
        label: z.string(),
        zone: z.string(),
        x: z.number(),
        y: z.number(),
        sensor: DeskSensorTypeSchema.optional(),
      }),
    ),
  })
  .describe('Plan public du site');
export type SiteLayout = z.infer<typeof SiteLayoutSchema>;

/** The information notice (GDPR) is a page to print, not JSON. */
export const NoticeHtmlSchema = z.string().describe('Notice d’information (HTML)');

const badgeIn = z.object({ memberId: z.string(), zone: z.string(), at: z.string() });
export const CrossChecksSchema = z
  .object({
    desksWithoutEntry: z.object({
      deskCount: z.number().int().describe('Occupied desks over all the zones listed'),
      zones: z.array(z.object({ zone: z.string(), desks: z.array(z.string()).readonly() })).readonly(),
    }),
    membersWithoutDesk: z.object({
      memberCount: z.number().int(),
      members: z.array(badgeIn).readonly().describe("Each member's latest badge-in, in the order they were first seen today"),
    }),
  })
  .describe('Bureaux occupés sans entrée, membres entrés sans bureau');
export type CrossChecksBody = z.infer<typeof CrossChecksSchema>;
