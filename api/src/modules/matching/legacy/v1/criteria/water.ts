import type { MatchSite } from '../../../candidate.ts';
import type { Needs } from '../needs.schema.ts';
import { scoreCapacity } from './capacity.ts';
import type { CriterionResult } from './common.ts';

/** Process/drinking water capacity (m³/day) against the need: 800 for 1,000 → 0.8. */
export function water(site: MatchSite, needs: Needs): CriterionResult {
  return scoreCapacity({
    need: needs.waterM3PerDay ?? 0,
    capacity: site.waterM3PerDay ?? null,
    network: site.drinkingWater ?? null,
    unit: { fr: 'm³/j', en: 'm³/day' },
    label: { fr: 'eau', en: 'water' },
  });
}
