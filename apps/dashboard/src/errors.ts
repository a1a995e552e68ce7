// A refused call in the manager's language: the API's field errors (`{message, errors:[{field,
// message}]}`) each with the field's label, its reason kept when it is already French and replaced
// by a known translation or "valeur invalide" when it is the validator's English ("Invalid validUntil").
import { ApiError, Unauthorized } from './api.js';
import type { Text } from './i18n.js';

const ENGLISH = /\b(expected|must|invalid|only|needs?|too|required|received|string|number|is|the)\b/i;

/** One reason: a known translation, the API's own words when French, else a plain "invalid value". */
function reason(text: Text, message: string): string {
  for (const [pattern, translated] of text.errorsText.known) if (pattern.test(message)) return translated;
  return ENGLISH.test(message) ? text.errorsText.invalidValue : message;
}

export function errorText(text: Text, error: unknown, conflict?: string): string {
  if (error instanceof Unauthorized) return text.sessionExpired;
  if (!(error instanceof ApiError)) return text.unreachable;
  if (error.status === 403) return text.errorsText.forbidden;
  if (error.status === 409 && conflict) return conflict;
  if (error.errors.length > 0) {
    const fields = error.errors.map((e) => `${text.errorsText.fields[e.field] ?? e.field} : ${reason(text, e.message)}`);
    return `${error.status === 409 ? text.errorsText.conflict : text.errorsText.invalid} ${fields.join(' ; ')}`;
  }
  if (error.status === 404) return text.errorsText.notFound;
  if (error.status === 429) return text.errorsText.tooMany;
  // The API's sentences are French except the validator's; an English one gives way to ours.
  const words = ENGLISH.test(error.message) ? '' : ` ${error.message}`;
  return `${error.status === 409 ? text.errorsText.conflict : text.errorsText.failed}${words}`.trim();
}
