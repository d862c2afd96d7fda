import type { MatchSite } from '../../../candidate.ts';
import type { Needs } from '../needs.schema.ts';
import type { CriterionResult } from './common.ts';
import { scoreDistance } from './distance.ts';

/** Airport distance (km, lower is better), against `maxDistanceKm.airport` or 60 km: 30 of 60 km → 0.85. */
export function airport(site: MatchSite, needs: Needs): CriterionResult {
  return scoreDistance(site, needs, {
    need: 'airport',
    kind: 'airport',
    label: { fr: 'aéroport', en: 'airport' },
  });
}
