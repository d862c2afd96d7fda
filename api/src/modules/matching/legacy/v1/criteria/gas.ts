import type { MatchSite } from '../../../candidate.ts';
import { bi } from '../../../format.ts';
import type { Needs } from '../needs.schema.ts';
import { scoreCapacity } from './capacity.ts';
import { type CriterionResult, colon, result, t, UNKNOWN_SCORE } from './common.ts';

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
