import type { MatchSite } from '../candidate.ts';
import { bi, fmtNum } from '../format.ts';
import type { Needs } from '../needs.schema.ts';
import { type CriterionResult, result, t, UNKNOWN_SCORE } from './common.ts';
import { type CriterionSql, clampRound, col, sql } from './sql.ts';

/**
 * Price against the maximum: 1 − 0.5·p/max within budget (cheaper is better, 0.5 at the max),
 * then falling to 0 at twice the max. Example: 30 €/m² for max 40 → 0.625.
 */
export function price(site: MatchSite, needs: Needs): CriterionResult {
  const max = needs.maxPriceEurM2;
  const p = site.priceEurM2 ?? null;
  const maxText = (l: 'fr' | 'en') => (max !== undefined ? `, max ${fmtNum(max, l)} €/m²` : '');
  if (p === null) {
    return result(
      UNKNOWN_SCORE,
      null,
      false,
      bi((l) => `${t(l, 'prix inconnu (à confirmer)', 'price unknown (to confirm)')}${maxText(l)}`),
      2 * (max ?? 0),
    );
  }
  const ref = max ?? p;
  const score = ref === 0 ? 1 : p <= ref ? 1 - (0.5 * p) / ref : Math.max(0, 0.5 * (1 - (p - ref) / ref));
  return result(
    score,
    p,
    true,
    bi((l) => `${t(l, 'prix', 'price')} ${fmtNum(p, l)} €/m²${maxText(l)}`),
    p,
  );
}

/** SQL form of `price`. */
export function priceSql(needs: Needs): CriterionSql {
  const p = col('priceEurM2');
  const max = needs.maxPriceEurM2;
  const within =
    max === undefined
      ? sql`(CASE WHEN ${p} = ${0} THEN ${1} ELSE ${1} - (${0.5} * ${p}) / ${p} END)`
      : max === 0
        ? sql`${1}`
        : sql`(CASE WHEN ${p} <= ${max} THEN ${1} - (${0.5} * ${p}) / ${max} ELSE GREATEST(${0}, ${0.5} * (${1} - (${p} - ${max}) / ${max})) END)`;
  const score = sql`(CASE WHEN ${p} IS NULL THEN ${UNKNOWN_SCORE} ELSE ${within} END)`;
  const raw = sql`(CASE WHEN ${p} IS NULL THEN ${2 * (max ?? 0)} ELSE ${p} END)`;
  return { score: clampRound(score), raw };
}
