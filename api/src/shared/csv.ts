/**
 * CSV cells and records for every CSV the API writes (RFC 4180: comma, CRLF, fields with `"`
 * `,` or a line break quoted, quotes doubled).
 */

/**
 * Text refused at write because a spreadsheet opening an export would run it (OWASP "CSV
 * injection"): a leading `=`, or a leading `+`, `-` or `@` followed by a letter, a bracket or
 * another operator (`+HYPERLINK(…)`, `-cmd|…`, `@SUM(…)`). Numbers and phone numbers
 * (`-5 m²`, `+33 1 23 45 67 89`) stay allowed. The policy (issue 14): such text never gets
 * stored, by the API, the importers or the CLI, so every export (plain CSV, SITE-ECO CSV,
 * GeoJSON, PDF) writes stored values; the plain CSV keeps its apostrophe guard for rows
 * written before the rule.
 * @example looksLikeFormula('=WEBSERVICE("http://x")') // true
 * @example looksLikeFormula('+33 1 23 45 67 89') // false
 */
export function looksLikeFormula(text: string): boolean {
  if (/^\s*(=|[+\-@]\s*[\p{L}(=+\-@"'|])/u.test(text)) return true;
  // `-2+cmd|' /C calc'!A0`, `+1+HYPERLINK(…)`: a sign, then a pipe (DDE) or a function call.
  return /^\s*[+\-@]/.test(text) && /\||[\p{L}_][\p{L}\d_.]*\s*\(/u.test(text);
}

export const FORMULA_MESSAGE =
  'must not start like a spreadsheet formula (=, or +, - or @ before a letter or bracket); reword it or remove the leading sign';

/** Cells a spreadsheet would run as a formula (OWASP "CSV injection"). */
const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * `true`: every text starting with = + - @ tab or CR gets an apostrophe (tables made for
 * spreadsheets); `'formulas'`: only text `looksLikeFormula` calls a formula (exchange formats,
 * whose phone numbers and signed values must stay exact); `false`: none.
 */
export type CsvGuard = boolean | 'formulas';

/**
 * One CSV field. With `guard`, text that a spreadsheet would evaluate gets a leading
 * apostrophe; numbers are never touched (a negative number is data, not a formula). Objects
 * and arrays are written as JSON.
 * @example csvField('=1+1', true) // "'=1+1"
 * @example csvField('a "b", c', false) // '"a ""b"", c"'
 */
export function csvField(value: unknown, guard: CsvGuard, separator: ',' | ';' = ','): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  if (typeof value === 'boolean') return String(value);
  let s = typeof value === 'string' ? value : JSON.stringify(value);
  if ((guard === true && FORMULA_START.test(s)) || (guard === 'formulas' && looksLikeFormula(s))) s = `'${s}`;
  return /["\r\n]/.test(s) || s.includes(separator) ? `"${s.replace(/"/g, '""')}"` : s;
}

/**
 * One CSV record with its CRLF line end; `separator` `;` for the French human tables (what a
 * spreadsheet set to French expects, since `,` is its decimal mark).
 */
export function csvLine(cells: readonly unknown[], guard: CsvGuard, separator: ',' | ';' = ','): string {
  return `${cells.map((c) => csvField(c, guard, separator)).join(separator)}\r\n`;
}
