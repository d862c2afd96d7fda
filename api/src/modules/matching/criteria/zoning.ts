import type { IcpeRegime, MatchSite, SevesoTier } from '../candidate.ts';
import { type Bilingual, bi } from '../format.ts';
import type { Needs } from '../needs.schema.ts';
import { type CriterionResult, result, sep, UNKNOWN_SCORE } from './common.ts';
import { type CriterionSql, clampRound, col, type SqlExpr, sql, text } from './sql.ts';

/** ICPE regimes from the lightest to the heaviest (nomenclature, annex to R.511-9). */
export const ICPE_ORDER: readonly IcpeRegime[] = ['NC', 'D', 'DC', 'E', 'A'];
export const SEVESO_ORDER: readonly SevesoTier[] = ['none', 'lower', 'upper'];

/**
 * PLU zone factors (CNIG PLU standard zone types; Code de l'urbanisme R.151-18 to R.151-24): U and AUc
 * fit, AUs needs a PLU change, A and N (agricultural, natural) are knock-outs.
 */
export const PLU_FACTORS = { U: 1, AUc: 0.9, AUs: 0.4, A: 0, N: 0 } as const;
const UNKNOWN_FACTOR = 0.5;
/**
 * Dominant destination of the zone (CNIG DESTDOMI): economic activity fits, a mixed
 * housing/activity zone may limit industry (0.7), an unstated or undefined destination is to
 * check in the regulation (0.9). Non-industrial destinations are a legal knock-out
 * (knockouts/legal-plu.ts) and never reach the score (0 here for completeness).
 */
export const DESTINATION_FACTORS: Record<string, number> = {
  '02': 1,
  '03': 0.7,
  '00': 0.9,
  '99': 0.9,
  '01': 0,
  '04': 0,
  '05': 0,
  '07': 0,
  '08': 0,
  '09': 0,
  '10': 0,
};
export const UNKNOWN_DESTINATION_FACTOR = 0.9;
const DESTINATION_TEXT: Record<string, Bilingual> = {
  '02': { fr: 'destination activité', en: 'economic-activity destination' },
  '03': {
    fr: 'destination mixte habitat/activité : industrie à vérifier dans le règlement',
    en: 'mixed housing/activity destination: industry to check in the regulation',
  },
};

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
 * Zoning and ICPE/Seveso compatibility: product of the PLU factor, the zone's destination
 * factor, ICPE fit (when the project states a regime) and Seveso fit (when it states a tier
 * other than none), 1 or 0 each; an unknown part counts 0.5, all unknown → 0.
 * Example: AUs zone, activity destination, ICPE fits → 0.4.
 */
export function zoning(site: MatchSite, needs: Needs): CriterionResult {
  const { score, allKnown, reason } = zoningTally(site, needs, { version: 2 });
  return result(
    score,
    {
      pluZone: site.pluZone ?? null,
      pluDestination: site.pluDestination ?? null,
      maxIcpeRegime: site.maxIcpeRegime ?? null,
      sevesoAllowed: site.sevesoAllowed ?? null,
    },
    allKnown,
    reason,
    score,
  );
}

/**
 * The zoning score, whether every part was known, and the reason. Version 1 (its registry
 * reads this too) had no destination factor and no zone label in the reason.
 */
export function zoningTally(
  site: MatchSite,
  needs: Pick<Needs, 'icpeRegime' | 'sevesoTier'>,
  { version }: { version: 1 | 2 },
): { score: number; allKnown: boolean; reason: Bilingual } {
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
    const label = version === 2 ? site.pluZoneLabel : undefined;
    parts.push(label ? bi((l) => `${PLU_TEXT[plu][l]} (${label})`) : PLU_TEXT[plu]);
  }
  if (version === 2) {
    const destination = site.pluDestination ?? null;
    score *=
      destination === null
        ? UNKNOWN_DESTINATION_FACTOR
        : (DESTINATION_FACTORS[destination] ?? UNKNOWN_DESTINATION_FACTOR);
    if (destination === null || destination === '00' || destination === '99') {
      parts.push({
        fr: 'destination de la zone non renseignée (à vérifier dans le règlement)',
        en: 'zone destination not stated (to check in the regulation)',
      });
    } else if (DESTINATION_TEXT[destination]) parts.push(DESTINATION_TEXT[destination]);
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
  return { score, allKnown, reason: bi((l) => parts.map((p) => p[l]).join(sep(l))) };
}

/**
 * SQL form of `zoning`: the PLU zone × destination part is derived once per site write into
 * `site_match.zoning_base` (migration 0007); the ICPE and Seveso fits of the project are
 * multiplied in here, in the same order as the TypeScript.
 */
export function zoningSql(needs: Needs): CriterionSql {
  const plu = col('pluZone');
  let score = col('zoning_base');
  const known: SqlExpr[] = [sql`${plu} IS NOT NULL`];
  const needSeveso =
    needs.sevesoTier !== undefined && needs.sevesoTier !== 'none' ? needs.sevesoTier : undefined;
  if (needs.icpeRegime !== undefined) {
    const m = col('maxIcpeRegime');
    const ok = ICPE_ORDER.slice(ICPE_ORDER.indexOf(needs.icpeRegime)).map((v) => text(v));
    score = sql`(${score} * (CASE WHEN ${m} IS NULL THEN ${UNKNOWN_FACTOR} WHEN ${m} IN (${ok.reduce((a, b) => sql`${a}, ${b}`)}) THEN ${1} ELSE ${0} END))`;
    known.push(sql`${m} IS NOT NULL`);
  }
  if (needSeveso !== undefined) {
    const m = col('sevesoAllowed');
    const ok = SEVESO_ORDER.slice(SEVESO_ORDER.indexOf(needSeveso)).map((v) => text(v));
    score = sql`(${score} * (CASE WHEN ${m} IS NULL THEN ${UNKNOWN_FACTOR} WHEN ${m} IN (${ok.reduce((a, b) => sql`${a}, ${b}`)}) THEN ${1} ELSE ${0} END))`;
    known.push(sql`${m} IS NOT NULL`);
  }
  const anyKnown = known.reduce((a, b) => sql`${a} OR ${b}`);
  const raw = sql`(CASE WHEN ${anyKnown} THEN ${score} ELSE ${UNKNOWN_SCORE} END)`;
  return { score: clampRound(raw), raw };
}
