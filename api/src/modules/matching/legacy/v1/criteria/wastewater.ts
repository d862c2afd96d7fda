import type { MatchSite } from '../../../candidate.ts';
import type { Needs } from '../needs.schema.ts';
import { scoreCapacity } from './capacity.ts';
import type { CriterionResult } from './common.ts';

/** Wastewater treatment capacity (m³/day) against the need: 1,500 for 1,200 → 1. */
export function wastewater(site: MatchSite, needs: Needs): CriterionResult {
  return scoreCapacity({
    need: needs.wastewaterM3PerDay ?? 0,
    capacity: site.wastewaterM3PerDay ?? null,
    network: site.sewerage ?? null,
    unit: { fr: 'm³/j', en: 'm³/day' },
    label: { fr: 'eaux usées', en: 'wastewater' },
  });
}
