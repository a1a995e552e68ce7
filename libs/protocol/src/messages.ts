// One zod schema per message of the native protocol v1 (contract section 2), types from z.infer.
// Objects strip unknown keys instead of refusing them: the contract only ever adds optional
// fields, so an older service must keep accepting a newer device's payload.
import { z } from 'zod';
import type { TopicKind } from './topics.js';
import { normalizeUid } from './uid.js';

/** Largest payload accepted or produced (contract section 2: oversized is > 4 KiB). */
export const MAX_PAYLOAD_BYTES = 4096;

/**
 * Pass types; a granted decision names the one that opened the door (contract section 3). Additive:
 * `exit`, an exit reader letting someone out, which needs no pass (docs/occupancy.md, "Exits").
 */
export const GRANT_REASONS = ['day', 'half-day', 'carnet', 'subscription', 'event', 'staff', 'exit'] as const;

/** Denial reasons, exactly the contract's list (section 2, decision). */
export const DENY_REASONS = [
  'unknown-badge',
  'badge-revoked',
  'no-valid-pass',
  'outside-hours',
  'zone-not-allowed',
  'pass-exhausted',
  'anti-passback',
  'rate-limited',
  'reader-unknown',
] as const;

export type GrantReason = (typeof GRANT_REASONS)[number];
export type DenyReason = (typeof DENY_REASONS)[number];
export type DecisionReason = GrantReason | DenyReason;

/** `ts` is ISO-8601 with offset, optional (the service clock wins). */
export const TimestampSchema = z.iso.datetime({ offset: true });

/** Battery in %. */
export const BatterySchema = z.number().min(0).max(100);

/** Per-reader counter; a repeated value is a duplicate delivery. */
export const SeqSchema = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);

/** Hex of a 4, 7 or 10-byte NFC UID, any case, `:` or `-` allowed; parsed to the canonical form. */
export const UidSchema = z.string().transform((raw, ctx) => {
  const result = normalizeUid(raw, 'hex');
  if (result.ok) return result.uid;
  ctx.addIssue({ code: 'custom', message: `${result.reason}: ${result.detail}` });
  return z.NEVER;
});

export const BadgeMessageSchema = z.object({
  uid: UidSchema,
  seq: SeqSchema,
  ts: TimestampSchema.optional(),
  /**
   * Additive: a badge-in the reader decided alone from its allow-list while the service was
   * silent, uploaded afterwards with its original `ts`. Audited, never decided again.
   */
  offline: z.boolean().optional(),
  /** Additive, with `offline`: whether the reader opened (its allow-list granted the UID then). */
  granted: z.boolean().optional(),
});

/** Epoch milliseconds. */
export const EpochMsSchema = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);

/** HMAC-SHA256 in base64url without padding: 32 bytes are 43 characters. */
export const SignatureSchema = z.string().regex(/^[A-Za-z0-9_-]{43}$/, 'expected 43 base64url characters');

const decisionCommon = {
  seq: SeqSchema,
  /** Shown on the reader's display, when it has one. */
  message: z.string().max(256).optional(),
  /** Additive (docs/reader-firmware.md): the decision is void after this instant. */
  exp: EpochMsSchema.optional(),
  /** Additive: HMAC-SHA256 of the canonical bytes with the reader's decision key. */
  sig: SignatureSchema.optional(),
};

export const DecisionMessageSchema = z.discriminatedUnion('granted', [
  z.object({
    ...decisionCommon,
    granted: z.literal(true),
    unlockMs: z.number().int().min(0).max(60_000).optional(),
    reason: z.enum(GRANT_REASONS),
  }),
  z.object({ ...decisionCommon, granted: z.literal(false), reason: z.enum(DENY_REASONS) }),
]);

export const DoorStateMessageSchema = z.object({
  open: z.boolean(),
  ts: TimestampSchema.optional(),
});

export const PresenceMessageSchema = z.object({
  occupied: z.boolean(),
  battery: BatterySchema.optional(),
  ts: TimestampSchema.optional(),
});

export const DeviceStatusMessageSchema = z.object({
  online: z.boolean(),
  fw: z.string().min(1).max(64).optional(),
  battery: BatterySchema.optional(),
  /** dBm. */
  rssi: z.number().int().min(-150).max(0).optional(),
  ts: TimestampSchema.optional(),
});

const count = z.number().int().min(0);

export const SeatsMessageSchema = z
  .object({ free: count, occupied: count, offline: count, total: count, ts: TimestampSchema })
  .refine((seats) => seats.free + seats.occupied + seats.offline === seats.total, {
    message: 'free + occupied + offline must equal total',
    path: ['total'],
  });

/** Canonical UIDs only: the list is signed as written, so nothing may rewrite it. */
const CanonicalUidSchema = z.string().regex(/^(?:[0-9A-F]{8}|[0-9A-F]{14}|[0-9A-F]{20})$/, 'expected a canonical UID');

/** Minutes after `from`, start inclusive, end exclusive, within the list's 24 h. */
const WindowSchema = z.tuple([z.number().int().min(0).max(1440), z.number().int().min(0).max(1440)]);

/** Badges sharing the same windows travel together: most members share the opening hours. */
const AllowGroupSchema = z.object({ windows: z.array(WindowSchema), uids: z.array(CanonicalUidSchema) });

/** Additive topic `readers/{readerId}/allow-list` (docs/reader-firmware.md): what a reader may open alone. */
export const AllowListMessageSchema = z.object({
  /** Strictly increasing per reader: a reader never goes back to an older list. */
  version: EpochMsSchema,
  /** Minute-aligned instant the windows count from. */
  from: EpochMsSchema,
  /** After this instant the list grants nothing (at most 24 h after `from`). */
  until: EpochMsSchema,
  groups: z.array(AllowGroupSchema),
  sig: SignatureSchema,
});

/** Topic kind -> schema, checked at compile time to cover every kind and validated at run time. */
export const MESSAGE_SCHEMAS = {
  badge: BadgeMessageSchema,
  decision: DecisionMessageSchema,
  'door-state': DoorStateMessageSchema,
  presence: PresenceMessageSchema,
  'device-status': DeviceStatusMessageSchema,
  seats: SeatsMessageSchema,
  'allow-list': AllowListMessageSchema,
} as const satisfies Record<TopicKind, z.ZodType>;

export type MessageSchemas = typeof MESSAGE_SCHEMAS;
/** A message as decoded (uid canonical). */
export type MessageOf<K extends TopicKind> = z.output<MessageSchemas[K]>;
/** A message as it may be written before encoding (uid in any accepted form). */
export type MessageInputOf<K extends TopicKind> = z.input<MessageSchemas[K]>;

export type BadgeMessage = MessageOf<'badge'>;
export type DecisionMessage = MessageOf<'decision'>;
export type DoorStateMessage = MessageOf<'door-state'>;
export type PresenceMessage = MessageOf<'presence'>;
export type DeviceStatusMessage = MessageOf<'device-status'>;
export type SeatsMessage = MessageOf<'seats'>;
export type AllowListMessage = MessageOf<'allow-list'>;

/** Last will every native device registers on its status topic (contract section 2). */
export const OFFLINE_LAST_WILL: DeviceStatusMessage = { online: false };
