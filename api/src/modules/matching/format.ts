/**
 * Number, distance and date formatting for the bilingual reasons. Written by hand instead of
 * Intl so that a reason is byte-identical across Node/ICU versions (the fixture tests compare
 * reasons exactly, and the same input must give the same output).
 */
export type Lang = 'fr' | 'en';

/** A text in both languages. */
export type Bilingual = { fr: string; en: string };

const NBSP = '\u00a0';

/**
 * `fmtNum(7.5, 'fr')` → '7,5'; `fmtNum(12000, 'fr')` → '12 000' (no-break space);
 * `fmtNum(12000, 'en')` → '12,000'; trailing zeros are dropped.
 */
export function fmtNum(n: number, lang: Lang, maxDecimals = 1): string {
  const factor = 10 ** maxDecimals;
  const rounded = Math.round(Math.abs(n) * factor) / factor;
  const [int, frac = ''] = rounded.toFixed(maxDecimals).split('.');
  const trimmed = frac.replace(/0+$/, '');
  const grouped = int.replace(/\B(?=(\d{3})+(?!\d))/g, lang === 'fr' ? NBSP : ',');
  const sign = n < 0 && rounded !== 0 ? '-' : '';
  return sign + grouped + (trimmed ? (lang === 'fr' ? ',' : '.') + trimmed : '');
}

/** Kilometres from metres, one decimal under 10 km: `fmtKm(4230, 'fr')` → '4,2 km'; 18400 → '18 km'. */
export function fmtKm(distanceM: number, lang: Lang): string {
  const km = distanceM / 1000;
  return `${fmtNum(km, lang, km < 10 ? 1 : 0)} km`;
}

/** `fmtDate('2026-03-01', 'fr')` → '01/03/2026'; in English the ISO date is kept. */
export function fmtDate(iso: string, lang: Lang): string {
  if (lang === 'en') return iso;
  const [y, m, d] = iso.split('-');
  return `${d}/${m}/${y}`;
}

/** Percentage of a share: `fmtPct(0.8, 'fr')` → '80 %', `fmtPct(0.8, 'en')` → '80%'. */
export function fmtPct(share: number, lang: Lang): string {
  const v = fmtNum(share * 100, lang, 0);
  return lang === 'fr' ? `${v}${NBSP}%` : `${v}%`;
}

/** Whole months, at least 1 when positive: `fmtMonths(29, 'fr')` → '29 mois'. */
export function fmtMonths(months: number, lang: Lang): string {
  const m = Math.round(months);
  if (lang === 'fr') return `${m} mois`;
  return `${m} month${m === 1 ? '' : 's'}`;
}

/** Builds both languages from one template function: `bi((l) => fmtNum(3, l))`. */
export function bi(make: (lang: Lang) => string): Bilingual {
  return { fr: make('fr'), en: make('en') };
}

/** Normalises a date that may come from the driver as a Date into YYYY-MM-DD (UTC). */
export function toIsoDate(v: string | Date | null | undefined): string | null {
  if (v === null || v === undefined) return null;
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? null : v.toISOString().slice(0, 10);
  return /^\d{4}-\d{2}-\d{2}/.test(v) ? v.slice(0, 10) : null;
}

/** Whole days from a to b (ISO dates): `daysBetween('2026-01-01', '2026-03-01')` → 59. */
export function daysBetween(a: string, b: string): number {
  return Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / 86_400_000);
}

/** Colon with French typography: `colon('fr')` → ' : ' (no-break space before), `colon('en')` → ': '. */
export function colon(l: Lang): string {
  return l === 'fr' ? `${NBSP}: ` : ': ';
}

/** Semicolon separator with French typography: `sep('fr')` → ' ; ', `sep('en')` → '; '. */
export function sep(l: Lang): string {
  return l === 'fr' ? `${NBSP}; ` : '; ';
}

/**
 * Formats two quantities with enough decimals (from `decimals` up to 3) that different values
 * never print the same, so a text never contradicts its test ("10,3 km pour 10 km max", not
 * "10 km, max 10 km"): `fmtApart(10.3, 10, 'fr', 0)` → ['10,3', '10'].
 */
export function fmtApart(a: number, b: number, lang: Lang, decimals = 1): [string, string] {
  let d = decimals;
  while (d < 3 && a !== b && fmtNum(a, lang, d) === fmtNum(b, lang, d)) d++;
  return [fmtNum(a, lang, d), fmtNum(b, lang, d)];
}

/** Kilometres of two distances in metres, apart: `fmtKmApart(10300, 10000, 'fr')` → ['10,3 km', '10 km']. */
export function fmtKmApart(aM: number, bM: number, lang: Lang): [string, string] {
  const km = Math.max(aM, bM) / 1000;
  const [x, y] = fmtApart(aM / 1000, bM / 1000, lang, km < 10 ? 1 : 0);
  return [`${x} km`, `${y} km`];
}

/**
 * A delay in days, in words: under 60 days in days, else in months with one decimal:
 * `fmtDelayDays(1, 'fr')` → '1 jour'; `fmtDelayDays(107, 'en')` → '3.5 months'.
 */
export function fmtDelayDays(days: number, lang: Lang): string {
  if (days < 60) {
    const d = Math.round(days);
    return lang === 'fr' ? `${d} jour${d > 1 ? 's' : ''}` : `${d} day${d === 1 ? '' : 's'}`;
  }
  const m = fmtNum(days / 30.4375, lang, 1);
  return lang === 'fr' ? `${m} mois` : `${m} months`;
}
