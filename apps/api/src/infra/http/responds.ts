// Declares what a route answers, as a zod schema from libs/protocol: /api/docs shows it
// (infra/http/openapi.ts) and the handler's return type is z.infer of the same schema.
import { SetMetadata } from '@nestjs/common';
import type { z } from 'zod';

export const RESPONDS_METADATA = 'cantine:responds';

export interface RespondsWith {
  status: number;
  schema?: z.ZodType;
  /** e.g. the `X-Total-Count` of a paged list. */
  headers?: Record<string, string>;
  /** `application/json` unless the route sends a page or a file (the privacy notice's HTML). */
  mediaType?: string;
}

export const Responds = (status: number, schema?: z.ZodType, headers?: Record<string, string>, mediaType?: string) =>
  SetMetadata<string, RespondsWith>(
    RESPONDS_METADATA,
    { status, ...(schema ? { schema } : {}), ...(headers ? { headers } : {}), ...(mediaType ? { mediaType } : {}) },
  );
