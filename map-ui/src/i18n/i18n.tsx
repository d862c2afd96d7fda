/**
 * Translations and locale formatting. Every UI string lives in fr.json / en.json (same keys,
 * unit-tested); `t('key', { name })` fills `{name}` placeholders; `tp('key', n)` picks
 * `key_one` / `key_other` with the locale's plural rules (French: 0 and 1 are singular).
 * Numbers and dates go through Intl, so "12,5 ha" in French and "12.5 ha" in English.
 */
import { hectareDigits } from '@api/shared/figures.ts';
import { createContext, type ReactNode, useContext, useMemo } from 'react';
import en from './en.json';
import fr from './fr.json';

export type Lang = 'fr' | 'en';
export type MessageKey = keyof typeof fr;
type PluralBase<K> = K extends `${infer B}_one` ? B : never;
export type PluralKey = PluralBase<MessageKey>;
type Params = Record<string, string | number>;

const DICTIONARIES: Record<Lang, Record<string, string>> = { fr, en };
const LOCALES: Record<Lang, string> = { fr: 'fr-FR', en: 'en-GB' };

/** Looks a key up and fills placeholders: `translate('en', 'list.empty')`. Missing → the key itself. */
export function translate(lang: Lang, key: string, params?: Params): string {
  const raw = DICTIONARIES[lang][key] ?? DICTIONARIES.fr[key] ?? key;
  if (!params) return raw;
  return raw.replace(/\{(\w+)\}/g, (m, name: string) => (name in params ? String(params[name]) : m));
}

export interface Formatters {
  number(n: number, maxFractionDigits?: number): string;
  hectares(n: number): string;
  megawatts(n: number): string;
  /** A distance given in metres, in m under 1 km, else km. */
  distance(m: number): string;
  /** An ISO date (YYYY-MM-DD or a timestamp), as a day. */
  date(iso: string): string;
  percent(ratio: number): string;
  eurPerM2(n: number): string;
}

/** Locale-aware formatters: `makeFormatters('fr').hectares(12.5)` → `12,5 ha`. */
export function makeFormatters(lang: Lang): Formatters {
  const locale = LOCALES[lang];
  const nf = (max: number) => new Intl.NumberFormat(locale, { maximumFractionDigits: max });
  const n1 = nf(1);
  const df = new Intl.DateTimeFormat(locale, {
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    timeZone: 'UTC',
  });
  const pf = new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 0 });
  const unit = (v: string, u: string) => `${v}\u00a0${u}`;
  return {
    number: (n, max = 1) => nf(max).format(n),
    // One rounding with the PDF and the comparison's ties (api/src/shared/figures.ts).
    hectares: (n) => unit(nf(hectareDigits(n)).format(n), 'ha'),
    megawatts: (n) => unit(n1.format(n), 'MW'),
    distance: (m) =>
      m < 1000 ? unit(nf(0).format(Math.round(m / 10) * 10), 'm') : unit(n1.format(m / 1000), 'km'),
    date: (iso) => {
      const d = new Date(iso.length === 10 ? `${iso}T00:00:00Z` : iso);
      return Number.isNaN(d.getTime()) ? iso : df.format(d);
    },
    percent: (r) => pf.format(r),
    eurPerM2: (n) => unit(nf(2).format(n), '€/m²'),
  };
}

export interface I18n {
  lang: Lang;
  t(key: MessageKey, params?: Params): string;
  tp(key: PluralKey, count: number, params?: Params): string;
  /** For keys built at run time (enum values): falls back to `fallback` when unknown. */
  tx(key: string, fallback?: string): string;
  fmt: Formatters;
}

function makeI18n(lang: Lang): I18n {
  const rules = new Intl.PluralRules(LOCALES[lang]);
  const fmt = makeFormatters(lang);
  return {
    lang,
    t: (key, params) => translate(lang, key, params),
    tp: (key, count, params) => {
      const form = rules.select(count) === 'one' ? 'one' : 'other';
      return translate(lang, `${key}_${form}`, { count: fmt.number(count, 0), ...params });
    },
    tx: (key, fallback) => (key in DICTIONARIES[lang] ? translate(lang, key) : (fallback ?? key)),
    fmt,
  };
}

const I18nContext = createContext<I18n>(makeI18n('fr'));

export function I18nProvider({ lang, children }: { lang: Lang; children: ReactNode }) {
  const value = useMemo(() => makeI18n(lang), [lang]);
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18n {
  return useContext(I18nContext);
}
