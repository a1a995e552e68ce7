// Body of PATCH /api/devices/{id} (contract §7): a move to another door or desk, or a new label.
// Anything else a device was provisioned with (id, kind, site, protocol, topic) stays: a device
// with other ones is another device (DELETE, then POST).
import { z } from 'zod';
import { ID_PATTERN } from '#protocol';

const id = z.string('texte attendu').regex(ID_PATTERN, 'de 1 à 64 caractères parmi a-z, 0-9 et -');

const editable = ['door', 'desk', 'name'];

export const DeviceUpdateSchema = z
  .looseObject({
    door: id.optional(),
    desk: id.optional(),
    /** Free text for the manager's screens; "" removes it. */
    name: z
      .string('texte attendu')
      .max(100, '100 caractères au plus')
      .refine((value) => !/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/.test(value), 'caractère de contrôle interdit')
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
