import type { MatchSite } from '../../../candidate.ts';
import type { Needs } from '../needs.schema.ts';
import type { CriterionResult } from './common.ts';
import { scoreDistance } from './distance.ts';

/**
 * Motorway access distance (km, lower is better), against `maxDistanceKm.motorway` or 20 km.
 * Example: access 12 km away, max 20 km → 0.82.
 */
export function motorway(site: MatchSite, needs: Needs): CriterionResult {
  return scoreDistance(site, needs, {
    need: 'motorway',
    kind: 'motorway_access',
    label: { fr: 'accès autoroutier', en: 'motorway access' },
  });
}
