/**
 * Test helpers: run an adapter over text or a file and collect what it yields.
 */
import { FORMATS } from '../formats/index.ts';
import type { FormatName } from '../import.schemas.ts';
import type { ParsedItem } from '../import.types.ts';
import { createSource } from '../readers/source.ts';

/**
 * Parses `input` (a path, or file content given as `{ text }`) with the named format.
 * @example const items = await parseWith('wpi', { text: 'World Port Index Number,…' });
 */
export async function parseWith(
  format: FormatName,
  input: string | { text: string | Buffer },
  opts: { includeSmall?: boolean } = {},
): Promise<ParsedItem[]> {
  const adapter = FORMATS[format];
  const file =
    typeof input === 'string'
      ? input
      : (async function* () {
          yield Buffer.from(input.text);
        })();
  const { source, cleanup } = await createSource(file, 'test', adapter.needsFile ?? false, () => {});
  try {
    const out: ParsedItem[] = [];
    for await (const item of adapter.parse(source, { includeSmall: opts.includeSmall ?? false }))
      out.push(item);
    return out;
  } finally {
    cleanup();
  }
}

/** Splits parsed items by outcome. */
export function outcomes(items: ParsedItem[]) {
  return {
    rows: items.flatMap((i) => ('row' in i ? [i.row] : [])),
    errors: items.flatMap((i) => ('error' in i ? [{ line: i.line, error: i.error }] : [])),
    skips: items.flatMap((i) => ('skip' in i ? [i.skip] : [])),
  };
}
