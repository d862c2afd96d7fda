import type { MatchSite } from '../candidate.ts';
import { bi, fmtNum, type Lang } from '../format.ts';
import type { Needs } from '../needs.schema.ts';
import { type CriterionResult, colon, result, t, UNKNOWN_SCORE } from './common.ts';
import { type CriterionSql, clampRound, col, sql } from './sql.ts';

/** Oversize reference when the project gives no maximum: three times the minimum (assumption). */
export const OVERSIZE_FACTOR = 3;

function wanted(needs: Needs, l: Lang): string {
  const { min, max } = needs.surfaceHa;
  if (max !== undefined) return `${fmtNum(min, l)}–${fmtNum(max, l)} ha ${t(l, 'demandés', 'needed')}`;
  return t(l, `au moins ${fmtNum(min, l)} ha demandés`, `at least ${fmtNum(min, l)} ha needed`);
}

function assemblyPrefix(site: MatchSite, l: Lang): string {
  const n = site.siteIds?.length ?? 0;
  return n > 1 ? t(l, `assemblage de ${n} parcelles : `, `assembly of ${n} plots: `) : '';
}

/**
 * Surface fit: 1 inside the wanted range (or when a larger site is divisible into a lot that
 * fits), rising linearly to 0.6 just below the minimum, falling as U/available above the upper
 * reference U (the max, else 3 × min), floored at 0.2 (max given) or 0.5.
 * Example: 12 ha for 10–15 ha → 1; 8 ha for 10 ha → 0.48.
 */
export function surface(site: MatchSite, needs: Needs): CriterionResult {
  const available = site.availableAreaHa ?? null;
  const { min, max } = needs.surfaceHa;
  if (available === null) {
    return result(
      UNKNOWN_SCORE,
      null,
      false,
      bi(
        (l) =>
          `${t(l, 'surface disponible inconnue (à confirmer)', 'available area unknown (to confirm)')}, ${wanted(needs, l)}`,
      ),
      0,
    );
  }
  const pre = (l: Lang) => assemblyPrefix(site, l);
  if (available < min) {
    const score = (0.6 * available) / min;
    return result(
      score,
      available,
      true,
      bi(
        (l) =>
          `${pre(l)}${fmtNum(available, l)} ha ${t(l, 'disponibles', 'available')}, ${wanted(needs, l)} ` +
          t(l, `(manque ${fmtNum(min - available, l)} ha)`, `(${fmtNum(min - available, l)} ha short)`),
      ),
      score,
    );
  }
  const upper = max ?? OVERSIZE_FACTOR * min;
  if (available <= upper) {
    return result(
      1,
      available,
      true,
      bi(
        (l) =>
          `${pre(l)}${fmtNum(available, l)} ha ${t(l, 'disponibles pour', 'available for')} ${wanted(needs, l)}`,
      ),
      1,
    );
  }
  const minLot = site.minLotHa ?? null;
  if (minLot !== null && minLot <= upper) {
    return result(
      1,
      available,
      true,
      bi(
        (l) =>
          `${pre(l)}${fmtNum(available, l)} ha ${t(l, 'disponibles, divisibles', 'available, divisible')} ` +
          `(${t(l, 'lot minimum', 'minimum lot')} ${fmtNum(minLot, l)} ha), ${wanted(needs, l)}`,
      ),
      1,
    );
  }
  const score = Math.max(max !== undefined ? 0.2 : 0.5, upper / available);
  return result(
    score,
    available,
    true,
    bi(
      (l) =>
        `${pre(l)}${fmtNum(available, l)} ha ${t(l, 'disponibles', 'available')}, ${wanted(needs, l)}${colon(l)}` +
        t(l, 'site surdimensionné', 'oversized site') +
        (minLot === null
          ? t(l, ' (lot minimum inconnu)', ' (minimum lot unknown)')
          : t(l, ` (lot minimum ${fmtNum(minLot, l)} ha)`, ` (minimum lot ${fmtNum(minLot, l)} ha)`)),
    ),
    score,
  );
}

/** SQL form of `surface` (same branches and arithmetic). */
export function surfaceSql(needs: Needs): CriterionSql {
  const a = col('availableAreaHa');
  const { min, max } = needs.surfaceHa;
  const upper = max ?? OVERSIZE_FACTOR * min;
  const floor = max !== undefined ? 0.2 : 0.5;
  const raw = sql`(CASE WHEN ${a} IS NULL THEN ${UNKNOWN_SCORE} WHEN ${a} < ${min} THEN (${0.6} * ${a}) / ${min} WHEN ${a} <= ${upper} THEN ${1} WHEN ${col('minLotHa')} <= ${upper} THEN ${1} ELSE GREATEST(${floor}, ${upper} / ${a}) END)`;
  return { score: clampRound(raw), raw };
}
