// A refused call in the manager's language: the API's field errors (`{message, errors:[{field,
// message}]}`) each with the field's label. The API speaks French (errors too), so its reasons are
// shown as they come; a field code inside a reason ("le même jour que validFrom") takes its label,
// and the English page may put a known French reason in English (errorsText.known).
import { ApiError, Unauthorized } from './api.js';
import type { Text } from './i18n.js';

/** One reason: the API's words, with the labels of the form's fields it names. */
function reason(text: Text, message: string): string {
  for (const [pattern, translated] of text.errorsText.known) if (pattern.test(message)) return translated;
  let words = message;
  // Only camelCase codes (validFrom, validUntil): short ones (on, id, name) are also ordinary words.
  for (const [code, label] of Object.entries(text.errorsText.fields)) {
    if (/[A-Z]/.test(code)) words = words.replace(new RegExp(`\\b${code}\\b`, 'g'), `« ${label} »`);
  }
  return words;
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
  return `${error.status === 409 ? text.errorsText.conflict : text.errorsText.failed} ${error.message}`.trim();
}
