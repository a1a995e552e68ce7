// The one CSV writer (statements, the access journal): written for Excel in a French locale, which
// opens a double-clicked file without an import dialog only if fields are separated by `;` (`,` is
// the decimal mark), the file starts with a UTF-8 byte-order mark (else "Journée" shows as
// "JournÃ©e"), and lines end with CRLF (RFC 4180).
//
// Text from members and devices must not become a live formula in the manager's spreadsheet
// (OWASP "CSV injection"): a cell starting with = + - @ tab or carriage return is prefixed with a
// quote. A plain number ("-5,00", "+3") is left alone: it cannot be a formula, and a prefix would
// turn a refund into text.

export type CsvCell = string | number | boolean | null | undefined;

const BOM = '\uFEFF';
const SEPARATOR = ';';
const NEWLINE = '\r\n';
const FORMULA_START = /^[=+\-@\t\r]/;
const PLAIN_NUMBER = /^[+-]?\d+([.,]\d+)?$/;
// A comma too: a file opened with another list separator must not split a field.
const NEEDS_QUOTES = /[",;\r\n]/;

/** A whole file: BOM, the header, then one CRLF-terminated line per row. */
export function toCsv(header: readonly string[], rows: readonly (readonly CsvCell[])[]): string {
  return BOM + [header, ...rows].map((row) => row.map(csvField).join(SEPARATOR) + NEWLINE).join('');
}

/** One field: empty for null, formulas defused, quoted when it holds a quote, separator or line break. */
export function csvField(value: CsvCell): string {
  if (value === null || value === undefined) return '';
  const raw = String(value);
  const text = FORMULA_START.test(raw) && !PLAIN_NUMBER.test(raw) ? `'${raw}` : raw;
  return NEEDS_QUOTES.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}
