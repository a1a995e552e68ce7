// Body of POST /api/devices (contract section 3). Rules that need no database are checked here,
// so the 400 names the field; rules that need the site (door, desk, bridge) are the service's.
import { z } from 'zod';
import { ID_PATTERN } from '#protocol';
import { SERVICE_USERNAME } from '../../infra/mqtt/broker.service.js';

const id = z.string().regex(ID_PATTERN, 'expected 1 to 64 characters among a-z, 0-9 and -');

/** A firmware's base topic: concrete levels only, no `$` namespace, no empty last level. */
const baseTopic = z
  .string()
  .min(1)
  .max(120)
  .refine((topic) => !/[+#\u0000]/.test(topic), 'MQTT wildcards are not allowed in a base topic')
  .refine((topic) => !topic.startsWith('$'), 'topics starting with $ belong to the broker')
  .refine((topic) => !topic.endsWith('/') && !topic.includes('//'), 'a base topic has no empty level but possibly the first');

export const DeviceCreateSchema = z
  .object({
    id: id.refine((value) => !value.startsWith(SERVICE_USERNAME), `ids starting with ${SERVICE_USERNAME} are reserved for the service`),
    kind: z.enum(['reader', 'desk-sensor', 'door-sensor', 'bridge']),
    site: id,
    protocol: z.enum(['native', 'esp-rfid', 'tasmota', 'zigbee2mqtt']),
    door: id.optional(),
    desk: id.optional(),
    topic: baseTopic.optional(),
    bridge: id.optional(),
    /** Optional addition to the contract: how a reader prints card numbers (esp-rfid on Wiegand: `decimal`). */
    uidFormat: z.enum(['auto', 'hex', 'decimal']).optional(),
  })
  .superRefine((body, ctx) => {
    const problem = (path: string, message: string) => ctx.addIssue({ code: 'custom', path: [path], message });
    if ((body.kind === 'reader' || body.kind === 'door-sensor') && !body.door) problem('door', `a ${body.kind} names its door`);
    if (body.kind === 'desk-sensor' && !body.desk) problem('desk', 'a desk-sensor names its desk');
    if (body.kind !== 'desk-sensor' && body.desk) problem('desk', `a ${body.kind} has no desk`);
    if ((body.kind === 'desk-sensor' || body.kind === 'bridge') && body.door) problem('door', `a ${body.kind} has no door`);
    const kinds: Record<string, string[]> = {
      native: ['reader', 'desk-sensor', 'door-sensor'],
      'esp-rfid': ['reader'],
      tasmota: ['reader'],
      zigbee2mqtt: ['desk-sensor', 'door-sensor', 'bridge'],
    };
    if (!kinds[body.protocol]!.includes(body.kind)) problem('kind', `a ${body.protocol} device is one of: ${kinds[body.protocol]!.join(', ')}`);
    const foreign = body.protocol !== 'native';
    if (!foreign && body.topic) problem('topic', 'native devices use the protocol topics; topic is for foreign firmwares');
    if (foreign && !body.topic && body.kind !== 'bridge') problem('topic', `a ${body.protocol} device names its own base topic`);
    const zigbeeSensor = body.protocol === 'zigbee2mqtt' && body.kind !== 'bridge';
    if (zigbeeSensor && !body.bridge) problem('bridge', 'a Zigbee2MQTT sensor names its bridge');
    if (!zigbeeSensor && body.bridge) problem('bridge', 'only Zigbee2MQTT sensors have a bridge');
    if (zigbeeSensor && body.topic && /^bridge(\/|$)|\/availability$/.test(body.topic)) {
      problem('topic', 'a friendly name may not be "bridge…" or end with /availability (Zigbee2MQTT uses those)');
    }
  });

export type DeviceCreateDto = z.infer<typeof DeviceCreateSchema>;
