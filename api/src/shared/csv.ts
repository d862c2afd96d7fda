/**
 * CSV cells and records for every CSV the API writes (RFC 4180: comma, CRLF, fields with `"`
 * `,` or a line break quoted, quotes doubled).
 */

/** Cells a spreadsheet would run as a formula (OWASP "CSV injection"). */
const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * One CSV field. With `guard`, text that a spreadsheet would evaluate gets a leading
 * apostrophe; numbers are never touched (a negative number is data, not a formula). Objects
 * and arrays are written as JSON.
 * @example csvField('=1+1', true) // "'=1+1"
 * @example csvField('a "b", c', false) // '"a ""b"", c"'
 */
export function csvField(value: unknown, guard: boolean): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  if (typeof value === 'boolean') return String(value);
  let s = typeof value === 'string' ? value : JSON.stringify(value);
  if (guard && FORMULA_START.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** One CSV record with its CRLF line end. */
export function csvLine(cells: readonly unknown[], guard: boolean): string {
  return `${cells.map((c) => csvField(c, guard)).join(',')}\r\n`;
}
