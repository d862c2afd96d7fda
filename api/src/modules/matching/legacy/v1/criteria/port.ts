import type { MatchSite } from '../../../candidate.ts';
import type { Needs } from '../needs.schema.ts';
import type { CriterionResult } from './common.ts';
import { scoreWithOnSite } from './distance.ts';

/**
 * Port: a quay on site (SITE-ECO `reseau_fluvial`) → 1; else the distance to the nearest port
 * (×0.6 when a quay was wanted), against `maxDistanceKm.port` or 50 km.
 */
export function port(site: MatchSite, needs: Needs): CriterionResult {
  return scoreWithOnSite(site, needs, {
    need: 'port',
    kind: 'port',
    preference: 'quay',
    onSite: (s) => s.quay,
    label: { fr: 'port', en: 'port' },
    onSiteLabel: { fr: 'quai sur site', en: 'quay on site' },
    noOnSiteLabel: { fr: 'pas de quai sur site', en: 'no quay on site' },
    unknownOnSiteLabel: { fr: 'quai non renseigné (à confirmer)', en: 'quay not stated (to confirm)' },
  });
}
