/**
 * Locale formatting of the numbers, dates and quantities the PDF prints. French output uses
 * Intl's typographic spaces (U+202F narrow no-break space for thousands and before "%",
 * U+00A0 before units) so a value never wraps in the middle; DejaVu Sans has both glyphs.
 */
import { hectareDigits } from '../../../shared/figures.ts';
import { label } from './pdf-labels.ts';
import type { Lang, ScoreKind, WarningQuantity } from './shortlist-document.ts';

const LOCALE: Record<Lang, string> = { fr: 'fr-FR', en: 'en-GB' };
export const NBSP = '\u00a0';

const numberFormats = new Map<string, Intl.NumberFormat>();
function numberFormat(lang: Lang, options: Intl.NumberFormatOptions): Intl.NumberFormat {
  const key = `${lang}:${JSON.stringify(options)}`;
  let nf = numberFormats.get(key);
  if (!nf) {
    nf = new Intl.NumberFormat(LOCALE[lang], options);
    numberFormats.set(key, nf);
  }
  return nf;
}

/** Grouped number with at most `maxFraction` decimals: `formatNumber('fr', 1234.5)` → `'1 234,5'`. */
export function formatNumber(lang: Lang, value: number, maxFraction = 1): string {
  return numberFormat(lang, { maximumFractionDigits: maxFraction }).format(value);
}

/**
 * Hectares rounded as on the screens (shared/figures.ts: one decimal, none from 100 ha):
 * `formatHa('fr', 12.5)` → `'12,5 ha'`, `formatHa('en', 12.5)` → `'12.5 ha'`.
 */
export function formatHa(lang: Lang, value: number): string {
  return `${formatNumber(lang, value, hectareDigits(value))}${NBSP}ha`;
}

/** Megawatts: `formatMw('fr', 12)` → `'12 MW'`. */
export function formatMw(lang: Lang, value: number): string {
  return `${formatNumber(lang, value, 1)}${NBSP}MW`;
}

/** Euros with the locale's symbol position: `formatEur('fr', 1234)` → `'1 234 €'`, `formatEur('en', 1234)` → `'€1,234'`. */
export function formatEur(lang: Lang, value: number): string {
  return numberFormat(lang, {
    style: 'currency',
    currency: 'EUR',
    minimumFractionDigits: 0,
    maximumFractionDigits: value >= 100 || Number.isInteger(value) ? 0 : 2,
  }).format(value);
}

/** Price per square metre: `formatEurM2('fr', 45)` → `'45 €/m²'`, `formatEurM2('en', 45)` → `'€45/m²'`. */
export function formatEurM2(lang: Lang, value: number): string {
  return `${formatEur(lang, value)}/m²`;
}

/** Large euro amounts in millions: `formatEurMillions('fr', 120e6)` → `'120 M€'`, en → `'€120m'`. */
export function formatEurMillions(lang: Lang, value: number): string {
  const m = value / 1e6;
  if (m < 1) return formatEur(lang, value);
  const n = formatNumber(lang, m, m < 10 ? 1 : 0);
  return lang === 'fr' ? `${n}${NBSP}M€` : `€${n}m`;
}

/** A 0..1 share as a whole percent: `formatPercent('fr', 0.87)` → `'87 %'`, `formatPercent('en', 0.87)` → `'87%'`. */
export function formatPercent(lang: Lang, share: number): string {
  return numberFormat(lang, { style: 'percent', maximumFractionDigits: 0 }).format(share);
}

/**
 * A match score as its method reads: a weighted sum is a share (`formatScore('fr', 0.79,
 * 'weighted_sum')` → '79 %'); a TOPSIS closeness is an index (`formatScore('fr', 0.79,
 * 'topsis_closeness')` → '0,79'). No kind: a weighted sum (snapshots before engine 2.0).
 */
export function formatScore(lang: Lang, score: number, kind: ScoreKind | null | undefined): string {
  return kind === 'topsis_closeness' ? formatNumber(lang, score, 2) : formatPercent(lang, score);
}

/** Distance in kilometres from metres, one decimal under 10 km: `formatKm('fr', 3240)` → `'3,2 km'`. */
export function formatKm(lang: Lang, metres: number): string {
  const km = metres / 1000;
  return `${formatNumber(lang, km, km < 10 ? 1 : 0)}${NBSP}km`;
}

/** Metres below 1 km, else kilometres: `formatDistance('en', 500)` → `'500 m'`, `formatDistance('en', 2000)` → `'2 km'`. */
export function formatDistance(lang: Lang, metres: number): string {
  return metres < 1000 ? `${formatNumber(lang, metres, 0)}${NBSP}m` : formatKm(lang, metres);
}

const dateFormats = new Map<string, Intl.DateTimeFormat>();

