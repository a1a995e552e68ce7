// Path and query parameters of the HTTP API: each route validates its own with these (ZodPipe),
// and /api/docs documents them from the same schemas. Loose where the lookup answers 404 anyway.
import { z } from 'zod';
import { ID_PATTERN } from '../topics.js';

/** A site, door, reader or device id: what the site files and POST /api/devices accept. */
export const IdParam = z.string().regex(ID_PATTERN, 'de 1 à 64 caractères parmi a-z, 0-9 et -');

/** A member, pass or account id (a UUID; anything else is simply unknown: 404). */
export const RecordIdParam = z.string().min(1, 'identifiant vide').max(36, '36 caractères au plus');

/** A badge UID as printed or read (hex or decimal, with or without separators), normalised by the service. */
export const BadgeUidParam = z.string().min(1, 'UID vide').max(64, '64 caractères au plus');

/** The privacy notice's language: French unless English is asked for. */
export const NoticeLangQuery = z.enum(['fr', 'en'], 'fr ou en').optional();
