import type { IcpeRegime, MatchSite, SevesoTier } from '../../../candidate.ts';
import { type Bilingual, bi } from '../../../format.ts';
import type { Needs } from '../needs.schema.ts';
import { type CriterionResult, result, sep, UNKNOWN_SCORE } from './common.ts';

/** ICPE regimes from the lightest to the heaviest (nomenclature, annex to R.511-9). */
export const ICPE_ORDER: readonly IcpeRegime[] = ['NC', 'D', 'DC', 'E', 'A'];
export const SEVESO_ORDER: readonly SevesoTier[] = ['none', 'lower', 'upper'];

/**
 * PLU zone factors (CNIG PLU standard zone types; Code de l'urbanisme R.151-18 to R.151-24): U and AUc
 * fit, AUs needs a PLU change, A and N (agricultural, natural) are knock-outs.
 */
export const PLU_FACTORS = { U: 1, AUc: 0.9, AUs: 0.4, A: 0, N: 0 } as const;
const UNKNOWN_FACTOR = 0.5;

const PLU_TEXT: Record<keyof typeof PLU_FACTORS, Bilingual> = {
  U: { fr: 'zone U du PLU (urbaine)', en: 'PLU zone U (urban)' },
  AUc: { fr: 'zone AUc du PLU (à urbaniser, ouverte)', en: 'PLU zone AUc (open for development)' },
  AUs: { fr: 'zone AUs du PLU : modification du PLU nécessaire', en: 'PLU zone AUs: a PLU change is needed' },
  A: {
    fr: 'zone A du PLU (agricole) : implantation industrielle exclue',
    en: 'PLU zone A (agricultural): no plant allowed',
  },
  N: {
    fr: 'zone N du PLU (naturelle) : implantation industrielle exclue',
    en: 'PLU zone N (natural): no plant allowed',
  },
};
const SEVESO_TEXT: Record<SevesoTier, Bilingual> = {
  none: { fr: 'non Seveso', en: 'non-Seveso' },
  lower: { fr: 'Seveso seuil bas', en: 'Seveso lower tier' },
  upper: { fr: 'Seveso seuil haut', en: 'Seveso upper tier' },
};

/** `icpeAccepts('E', 'D')` → true: a zone accepting up to E accepts a D installation. */
export function icpeAccepts(max: IcpeRegime, need: IcpeRegime): boolean {
  return ICPE_ORDER.indexOf(max) >= ICPE_ORDER.indexOf(need);
}

/** `sevesoAccepts('lower', 'upper')` → false. */
export function sevesoAccepts(max: SevesoTier, need: SevesoTier): boolean {
  return SEVESO_ORDER.indexOf(max) >= SEVESO_ORDER.indexOf(need);
}

/**
 * Zoning and ICPE/Seveso compatibility: product of the PLU factor, ICPE fit (when the project
 * states a regime) and Seveso fit (when it states a tier other than none), 1 or 0 each; an
 * unknown part counts 0.5, all unknown → 0. Example: AUs zone, ICPE fits → 0.4.
 */
export function zoning(site: MatchSite, needs: Needs): CriterionResult {
  const plu = site.pluZone ?? null;
  const maxIcpe = site.maxIcpeRegime ?? null;
  const sevesoAllowed = site.sevesoAllowed ?? null;
  const needIcpe = needs.icpeRegime;
  const needSeveso =
    needs.sevesoTier !== undefined && needs.sevesoTier !== 'none' ? needs.sevesoTier : undefined;

  const parts: Bilingual[] = [];
  let score = 1;
  let anyKnown = false;
  let allKnown = true;

  if (plu === null) {
    score *= UNKNOWN_FACTOR;
    allKnown = false;
    parts.push({ fr: 'zone du PLU non renseignée (à confirmer)', en: 'PLU zone not stated (to confirm)' });
  } else {
    anyKnown = true;
    score *= PLU_FACTORS[plu];
    parts.push(PLU_TEXT[plu]);
  }
  if (needIcpe !== undefined) {
    if (maxIcpe === null) {
      score *= UNKNOWN_FACTOR;
      allKnown = false;
      parts.push(
        bi((l) =>
          l === 'fr'
            ? `régime ICPE admis non renseigné (à confirmer), ${needIcpe} demandé`
            : `accepted ICPE regime not stated (to confirm), ${needIcpe} needed`,
        ),
      );
    } else {
      anyKnown = true;
      const ok = icpeAccepts(maxIcpe, needIcpe);
      if (!ok) score = 0;
      parts.push(
        bi((l) =>
          l === 'fr'
            ? `ICPE ${ok ? "jusqu'au" : 'limité au'} régime ${maxIcpe}, ${needIcpe} demandé`
            : `ICPE ${ok ? 'up to' : 'limited to'} regime ${maxIcpe}, ${needIcpe} needed`,
        ),
      );
    }
  }
  if (needSeveso !== undefined) {
    if (sevesoAllowed === null) {
      score *= UNKNOWN_FACTOR;
      allKnown = false;
      parts.push(
        bi((l) =>
          l === 'fr'
            ? `Seveso admis non renseigné (à confirmer), ${SEVESO_TEXT[needSeveso].fr} demandé`
            : `accepted Seveso tier not stated (to confirm), ${SEVESO_TEXT[needSeveso].en} needed`,
        ),
      );
    } else {
      anyKnown = true;
      const ok = sevesoAccepts(sevesoAllowed, needSeveso);
      if (!ok) score = 0;
      parts.push(
        bi((l) =>
          l === 'fr'
            ? `${ok ? `accepte ${SEVESO_TEXT[sevesoAllowed].fr}` : sevesoAllowed === 'none' ? "n'accepte aucun site Seveso" : `n'accepte que ${SEVESO_TEXT[sevesoAllowed].fr}`}, ${SEVESO_TEXT[needSeveso].fr} demandé`
            : `${ok ? `accepts ${SEVESO_TEXT[sevesoAllowed].en}` : sevesoAllowed === 'none' ? 'accepts no Seveso plant' : `accepts only ${SEVESO_TEXT[sevesoAllowed].en}`}, ${SEVESO_TEXT[needSeveso].en} needed`,
        ),
      );
    }
  }
  if (!anyKnown) score = UNKNOWN_SCORE;
  const reason = bi((l) => parts.map((p) => p[l]).join(sep(l)));
  return result(score, { pluZone: plu, maxIcpeRegime: maxIcpe, sevesoAllowed }, allKnown, reason, score);
}
