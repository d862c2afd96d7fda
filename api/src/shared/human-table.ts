/**
 * Human CSV tables: column titles and values in the reader's language (names, labels, yes/no,
 * percentages, numbers with the language's decimal mark), next to the machine CSVs that keep
 * codes and raw numbers under stable column names. French tables use `;` between cells, since
 * a spreadsheet set to French reads `,` as the decimal mark; English ones use `,`. UTF-8 BOM
 * and CRLF as the other CSVs (shared/csv.ts), and every text cell guarded against formulas.
 */
import { DEPARTMENT_BY_CODE, REGION_BY_CODE } from '../modules/matching/geo-codes.ts';
import { csvLine } from './csv.ts';

export type TableLang = 'fr' | 'en';

const LOCALES: Record<TableLang, string> = { fr: 'fr-FR', en: 'en-GB' };

/** Formatters of one language for table cells. */
export interface CellFormat {
  lang: TableLang;
  separator: ',' | ';';
  /** `number(12.5)` → '12,5' in French; no thousands separator, so spreadsheets read it back. */
  number(n: number | null | undefined, maxDigits?: number): string | null;
  /** A 0..1 share: `percent(0.804208)` → '80 %' (French), '80%' (English). */
  percent(share: number | null | undefined): string | null;
  yesNo(b: boolean | null | undefined): string | null;
  /** An ISO date or timestamp as a day: '01/03/2026'. */
  date(iso: string | null | undefined): string | null;
}

export function cellFormat(lang: TableLang): CellFormat {
  const nf = (max: number) =>
    new Intl.NumberFormat(LOCALES[lang], { maximumFractionDigits: max, useGrouping: false });
  const df = new Intl.DateTimeFormat(LOCALES[lang], {
    day: '2-digit',
    month: '2-digit',
    year: 'numeric',
    timeZone: 'UTC',
  });
  const finite = (n: unknown): n is number => typeof n === 'number' && Number.isFinite(n);
  return {
    lang,
    separator: lang === 'fr' ? ';' : ',',
    number: (n, max = 2) => (finite(n) ? nf(max).format(n) : null),
    percent: (share) =>
      finite(share) ? `${Math.round(share * 100)}${lang === 'fr' ? '\u00a0%' : '%'}` : null,
    yesNo: (b) => (typeof b === 'boolean' ? (lang === 'fr' ? (b ? 'Oui' : 'Non') : b ? 'Yes' : 'No') : null),
    date: (iso) => {
      if (!iso) return null;
      const d = new Date(iso.length === 10 ? `${iso}T00:00:00Z` : iso);
      return Number.isNaN(d.getTime()) ? iso : df.format(d);
    },
  };
}

/** `regionName('44')` → 'Grand Est'; an unknown code stays as is. */
export function regionName(code: unknown): string | null {
  if (typeof code !== 'string' || !code) return null;
  return REGION_BY_CODE.get(code)?.name ?? code;
}

/** `departmentName('57')` → 'Moselle (57)': the name, and the number people also use. */
export function departmentName(code: unknown): string | null {
  if (typeof code !== 'string' || !code) return null;
  const d = DEPARTMENT_BY_CODE.get(code);
  return d ? `${d.name} (${code})` : code;
}

/** The header line, then one line per row (BOM first), separated as the language expects. */
export function* humanCsvLines(
  header: readonly string[],
  rows: Iterable<readonly unknown[]>,
  lang: TableLang,
): Generator<string> {
  const sep = cellFormat(lang).separator;
  yield `\uFEFF${csvLine(header, true, sep)}`;
  for (const r of rows) yield csvLine(r, true, sep);
}

/** A whole human table as one string: `humanCsv(['Nom'], [['Parc']], 'fr')`. */
export function humanCsv(
  header: readonly string[],
  rows: Iterable<readonly unknown[]>,
  lang: TableLang,
): string {
  return [...humanCsvLines(header, rows, lang)].join('');
}