function parseIsoDate(iso: string): Date | null {
  const d = /^\d{4}-\d{2}-\d{2}$/.test(iso) ? new Date(`${iso}T00:00:00Z`) : new Date(iso);
  return Number.isNaN(d.getTime()) ? null : d;
}

/**
 * Calendar date in words: `formatDate('fr', '2025-03-01')` → `'1er mars 2025'`, en → `'1 March 2025'`.
 * A timestamp is read as a Europe/Paris date (the agencies' time zone). An invalid string prints as given.
 */
export function formatDate(lang: Lang, iso: string, style: 'long' | 'short' = 'long'): string {
  const d = parseIsoDate(iso);
  if (!d) return iso;
  const timeZone = /^\d{4}-\d{2}-\d{2}$/.test(iso) ? 'UTC' : 'Europe/Paris';
  const key = `${lang}:${style}:${timeZone}`;
  let df = dateFormats.get(key);
  if (!df) {
    df = new Intl.DateTimeFormat(LOCALE[lang], { day: 'numeric', month: style, year: 'numeric', timeZone });
    dateFormats.set(key, df);
  }
  const text = df.format(d);
  // French writes the first of the month as an ordinal: "1er mars 2025".
  return lang === 'fr' ? text.replace(/^1 /, '1er ') : text;
}

/** Whole months from `fromIso` to `toIso` (negative when earlier): `monthsBetween('2026-01-01', '2027-03-01')` → `14`. */
export function monthsBetween(fromIso: string, toIso: string): number {
  const a = parseIsoDate(fromIso);
  const b = parseIsoDate(toIso);
  if (!a || !b) return 0;
  return (b.getUTCFullYear() - a.getUTCFullYear()) * 12 + (b.getUTCMonth() - a.getUTCMonth());
}

/**
 * Voltage with its French domain (HTA 1–50 kV, HTB above, Code du travail R.4534-107; RTE's HTB1
 * 63/90, HTB2 225, HTB3 400):
 * `formatVoltage('fr', 20)` → `'20 kV (HTA)'`, `formatVoltage('en', 0.4)` → `'0.4 kV (LV)'`.
 */
export function formatVoltage(lang: Lang, kv: number): string {
  let domain: string;
  if (kv <= 1) domain = lang === 'fr' ? 'BT' : 'LV';
  else if (kv <= 50) domain = 'HTA';
  else if (kv < 150) domain = 'HTB1';
  else if (kv < 300) domain = 'HTB2';
  else domain = 'HTB3';
  return `${formatNumber(lang, kv, 1)}${NBSP}kV (${domain})`;
}

/** Formats a warning quantity: `{ value: 12, unit: 'MW' }` → `'12 MW'`; `{ date }` → a long date. */
export function formatQuantity(lang: Lang, q: WarningQuantity): string {
  if ('date' in q) return formatDate(lang, q.date);
  switch (q.unit) {
    case 'ha':
      return formatHa(lang, q.value);
    case 'MW':
      return formatMw(lang, q.value);
    case 'km':
      return formatKm(lang, q.value * 1000);
    case 'm':
      return formatDistance(lang, q.value);
    case 'eur_m2':
      return formatEurM2(lang, q.value);
    case 'm3_day':
      return `${formatNumber(lang, q.value, 0)}${NBSP}m³/${lang === 'fr' ? 'j' : 'day'}`;
    case 'months':
      return `${formatNumber(lang, q.value, 0)}${NBSP}${lang === 'fr' ? 'mois' : 'months'}`;
    case 'percent':
      return formatPercent(lang, q.value / 100);
  }
}

/**
 * The gap between what was required and what the site offers, when comparable:
 * `formatGap('fr', { value: 12, unit: 'MW' }, { value: 10, unit: 'MW' })` → `'écart : 2 MW'`;
 * two dates give months late (`'14 mois de retard'`); otherwise `null`.
 */
export function formatGap(lang: Lang, required: WarningQuantity, actual: WarningQuantity): string | null {
  if ('date' in required && 'date' in actual) {
    const months = monthsBetween(required.date, actual.date);
    return months > 0 ? label(lang, 'monthsLate', { n: months }) : null;
  }
  if ('value' in required && 'value' in actual && required.unit === actual.unit) {
    const diff = Math.abs(required.value - actual.value);
    if (diff === 0) return null;
    const colon = lang === 'fr' ? `${NBSP}: ` : ': ';
    return `${label(lang, 'gap')}${colon}${formatQuantity(lang, { value: diff, unit: required.unit })}`;
  }
  return null;
}

/** Département code from an INSEE commune code ("78335" → "78", "97411" → "974"). */
export function departmentCode(insee: string): string {
  return insee.startsWith('97') ? insee.slice(0, 3) : insee.slice(0, 2);
}
