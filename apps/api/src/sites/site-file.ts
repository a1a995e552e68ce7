// A site file (config/sites/<site>.json) describes one place: hours, zones, doors, desks and the
// floor plan. The service loads every file at startup; managers also send sites through the API.
// See docs/site-file.md.
import fs from 'node:fs';
import path from 'node:path';
import { SiteDefinitionSchema, type FieldError, type SiteDefinition } from '#protocol';
import { ConfigError } from '../infra/config/config-error.js';
import { french } from '../infra/http/zod-body.pipe.js';

/** The site file's shape is libs/protocol's: the site routes validate their bodies with it too. */
export const siteFileSchema = SiteDefinitionSchema;
export type SiteFile = SiteDefinition;

export type SiteCheck = { ok: true; site: SiteFile } | { ok: false; errors: FieldError[] };

/**
 * The one validation of a site, for a file at start and for the site routes: every bad field,
 * named, in French (the schema's own messages are; zod's, translated, as every request's).
 */
export function checkSite(json: unknown): SiteCheck {
  const parsed = SiteDefinitionSchema.safeParse(json, { error: french });
  if (parsed.success) return { ok: true, site: parsed.data };
  const errors = parsed.error.issues.map((issue) => ({
    field: issue.path.length ? issue.path.join('.') : issue.code === 'unrecognized_keys' ? issue.keys.join(', ') : '(site)',
    message: issue.message,
  }));
  return { ok: false, errors };
}

/** Parses one site file's text; a problem names the file and the field. */
export function parseSiteFile(text: string, fileName: string): SiteFile {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new ConfigError('SITES_DIR', `${fileName} is not valid JSON (${(error as Error).message})`);
  }
  const checked = checkSite(json);
  if (!checked.ok) {
    const { field, message } = checked.errors[0]!;
    throw new ConfigError('SITES_DIR', `${fileName}: ${field === '(site)' ? 'the file' : field}: ${message}`);
  }
  return checked.site;
}

/** Loads every `*.json` site file of the folder, in name order. */
export function loadSiteFiles(dir: string): SiteFile[] {
  let names: string[];
  try {
    names = fs.readdirSync(dir).filter((name) => name.endsWith('.json')).sort();
  } catch {
    throw new ConfigError('SITES_DIR', `cannot read the site folder ${dir}`);
  }
  if (names.length === 0) throw new ConfigError('SITES_DIR', `no site file (*.json) in ${dir}`);
  const sites = names.map((name) => parseSiteFile(fs.readFileSync(path.join(dir, name), 'utf8'), name));
  const ids = sites.map((site) => site.id);
  const twice = ids.find((siteId, index) => ids.indexOf(siteId) !== index);
  if (twice) throw new ConfigError('SITES_DIR', `two site files describe the site "${twice}"`);
  return sites;
}

/** The zone every site shares, for the times of the pretty log; undefined when they differ or cannot be read. */
export function sharedTimeZone(dir: string): string | undefined {
  try {
    const zones = new Set(loadSiteFiles(dir).map((site) => site.timezone));
    return zones.size === 1 ? [...zones][0] : undefined;
  } catch {
    return undefined; // startup names the bad site file itself, as a configuration error
  }
}

/** Whether two sites say the same, whatever the order of their keys; an absent field and `undefined` alike. */
export function sameSite(a: SiteFile, b: SiteFile): boolean {
  return canonicalJson(a) === canonicalJson(b);
}

function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, field: unknown) =>
    field && typeof field === 'object' && !Array.isArray(field) ? Object.fromEntries(Object.entries(field).sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0))) : field,
  );
}
