import type { SiteFile } from './site-file.js';

/** A site as the service knows it: exactly what its site file describes. */
export type Site = SiteFile;
export type Desk = Site['desks'][number];
export type Door = Site['doors'][number];
export type Zone = Site['zones'][number];
