/**
 * Small helpers shared by the format adapters (building checked rows, reading cells).
 */

import type { InfrastructureRow } from '../../infrastructure/infrastructure.import-writer.ts';
import type { ParsedItem } from '../import.types.ts';
import { validateInfrastructure } from '../import.validation.ts';

/**
 * Validates an infrastructure candidate and wraps it as a parsed item for `line`.
 * @example infraItem(12, { kind: 'airport', … }) // { line: 12, row: { target: 'infrastructure', value } }
 */
export function infraItem(line: number, candidate: InfrastructureRow): ParsedItem {
  const r = validateInfrastructure(candidate);
  return 'error' in r ? { line, error: r.error } : { line, row: { target: 'infrastructure', value: r.row } };
}

/**
 * Trimmed cell text, '' when absent.
 * @example cell({ a: ' x ' }, 'a') // 'x'
 */
export function cell(record: Record<string, string>, key: string): string {
  return (record[key] ?? '').trim();
}

/**
 * A number cell where the file writes "unknown" as 0 or blank (the WPI does): null then.
 * @example positiveOrNull('0.0') // null
 */
export function positiveOrNull(raw: string): number | null {
  const n = Number(raw.trim());
  return raw.trim() !== '' && Number.isFinite(n) && n > 0 ? n : null;
}
