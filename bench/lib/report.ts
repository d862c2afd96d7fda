/**
 * The shape every bench step returns and the Markdown helpers the report is written with.
 */

export interface StepResult {
  /** Short id (`sites-list`, `access`, `tiles`, `bundle`, `match`, …). */
  id: string;
  title: string;
  status: 'ok' | 'skipped' | 'failed';
  /** Why it was skipped or how it failed. */
  message?: string;
  /** Markdown body of the report section (tables and notes). */
  markdown: string;
  /** Machine-readable figures (written to the JSON results). */
  data: Record<string, unknown>;
}

type Cell = string | number | boolean | null | undefined;

/**
 * A Markdown table; numbers are printed as given (round them first).
 * @example table(['zoom', 'p50'], [[14, 12.3]]) // "| zoom | p50 |\n|---|---|\n| 14 | 12.3 |"
 */
export function table(headers: string[], rows: Cell[][]): string {
  const fmt = (c: Cell) => (c === null || c === undefined ? '–' : String(c).replace(/\|/g, '\\|'));
  return [
    `| ${headers.join(' | ')} |`,
    `|${headers.map(() => '---').join('|')}|`,
    ...rows.map((r) => `| ${r.map(fmt).join(' | ')} |`),
  ].join('\n');
}

/** "✅ 12 ms ≤ 30 ms" style verdict for a target. */
export function verdict(ok: boolean): string {
  return ok ? 'met' : '**missed**';
}

/** A skipped step with its reason. */
export function skipped(id: string, title: string, message: string): StepResult {
  return { id, title, status: 'skipped', message, markdown: `_Skipped: ${message}_`, data: {} };
}
