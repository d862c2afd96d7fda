/**
 * Small helpers shared by the format adapters (building checked rows, reading cells, the
 * record loop of a CSV infrastructure format).
 */

import type { InfrastructureRow } from '../../infrastructure/infrastructure.import-writer.ts';
import type { AdapterOptions, FormatAdapter, ParsedItem } from '../import.types.ts';
import { validateInfrastructure } from '../import.validation.ts';
import { type CsvOpenOptions, openCsv } from '../readers/csv-reader.ts';

/**
 * An infrastructure format read from one CSV file, one item per record: the reader's record
 * errors pass through, `toItem` turns every other record into a row, an error or a skip.
 * @example csvInfrastructureFormat({ name: 'wpi', description: '…' }, { delimiter: ',', required: ['Latitude'] }, toItem)
 */
export function csvInfrastructureFormat(
  format: Pick<FormatAdapter, 'name' | 'description'>,
  csv: CsvOpenOptions,
  toItem: (record: Record<string, string>, line: number, opts: AdapterOptions) => ParsedItem,
): FormatAdapter {
  return {
    ...format,
    target: 'infrastructure',
    async *parse(source, opts): AsyncIterable<ParsedItem> {
      const file = await openCsv(source.open(), csv);
      for await (const item of file.rows) yield 'error' in item ? item : toItem(item.record, item.line, opts);
    },
  };
}

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
