/**
 * Streaming CSV reading with the checks every CSV format shares: empty file, wrong delimiter,
 * missing columns (named), rows with a wrong number of fields, syntax errors with a line.
 */
import { Readable } from 'node:stream';
import { parse } from 'csv-parse';
import { ImportFileError, peek } from './source.ts';

export type Delimiter = ',' | ';' | '\t';

export interface CsvOpenOptions {
  /** The delimiter the format uses, or 'auto' to take the most frequent one in the header. */
  delimiter: Delimiter | 'auto';
  /** Columns that must be in the header (exact names after trimming). */
  required: readonly string[];
}

export type CsvItem = { line: number; record: Record<string, string> } | { line: number; error: string };

export interface CsvFile {
  header: string[];
  delimiter: Delimiter;
  rows: AsyncIterable<CsvItem>;
}

const CANDIDATES: Delimiter[] = [',', ';', '\t'];
const show = (d: string) => (d === '\t' ? 'tab' : `'${d}'`);

function countOutsideQuotes(line: string, ch: string): number {
  let n = 0;
  let quoted = false;
  for (const c of line) {
    if (c === '"') quoted = !quoted;
    else if (c === ch && !quoted) n++;
  }
  return n;
}

/**
 * Opens a CSV stream: checks the header, then yields one item per data record with its
 * 1-based starting line.
 * @example const csv = await openCsv(source.open(), { delimiter: ';', required: ['code_uic'] });
 */
export async function openCsv(chunks: AsyncIterable<Buffer>, opts: CsvOpenOptions): Promise<CsvFile> {
  const { head, rest } = await peek(chunks, 64 * 1024);
  let text = head.toString('utf8');
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  if (text.trim() === '') throw new ImportFileError('the file is empty');
  const firstLine = text.split(/\r?\n/, 1)[0];
  if (firstLine.includes('\uFFFD')) {
    throw new ImportFileError(
      'the header is not valid UTF-8; save the file as UTF-8 (e.g. from LibreOffice: CSV, UTF-8)',
    );
  }

  const counts = new Map(CANDIDATES.map((d) => [d, countOutsideQuotes(firstLine, d)]));
  let delimiter: Delimiter;
  if (opts.delimiter === 'auto') {
    delimiter = CANDIDATES.reduce(
      (best, d) => (counts.get(d)! > counts.get(best)! ? d : best),
      ',' as Delimiter,
    );
  } else {
    delimiter = opts.delimiter;
    if (counts.get(delimiter) === 0 && opts.required.length > 1) {
      const other = CANDIDATES.find((d) => counts.get(d)! > 0);
      throw new ImportFileError(
        `expected ${show(delimiter)} as delimiter` +
          (other
            ? `, but the header is separated by ${show(other)}`
            : ', but the header has a single column') +
          `: save the file with ${show(delimiter)} between columns`,
      );
    }
  }

  const parser = Readable.from(rest).pipe(
    parse({
      delimiter,
      bom: true,
      info: true,
      relax_column_count: true,
      skip_empty_lines: true,
    }),
  );
  const it = parser[Symbol.asyncIterator]() as AsyncIterator<{
    record: string[];
    info: { lines: number; empty_lines: number };
  }>;

  let first: IteratorResult<{ record: string[]; info: { lines: number; empty_lines: number } }>;
  try {
    first = await it.next();
  } catch (err) {
    throw syntaxError(err);
  }
  if (first.done) throw new ImportFileError('the file is empty');
  const header = first.value.record.map((h) => h.trim());
  const seen = new Set<string>();
  for (const h of header) {
    if (seen.has(h) && h !== '') throw new ImportFileError(`the header names column '${h}' twice`);
    seen.add(h);
  }
  const missing = opts.required.filter((c) => !seen.has(c));
  if (missing.length > 0) {
    throw new ImportFileError(
      `missing column${missing.length > 1 ? 's' : ''}: ${missing.join(', ')} (the header has: ${header.join(', ')})`,
    );
  }

  async function* rows(): AsyncIterable<CsvItem> {
    let prevEnd = first.done ? 0 : first.value.info.lines;
    let prevEmpty = first.done ? 0 : first.value.info.empty_lines;
    let n = 0;
    for (;;) {
      let r: IteratorResult<{ record: string[]; info: { lines: number; empty_lines: number } }>;
      try {
        r = await it.next();
      } catch (err) {
        throw syntaxError(err);
      }
      if (r.done) break;
      const { record, info } = r.value;
      // csv-parse reports the line where a record ends; a quoted field may span lines.
      const line = prevEnd + 1 + (info.empty_lines - prevEmpty);
      prevEnd = info.lines;
      prevEmpty = info.empty_lines;
      n++;
      if (record.length !== header.length) {
        yield { line, error: `expected ${header.length} fields, found ${record.length}` };
        continue;
      }
      const obj: Record<string, string> = {};
      for (let i = 0; i < header.length; i++) obj[header[i]] = record[i];
      yield { line, record: obj };
    }
    if (n === 0) throw new ImportFileError('the file has a header but no data rows');
  }

  return { header, delimiter, rows: rows() };
}

function syntaxError(err: unknown): ImportFileError {
  const e = err as { message?: string; lines?: number };
  return new ImportFileError(
    `CSV syntax error${e.lines ? ` near line ${e.lines}` : ''}: ${e.message ?? String(err)}`,
  );
}
