import type { MatchSite } from '../candidate.ts';
import { bi } from '../format.ts';
import type { Needs } from '../needs.schema.ts';
import { capacitySql, scoreCapacity } from './capacity.ts';
import { type CriterionResult, colon, result, t, UNKNOWN_SCORE } from './common.ts';
import { type CriterionSql, clampRound, col, sql } from './sql.ts';

/**
 * Gas: with a capacity need, the share of it the site's stated capacity (MWh/day) covers;
 * without one, 1 if the site has a gas connection, 0 if not.
 */
export function gas(site: MatchSite, needs: Needs): CriterionResult {
  const capacityNeed = needs.gas?.capacityMwhPerDay;
  const network = site.gas ?? null;
  if (capacityNeed !== undefined) {
    return scoreCapacity({
      need: capacityNeed,
      capacity: site.gasCapacityMwhPerDay ?? null,
      network,
      unit: { fr: 'MWh/j', en: 'MWh/day' },
      label: { fr: 'gaz', en: 'gas' },
    });
  }
  if (network === null) {
    return result(
      UNKNOWN_SCORE,
      null,
      false,
      bi(
        (l) =>
          `${t(l, 'gaz', 'gas')}${colon(l)}${t(l, 'raccordement non renseigné (à confirmer)', 'connection not stated (to confirm)')}`,
      ),
      0,
    );
  }
  return result(
    network ? 1 : 0,
    network,
    true,
    bi(
      (l) =>
        `${t(l, 'gaz', 'gas')}${colon(l)}${network ? t(l, 'site raccordé', 'site connected') : t(l, 'pas de raccordement', 'no connection')}`,
    ),
    network ? 1 : 0,
  );
}

/** SQL form of `gas`. */
export function gasSql(needs: Needs): CriterionSql {
  const cap = needs.gas?.capacityMwhPerDay;
  if (cap !== undefined) return capacitySql(cap, 'gasCapacityMwhPerDay', 'gas');
  const n = col('gas');
  const score = sql`(CASE WHEN ${n} IS NULL THEN ${UNKNOWN_SCORE} WHEN ${n} THEN ${1} ELSE ${0} END)`;
  return { score: clampRound(score), raw: sql`(CASE WHEN ${n} IS TRUE THEN ${1} ELSE ${0} END)` };
}
