// Bodies of POST /api/devices (contract §3) and PATCH /api/devices/{id} (§7): the API validates
// with them (ZodPipe), /api/docs documents them, the dashboard types its forms with them. Rules
// that need no database are checked here, so the 400 names the field; rules that need the site
// (door, desk, bridge) are the service's.
import { z } from 'zod';
import { ID_PATTERN } from '../topics.js';
import { CONTROL_CHARACTERS, idProblem, topicProblem } from './device-fields.js';
import { DeskSensorTypeSchema, DeviceKindSchema, DeviceProtocolSchema } from './devices.js';

/**
 * An esp-rfid hostname or door name, as its web UI lets one type it: no control character. The
 * pattern takes "" so an empty name is told only that it is empty.
 */
const peerName = z.string('texte attendu').min(1, 'au moins un caractère').max(64, 'au plus 64 caractères').regex(/^[^\u0000-\u001f\u007f]*$/, 'sans caractère de contrôle');

const id = z.string('texte attendu').regex(ID_PATTERN, 'de 1 à 64 caractères parmi a-z, 0-9 et -');

export const DeviceCreateSchema = z
  .object({
    id: z.string('texte attendu').superRefine((value, ctx) => {
      const problem = idProblem(value);
      if (problem) ctx.addIssue({ code: 'custom', message: problem });
    }),
    kind: DeviceKindSchema,
    site: id,
    protocol: DeviceProtocolSchema,
    door: id.optional(),
    desk: id.optional(),
    topic: z.string('texte attendu').optional(),
    bridge: id.optional(),
    /** Optional addition to the contract: how a reader prints card numbers (esp-rfid on Wiegand: `decimal`). */
    uidFormat: z.enum(['auto', 'hex', 'decimal']).optional(),
    /** Optional additions: esp-rfid readers sharing one topic are told apart by these names from their payloads. */
    hostname: peerName.optional(),
    doorName: peerName.optional(),
    /** Optional addition: a desk sensor's kind (pir, radar, contact, pressure), which sets the desk's hold. */
    sensor: DeskSensorTypeSchema.optional(),
    /**
     * Optional addition: a foreign reader on a multi-relay board opens only relay `relay` (Tasmota
     * `POWER<n>`, 1-32; esp-rfid dev's `open` command, 1-4). Unset: Tasmota relay 1, esp-rfid every relay.
     */
    relay: z.number('nombre attendu').int('nombre entier attendu').min(1, 'à partir de 1').max(32, 'au plus 32 (Tasmota)').optional(),
  })
  .superRefine((body, ctx) => {
    const problem = (path: string, message: string) => ctx.addIssue({ code: 'custom', path: [path], message });
    const topicIssue = body.topic === undefined ? null : topicProblem(body.topic, body.protocol, body.kind);
    if (topicIssue) problem('topic', topicIssue);
    if ((body.kind === 'reader' || body.kind === 'door-sensor') && !body.door) problem('door', `un ${body.kind} indique sa porte`);
    if (body.kind === 'desk-sensor' && !body.desk) problem('desk', 'un desk-sensor indique son bureau');
    if (body.kind !== 'desk-sensor' && body.desk) problem('desk', `un ${body.kind} n’a pas de bureau`);
    if ((body.kind === 'desk-sensor' || body.kind === 'bridge') && body.door) problem('door', `un ${body.kind} n’a pas de porte`);
    const kinds: Record<string, string[]> = {
      native: ['reader', 'desk-sensor', 'door-sensor'],
      'esp-rfid': ['reader'],
      tasmota: ['reader'],
      zigbee2mqtt: ['desk-sensor', 'door-sensor', 'bridge'],
    };
    if (!kinds[body.protocol]!.includes(body.kind)) problem('kind', `un appareil ${body.protocol} est l’un de : ${kinds[body.protocol]!.join(', ')}`);
    const foreign = body.protocol !== 'native';
    if (!foreign && body.topic) problem('topic', 'les appareils natifs utilisent les sujets du protocole ; topic est pour les firmwares tiers');
    if (foreign && !body.topic && body.kind !== 'bridge') problem('topic', `un appareil ${body.protocol} indique son propre sujet de base`);
    for (const field of ['hostname', 'doorName'] as const) {
      if (body[field] !== undefined && !(body.protocol === 'esp-rfid' && body.kind === 'reader')) problem(field, 'seuls les lecteurs esp-rfid partagent un sujet');
    }
    if (body.sensor !== undefined && body.kind !== 'desk-sensor') problem('sensor', 'seul un desk-sensor a un type de capteur');
    if (body.relay !== undefined && !(body.kind === 'reader' && (body.protocol === 'tasmota' || body.protocol === 'esp-rfid'))) {
      problem('relay', 'seuls les lecteurs Tasmota et esp-rfid commandent un relais');
    }
    if (body.relay !== undefined && body.protocol === 'esp-rfid' && body.relay > 4) problem('relay', 'esp-rfid commande au plus 4 relais');
    const zigbeeSensor = body.protocol === 'zigbee2mqtt' && body.kind !== 'bridge';
    if (zigbeeSensor && !body.bridge) problem('bridge', 'un capteur Zigbee2MQTT indique son pont (bridge)');
    if (!zigbeeSensor && body.bridge) problem('bridge', 'seuls les capteurs Zigbee2MQTT ont un pont (bridge)');
    if (zigbeeSensor && body.topic && /^bridge(\/|$)|\/availability$/.test(body.topic)) {
      problem('topic', 'un nom Zigbee2MQTT ne commence pas par « bridge » et ne finit pas par /availability (Zigbee2MQTT les utilise)');
    }
  });

export type DeviceCreateDto = z.infer<typeof DeviceCreateSchema>;

// PATCH: a move to another door or desk, or a new label. Anything else a device was provisioned
// with (id, kind, site, protocol, topic) stays: a device with other ones is another device.
const editable = ['door', 'desk', 'name'];

export const DeviceUpdateSchema = z
  .looseObject({
    door: id.optional(),
    desk: id.optional(),
    /** Free text for the manager's screens; "" removes it. */
    name: z
      .string('texte attendu')
      .max(100, '100 caractères au plus')
      .refine((value) => !CONTROL_CHARACTERS.test(value), 'caractère de contrôle interdit')
      .transform((value) => value.trim())
      .optional(),
  })
  .superRefine((body, ctx) => {
    // Each field that cannot change is named, so the 400 says which one was refused.
    for (const key of Object.keys(body).filter((key) => !editable.includes(key))) {
      ctx.addIssue({ code: 'custom', path: [key], message: 'ne se modifie pas : seuls door, desk et name se modifient' });
    }
    if (body.door === undefined && body.desk === undefined && body.name === undefined) {
      ctx.addIssue({ code: 'custom', path: [], message: 'rien à modifier : door, desk ou name' });
    }
  })
  .transform(({ door, desk, name }) => ({ door, desk, name }));

export type DeviceUpdateDto = z.infer<typeof DeviceUpdateSchema>;
/** What a client sends (before the trim and the pick of the editable fields). */
export type DeviceUpdateBody = z.input<typeof DeviceUpdateSchema>;
