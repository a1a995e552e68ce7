// The site's layout: from the service (`GET /api/sites/{site}`, public) or, when it cannot be
// reached, from the site file the service itself reads (config/sites/{site}.json).
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';

const LayoutSchema = z.object({
  id: z.string(),
  timezone: z.string(),
  doors: z.array(z.object({ id: z.string(), zone: z.string().optional() })),
  desks: z.array(z.object({ id: z.string(), zone: z.string().optional(), label: z.string().optional() })),
});
export type SiteLayout = z.infer<typeof LayoutSchema>;

/** firmware-sim/src or dist/firmware-sim/src: the repository's config/ is two or three levels up. */
function siteFileCandidates(site: string): string[] {
  const here = path.dirname(fileURLToPath(import.meta.url));
  return [process.cwd(), path.resolve(here, '../..'), path.resolve(here, '../../..')].map((root) => path.join(root, 'config', 'sites', `${site}.json`));
}

export function readSiteFile(site: string): SiteLayout | undefined {
  const file = siteFileCandidates(site).find((candidate) => fs.existsSync(candidate));
  return file === undefined ? undefined : LayoutSchema.parse(JSON.parse(fs.readFileSync(file, 'utf8')));
}

export async function loadLayout(apiBase: string | undefined, site: string): Promise<SiteLayout> {
  if (apiBase !== undefined) {
    try {
      const response = await fetch(new URL(`/api/sites/${encodeURIComponent(site)}`, apiBase));
      if (response.ok) return LayoutSchema.parse(await response.json());
      if (response.status === 404) throw new Error(`the service at ${apiBase} has no site "${site}"`);
    } catch (error) {
      if (error instanceof Error && error.message.startsWith('the service')) throw error;
      // Unreachable service: fall back to the site file below.
    }
  }
  const layout = readSiteFile(site);
  if (layout === undefined) throw new Error(`site "${site}": neither the API nor config/sites/${site}.json could describe it`);
  return layout;
}
