// Reading loosely typed firmware JSON: keys in any case, booleans as `true`, `"true"` or `"ON"`,
// numbers as numbers or numeric strings (contract section 2, foreign firmwares).
import type { JsonObject } from '../payload.js';
import { isJsonObject } from '../payload.js';

/** The value of the first key matching one of `names`, ignoring case (`UID`, `uid`, `Uid`). */
export function pick(object: JsonObject, ...names: string[]): unknown {
  const wanted = names.map((name) => name.toLowerCase());
  for (const name of wanted) {
    const key = Object.keys(object).find((candidate) => candidate.toLowerCase() === name);
    if (key !== undefined) return object[key];
  }
  return undefined;
}

export function pickObject(object: JsonObject, ...names: string[]): JsonObject | undefined {
  const value = pick(object, ...names);
  return isJsonObject(value) ? value : undefined;
}

/** `true`/`false`, `"true"`/`"false"`, `"ON"`/`"OFF"`, any case; anything else is undefined. */
export function toBoolean(value: unknown): boolean | undefined {
  if (typeof value === 'boolean') return value;
  if (typeof value !== 'string') return undefined;
  const text = value.trim().toLowerCase();
  if (text === 'true' || text === 'on') return true;
  if (text === 'false' || text === 'off') return false;
  return undefined;
}

export function toNumber(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value))) return Number(value);
  return undefined;
}

/** Battery in %, dropped when outside 0..100 rather than failing the whole message. */
export function toBattery(value: unknown): number | undefined {
  const battery = toNumber(value);
  return battery !== undefined && battery >= 0 && battery <= 100 ? battery : undefined;
}

/** `{ key: value }` when value is defined, `{}` otherwise: keeps optional fields absent, not undefined. */
export function optional<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
}
