// Members, badges and passes as the API answers them (contract §3, §7; docs/access-control.md).
import { z } from 'zod';

/** Same list as libs/domain's PASS_TYPES: the service's views only compile while they agree. */
export const PassTypeSchema = z.enum(['day', 'half-day', 'carnet', 'subscription', 'event', 'staff']);

export const CreatedSchema = z.object({ id: z.string() }).describe('Créé');
export type Created = z.infer<typeof CreatedSchema>;

export const BadgeViewSchema = z.object({
  uid: z.string(),
  status: z.enum(['active', 'revoked', 'lost']),
  createdAt: z.string(),
  revokedAt: z.string().optional(),
});
export type BadgeView = z.infer<typeof BadgeViewSchema>;

export const BadgeOfMemberSchema = BadgeViewSchema.extend({ memberId: z.string() });

export const MemberViewSchema = z.object({
  id: z.string(),
  name: z.string(),
  email: z.string(),
  adherent: z.boolean(),
  active: z.boolean(),
  createdAt: z.string(),
  badges: z.array(BadgeViewSchema),
  /** Shares its e-mail with an older member (from before e-mails were unique): give it its own. */
  emailDuplicate: z.literal(true).optional(),
});
export type MemberView = z.infer<typeof MemberViewSchema>;

export const PassViewSchema = z.object({
  id: z.string(),
  type: PassTypeSchema,
  validFrom: z.string().optional(),
  validUntil: z.string().optional(),
  /** Carnet: credits left; day / half-day: 1 until taken or lapsed; subscription: opening days left. */
  remaining: z.number().nullable(),
  usedOn: z.array(z.object({ date: z.string(), period: z.enum(['morning', 'afternoon']).optional() })),
  zones: z.array(z.string()),
  credits: z.number().optional(),
  title: z.string().optional(),
  soldOn: z.string().optional(),
  /** Fixed at sale, integer cents (a subscription: per month). */
  priceCents: z.number().optional(),
  cancelledOn: z.string().optional(),
  refund: z.boolean().optional(),
  refundCents: z.number().optional(),
});
export type PassView = z.infer<typeof PassViewSchema>;

/** An item of GET /api/members: what the members list shows, without a call per member. */
export const MemberListItemSchema = MemberViewSchema.extend({
  currentPass: PassViewSchema.nullable().describe('The pass in force today: not cancelled, within its dates, not used up (the first sold wins)'),
  presentToday: z.boolean().describe('A badge of theirs opened a door since midnight (site time)'),
});
export type MemberListItem = z.infer<typeof MemberListItemSchema>;

export const MemberDetailSchema = MemberViewSchema.extend({ passes: z.array(PassViewSchema) });
export type MemberDetail = z.infer<typeof MemberDetailSchema>;
