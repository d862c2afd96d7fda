/**
 * Text cells → typed site properties, for the CSV site formats. The target type of each key
 * comes from the field's zod schema in `sites/site.fields.ts`.
 */
import { parseDecimal } from '../import.geo.ts';
import { SITE_FIELD_TYPES } from '../import.validation.ts';

const TRUE = new Set(['true', 'oui', 'yes', 'o', 'y', '1', 'vrai']);
const FALSE = new Set(['false', 'non', 'no', 'n', '0', 'faux']);

/**
 * Reads a yes/no cell (English or French); null when empty, 'invalid' otherwise.
 * @example readBoolean('Oui') // true
 */
function readBoolean(raw: string): boolean | null | 'invalid' {
  const t = raw.trim().toLowerCase();
  if (t === '') return null;
  if (TRUE.has(t)) return true;
  if (FALSE.has(t)) return false;
  return 'invalid';
}

/**
 * Converts one cell to the type of site field `key`; returns the value or an error text.
 * Lists are JSON arrays or values separated by '|'.
 * @example siteCell('availableAreaHa', '12,5') // { value: 12.5 }
 */
export function siteCell(key: string, raw: string): { value: unknown } | { error: string } {
  const t = raw.trim();
  if (t === '') return { value: null };
  switch (SITE_FIELD_TYPES.get(key)) {
    case 'number': {
      const n = parseDecimal(t);
      return n === 'invalid' ? { error: `${key}: '${t}' is not a number` } : { value: n };
    }
    case 'boolean': {
      const b = readBoolean(t);
      return b === 'invalid'
        ? { error: `${key}: '${t}' is not yes/no (oui/non, true/false, 1/0)` }
        : { value: b };
    }
    case 'array':
      if (t.startsWith('[')) {
        try {
          return { value: JSON.parse(t) };
        } catch {
          return { error: `${key}: not a valid JSON array` };
        }
      }
      return {
        value: t
          .split('|')
          .map((s) => s.trim())
          .filter(Boolean),
      };
    default:
      return { value: t };
  }
}
