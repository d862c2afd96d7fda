import type { MatchSite } from '../../../candidate.ts';
import type { Needs } from '../needs.schema.ts';
import type { CriterionResult } from './common.ts';
import { scoreWithOnSite } from './distance.ts';

/**
 * Rail freight: a siding on site (ITE, SITE-ECO `reseau_fret_ferroviaire`) → 1; else the
 * distance to the nearest freight-capable station (×0.6 when a siding was wanted).
 * Example: no siding, freight 18 km away, max 10 km, siding preferred → 0.6 × 0.14 = 0.084.
 */
export function railFreight(site: MatchSite, needs: Needs): CriterionResult {
  return scoreWithOnSite(site, needs, {
    need: 'railFreight',
    kind: 'rail_freight',
    preference: 'railSiding',
    onSite: (s) => s.railSiding,
    label: { fr: 'fret ferroviaire', en: 'rail freight' },
    onSiteLabel: { fr: 'embranchement ferroviaire (ITE) sur site', en: 'rail siding on site' },
    noOnSiteLabel: { fr: "pas d'embranchement ferroviaire sur site", en: 'no rail siding on site' },
    unknownOnSiteLabel: {
      fr: 'embranchement ferroviaire non renseigné (à confirmer)',
      en: 'rail siding not stated (to confirm)',
    },
  });
}
