/**
 * Pure logic of the comparison table: which sites are compared (2 to 6, in shortlist order),
 * which rows are worth showing, a cell's value in words, and how often each site is best.
 * The server decides "best" per row (compare API: more area is better, a lower price is
 * better, "available" beats "under option"…); the UI highlights it and counts it.
 */
import { readinessText } from '@api/modules/sites/readiness.ts';
import type { CompareRow } from '../../api/projects.ts';
import type { I18n } from '../../i18n/i18n.tsx';

export const MIN_COMPARED = 2;
export const MAX_COMPARED = 6;

/**
 * Turns one site on or off, keeping the shortlist order and 2..6 sites: removing below 2 or
 * adding a 7th changes nothing. `toggleSite(['a', 'c'], 'b', ['a', 'b', 'c'])` → ['a', 'b', 'c'].
 */
export function toggleSite(selected: readonly string[], siteId: string, order: readonly string[]): string[] {
  const on = selected.includes(siteId);
  if (on && selected.length <= MIN_COMPARED) return [...selected];
  if (!on && selected.length >= MAX_COMPARED) return [...selected];
  const next = new Set(on ? selected.filter((s) => s !== siteId) : [...selected, siteId]);
  return order.filter((id) => next.has(id));
}

/** The sites compared first: the top of the shortlist, up to 6. */
export function initialSelection(order: readonly string[]): string[] {
  return order.slice(0, MAX_COMPARED);
}

const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

/**
 * Rows to show: never a row where no site has a value; with `differencesOnly`, not a row
 * where every site has the same value either.
 */
export function visibleRows(rows: readonly CompareRow[], differencesOnly: boolean): CompareRow[] {
  return rows.filter((r) => {
    const values = r.values.map((c) => c.value);
    if (values.every((v) => v === null || v === undefined)) return false;
    if (differencesOnly && values.every((v) => same(v, values[0]))) return false;
    return true;
  });
}

export const GROUP_ORDER: readonly CompareRow['group'][] = ['summary', 'criterion', 'fact', 'access'];

/** Rows by group, in display order, empty groups left out. */
export function groupRows(
  rows: readonly CompareRow[],
): Array<{ group: CompareRow['group']; rows: CompareRow[] }> {
  return GROUP_ORDER.map((group) => ({ group, rows: rows.filter((r) => r.group === group) })).filter(
    (g) => g.rows.length > 0,
  );
}

/**
 * How many rows each site is best on (scores and criteria included):
 * `bestCounts(rows)` → `Map { siteA => 12, siteB => 5 }`.
 */
export function bestCounts(rows: readonly CompareRow[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const r of rows) {
    for (const c of r.values) {
      if (!counts.has(c.siteId)) counts.set(c.siteId, 0);
      if (c.best) counts.set(c.siteId, (counts.get(c.siteId) ?? 0) + 1);
    }
  }
  return counts;
}

/** Vocabulary rows whose values have translations: row key → message key prefix. */
const VOCABULARY: Record<string, string> = {
  status: 'status.',
  ppriZone: 'risk.ppri.',
  pprtZone: 'risk.pprt.',
  natura2000: 'risk.natura.',
  soilPollution: 'risk.soil.',
  maxIcpeRegime: 'icpe.',
  sevesoAllowed: 'seveso.',
  dataQuality: 'quality.',
};

type Words = Pick<I18n, 't' | 'tx' | 'fmt' | 'lang'>;

/**
 * One cell in words, by the row's unit: `formatCell(scoreRow, 0.8, i18n)` → "80 %",
 * `formatCell(distanceRow, 2500, i18n)` → "2,5 km"; no value → "—".
 */
export function formatCell(
  row: Pick<CompareRow, 'key' | 'unit'>,
  value: unknown,
  { t, tx, fmt, lang }: Words,
): string {
  if (value === null || value === undefined || value === '') return '—';
  // Nothing left is a state of the site (as on its panel), not "0 ha".
  if (row.key === 'availableAreaHa' && value === 0) return t('site.noneAvailable');
  if (typeof value === 'boolean') return value ? t('value.yes') : t('value.no');
  if (typeof value === 'number') {
    switch (row.unit) {
      case 'share':
        return fmt.percent(value > 1 ? value / 100 : value);
      case 'ha':
        return fmt.hectares(value);
      case 'readiness':
        return readinessText(value, lang);
      case 'MW':
        return fmt.megawatts(value);
      case 'EUR/m2':
        return fmt.eurPerM2(value);
      case 'kV':
        return `${fmt.number(value, 0)}\u00a0kV`;
      case 'months':
        return t('value.months', { n: fmt.number(value, 0) });
      case 'm3/day':
        return `${fmt.number(value, 0)}\u00a0m³/${t('unit.day')}`;
      case 'm':
        return fmt.distance(value);
      case 'min':
        return `${fmt.number(value, value < 10 ? 1 : 0)}\u00a0min`;
      case 'people':
        return fmt.number(value, 0);
      default:
        return fmt.number(value);
    }
  }
  if (typeof value === 'string') {
    if (row.unit === 'date') return fmt.date(value);
    const prefix = VOCABULARY[row.key];
    return prefix ? tx(`${prefix}${value}`, value) : value;
  }
  return String(value);
}
