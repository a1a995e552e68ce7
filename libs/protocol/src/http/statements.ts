// Prices and statements (contract §3, §7; docs/access-control.md): integer euro cents throughout.
// libs/domain computes them; the service's answers only compile while they fit these schemas.
import { z } from 'zod';

const cents = z.number().int();
const dayPrices = z.object({ day: cents, halfDay: cents });

export const TariffsSchema = z
  .object({
    adherent: dayPrices,
    nonAdherent: dayPrices,
    carnets: z.array(z.object({ credits: z.number().int(), price: cents.describe('Adherent price'), nonAdherentPrice: cents.optional().describe('The adherent price when absent') })),
    subscriptionMonthly: z.object({ adherent: cents, nonAdherent: cents }),
    subscriptionEnd: z.enum(['prorated', 'whole-periods']).describe('A subscription ended mid-period bills that period whole, or pro rata of its days'),
  })
  .describe('Tarifs en centimes');
export type TariffsBody = z.infer<typeof TariffsSchema>;

export const StatementLineSchema = z.object({
  date: z.string().describe("Local date: of the sale, of the subscription period's start, or of the change"),
  passId: z.string(),
  item: z.enum(['day', 'half-day', 'carnet', 'event', 'subscription', 'refund', 'correction']),
  label: z.string().describe('French, as printed for the member'),
  quantity: z.number(),
  unitCents: cents,
  amountCents: cents,
});

export const MonthlyStatementSchema = z
  .object({
    month: z.string().describe("YYYY-MM in the site's zone"),
    memberId: z.string(),
    memberName: z.string(),
    adherent: z.boolean(),
    daysUsed: z.number().int().describe('Informative: days taken from day passes in the month (billed when sold)'),
    halfDaysUsed: z.number().int(),
    carnetCreditsUsed: z.number().int().describe('Informative: carnet days are paid when the carnet is sold'),
    daysSold: z.number().int(),
    halfDaysSold: z.number().int(),
    carnetsSold: z.number().int(),
    eventsSold: z.number().int(),
    subscriptionMonthsSold: z.number(),
    lines: z.array(StatementLineSchema),
    totalCents: cents,
    closed: z.boolean().optional().describe('The month is over: this statement never changes again'),
  })
  .describe('Relevé mensuel');
export type MonthlyStatementBody = z.infer<typeof MonthlyStatementSchema>;
