import type { MatchSite } from '../../../candidate.ts';
import { bi } from '../../../format.ts';
import type { Needs } from '../needs.schema.ts';
import { type CriterionResult, colon, result, t, UNKNOWN_SCORE } from './common.ts';

/** Optical fibre on site (SITE-ECO `reseau_fibre_optique`): 1 if present, 0 if absent. */
export function fibre(site: MatchSite, _needs: Needs): CriterionResult {
  const f = site.fibre ?? null;
  const label = { fr: 'fibre optique', en: 'optical fibre' };
  if (f === null) {
    return result(
      UNKNOWN_SCORE,
      null,
      false,
      bi((l) => `${label[l]}${colon(l)}${t(l, 'non renseignée (à confirmer)', 'not stated (to confirm)')}`),
      0,
    );
  }
  return result(
    f ? 1 : 0,
    f,
    true,
    bi((l) => `${label[l]}${colon(l)}${f ? t(l, 'présente sur site', 'on site') : t(l, 'absente', 'none')}`),
    f ? 1 : 0,
  );
}
