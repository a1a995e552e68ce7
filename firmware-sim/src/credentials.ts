// The credentials file: device secrets (shown once by POST /api/devices), demo members and their
// badge UIDs, and each native reader's seq counter. It holds secrets: written 0600, atomically.
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';

export const SIM_PROTOCOLS = ['native', 'esp-rfid', 'tasmota', 'zigbee2mqtt'] as const;
export type SimProtocol = (typeof SIM_PROTOCOLS)[number];
export type DeviceKind = 'reader' | 'desk-sensor' | 'door-sensor' | 'bridge';

const DeviceRecordSchema = z.object({
  id: z.string(),
  kind: z.enum(['reader', 'desk-sensor', 'door-sensor', 'bridge']),
  protocol: z.enum(SIM_PROTOCOLS),
  door: z.string().optional(),
  desk: z.string().optional(),
  topic: z.string().optional(),
  bridge: z.string().optional(),
  /** MQTT password; absent for Zigbee2MQTT sensors (their bridge's credentials publish for them). */
  password: z.string().optional(),
  /** esp-rfid: the IP the simulated reader announces, which `opendoor` commands must name. */
  ip: z.string().optional(),
  /** Native readers: first seq a restarted simulator may use (a reservation, see SeqCounter). */
  nextSeq: z.number().int().min(0).optional(),
  /** Native readers: `exp` of the last remote unlock accepted, kept across restarts (docs/reader-firmware.md). */
  unlockFloor: z.number().int().min(0).optional(),
});
export type DeviceRecord = z.infer<typeof DeviceRecordSchema>;

const PassRequestSchema = z.object({
  type: z.enum(['day', 'half-day', 'carnet', 'subscription', 'event', 'staff']),
  validFrom: z.string().optional(),
  validUntil: z.string().optional(),
  credits: z.number().optional(),
  zones: z.array(z.string()).optional(),
  title: z.string().optional(),
});
export type PassRequest = z.infer<typeof PassRequestSchema>;

export const MEMBER_ROLES = ['coworker', 'morning', 'afternoon', 'staff', 'event', 'no-pass', 'revoked'] as const;
export type MemberRole = (typeof MEMBER_ROLES)[number];

const MemberRecordSchema = z.object({
  key: z.string(),
  name: z.string(),
  email: z.string(),
  uid: z.string(),
  role: z.enum(MEMBER_ROLES),
  pass: PassRequestSchema.optional(),
  /** What the API answered, step by step, so a re-run only does what is missing. */
  id: z.union([z.string(), z.number()]).optional(),
  badgeAdded: z.boolean().optional(),
  passId: z.union([z.string(), z.number()]).optional(),
  badgeRevoked: z.boolean().optional(),
});
export type MemberRecord = z.infer<typeof MemberRecordSchema>;

export const CredentialsSchema = z.object({
  version: z.literal(1),
  site: z.string(),
  seed: z.union([z.number(), z.string()]),
  /** The --protocol the devices were provisioned with: a device's protocol is fixed at provisioning. */
  protocol: z.enum(['native', 'esp-rfid', 'tasmota', 'zigbee2mqtt', 'mixed']).optional(),
  devices: z.array(DeviceRecordSchema),
  members: z.array(MemberRecordSchema),
  /** A badge no member holds, for the "unknown-badge" moment of the day. */
  strangerUid: z.string().optional(),
});
export type Credentials = z.infer<typeof CredentialsSchema>;

export function emptyCredentials(site: string, seed: number | string): Credentials {
  return { version: 1, site, seed, devices: [], members: [] };
}

/** Reads the file; undefined when it does not exist. A corrupt file is an error, not silently replaced. */
export function readCredentials(file: string): Credentials | undefined {
  if (!fs.existsSync(file)) return undefined;
  const parsed = CredentialsSchema.safeParse(JSON.parse(fs.readFileSync(file, 'utf8')));
  if (!parsed.success) throw new Error(`${file} is not a firmware-sim credentials file: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
  return parsed.data;
}

/** Write to a temporary file then rename, so a crash never leaves half a file with lost secrets. */
export function writeCredentials(file: string, credentials: Credentials): void {
  fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const temporary = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(temporary, `${JSON.stringify(credentials, null, 2)}\n`, { mode: 0o600 });
  fs.renameSync(temporary, file);
}

/** Seqs reserved per write: a crash loses at most this many numbers, never repeats one. */
export const SEQ_BLOCK = 1000;

/**
 * A native reader's seq counter. The file holds a reservation, not the last value: before a seq
 * beyond it is used the reservation moves a block ahead and is saved first. A simulator killed
 * at any moment restarts above every seq it sent, so the service never takes a new badge for a
 * duplicate delivery (contract section 2: a repeated seq is answered again, never counted).
 */
export class SeqCounter {
  private next: number;
  private reserved: number;

  constructor(
    private readonly record: DeviceRecord,
    private readonly persist: () => void,
  ) {
    this.next = record.nextSeq ?? 0;
    this.reserved = this.next;
  }

  take(): number {
    if (this.next >= this.reserved) {
      this.reserved = this.next + SEQ_BLOCK;
      this.record.nextSeq = this.reserved;
      this.persist();
    }
    return this.next++;
  }

  /** On a clean stop the reservation shrinks back to what was really used. */
  release(): void {
    this.record.nextSeq = this.next;
    this.reserved = this.next;
  }

  get peek(): number {
    return this.next;
  }
}

/** The credentials file plus saving; scenarios share one so seq reservations land in it. */
export class CredentialsStore {
  constructor(
    readonly file: string | undefined,
    readonly data: Credentials,
  ) {}

  static open(file: string | undefined, site: string, seed: number | string): CredentialsStore {
    const existing = file === undefined ? undefined : readCredentials(file);
    if (existing !== undefined && existing.site !== site) {
      throw new Error(`${file} holds devices of site "${existing.site}", not "${site}": use another --credentials file`);
    }
    return new CredentialsStore(file, existing ?? emptyCredentials(site, seed));
  }

  save(): void {
    if (this.file !== undefined) writeCredentials(this.file, this.data);
  }

  device(id: string): DeviceRecord | undefined {
    return this.data.devices.find((device) => device.id === id);
  }

  upsertDevice(record: DeviceRecord): DeviceRecord {
    const existing = this.device(record.id);
    if (existing === undefined) {
      this.data.devices.push(record);
      return record;
    }
    Object.assign(existing, record, { nextSeq: existing.nextSeq ?? record.nextSeq });
    return existing;
  }
}
