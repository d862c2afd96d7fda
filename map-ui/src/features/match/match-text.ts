/**
 * Words of a match response in the UI language. The engine sends every explanation in both
 * languages (`reason_fr` / `reason_en`, `text_fr` / `text_en`, `{ fr, en }` labels), so a
 * language switch re-words the screen without asking the API again.
 */
import type { Bilingual, NearMissFailure, ScoreKind } from '@api/modules/matching/matching.schemas.ts';
import type { I18n, Lang } from '../../i18n/i18n.tsx';

/** `inLang('en', { fr: 'Surface', en: 'Area' })` → 'Area'. */
export const inLang = (lang: Lang, text: Bilingual): string => text[lang] || text.fr;

/** The text of an item carrying `<field>_fr` / `<field>_en`: `pick('en', c, 'reason')` → `c.reason_en`. */
export function pick<F extends string>(
  lang: Lang,
  item: Partial<Record<`${F}_fr` | `${F}_en`, string | null>>,
  field: F,
): string {
  const fr = item[`${field}_fr` as const] ?? '';
  const en = item[`${field}_en` as const] ?? '';
  return (lang === 'en' ? en : fr) || fr || en;
}

/**
 * A score as its method reads: a weighted sum is a share of the best possible score (a
 * percentage); a TOPSIS closeness is an index between 0 and 1, not a percentage.
 * `scoreText(0.79, 'weighted_sum', fmt)` → '79 %'; `scoreText(0.79, 'topsis_closeness', fmt)` → '0,79'.
 */
export function scoreText(score: number, kind: ScoreKind, fmt: I18n['fmt']): string {
  return kind === 'topsis_closeness' ? fmt.number(score, 2) : fmt.percent(score);
}

/** Units of knock-out gaps as the UI prints them (the engine's own unit strings are English). */
const UNIT_KEYS: Record<string, 'unit.m3PerDay' | 'unit.mwhPerDay' | 'unit.eurPerM2'> = {
  'm³/day': 'unit.m3PerDay',
  'MWh/day': 'unit.mwhPerDay',
  '€/m²': 'unit.eurPerM2',
};

/**
 * How far a near-miss is from passing one knock-out, in the failure's unit:
 * `gapText({ gap: 2, unit: 'ha', … }, i18n)` → 'écart : 2 ha'; a delay in days reads in days
 * or months ('écart : 3,5 mois'). Null when there is no measurable gap: missing data (the reason
 * already says "à confirmer"), a zoning code, a missing siding.
 */
export function gapText(f: Pick<NearMissFailure, 'gap' | 'unit' | 'unknown'>, i18n: Pick<I18n, 't' | 'fmt'>) {
  const { t, fmt } = i18n;
  if (f.unknown || f.gap === null || !Number.isFinite(f.gap) || f.gap <= 0) return null;
  let value: string;
  if (f.unit === 'days') {
    value =
      f.gap < 60
        ? t('unit.daysN', { n: fmt.number(f.gap, 0) })
        : t('value.months', { n: fmt.number(f.gap / 30.4375, 1) });
  } else if (f.unit && UNIT_KEYS[f.unit]) {
    value = `${fmt.number(f.gap, 1)}\u00a0${t(UNIT_KEYS[f.unit])}`;
  } else {
    value = f.unit ? `${fmt.number(f.gap, 1)}\u00a0${f.unit}` : fmt.number(f.gap, 1);
  }
  return t('match.gap', { gap: value });
}
