import { BadRequestException } from '@nestjs/common';
import { SiteDefinitionSchema } from '#protocol';
import { ZodPipe } from '../infra/http/zod-body.pipe.js';
import { checkSite } from './site-file.js';
import type { Site } from './site.types.js';

/**
 * A site sent to the API is checked by the very function that checks a site file at start
 * (checkSite); extending ZodPipe keeps the schema visible to /api/docs (infra/http/route-schemas.ts).
 */
export class SiteBodyPipe extends ZodPipe<typeof SiteDefinitionSchema> {
  constructor() {
    super(SiteDefinitionSchema);
  }

  override transform(value: unknown): Site {
    const checked = checkSite(value ?? {});
    if (checked.ok) return checked.site;
    throw new BadRequestException({ message: `Site invalide : ${checked.errors.map((e) => e.field).join(', ')}`, errors: checked.errors });
  }
}
