/**
 * Version 1's zoning criterion: version 2's tally without the zone's destination factor and
 * without the zone label in the reason (the pin test, v1-pin.test.ts, holds it to that).
 */
import type { MatchSite } from '../../../candidate.ts';
import { zoningTally } from '../../../criteria/zoning.ts';
import type { Needs } from '../needs.schema.ts';
import { type CriterionResult, result } from './common.ts';

export {
  ICPE_ORDER,
  icpeAccepts,
  PLU_FACTORS,
  SEVESO_ORDER,
  sevesoAccepts,
} from '../../../criteria/zoning.ts';

/**
 * Zoning and ICPE/Seveso compatibility: product of the PLU factor, ICPE fit (when the project
 * states a regime) and Seveso fit (when it states a tier other than none), 1 or 0 each; an
 * unknown part counts 0.5, all unknown → 0. Example: AUs zone, ICPE fits → 0.4.
 */
export function zoning(site: MatchSite, needs: Needs): CriterionResult {
  const { score, allKnown, reason } = zoningTally(site, needs, { version: 1 });
  const value = {
    pluZone: site.pluZone ?? null,
    maxIcpeRegime: site.maxIcpeRegime ?? null,
    sevesoAllowed: site.sevesoAllowed ?? null,
  };
  return result(score, value, allKnown, reason, score);
}
