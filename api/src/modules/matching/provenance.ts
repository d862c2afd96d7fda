/**
 * Confidence from provenance: how much a result's criteria rest on facts an expert can stand
 * behind. Each weighted criterion contributes its weight share × its knowledge in [0, 1]:
 *
 *   knowledge = 0 when the criterion's data is unknown (or, for power, not evidenced: stated
 *               without a source and a date, or a new connection of unconfirmed capacity
 *               counts ESTIMATE_KNOWLEDGE),
 *             × the provenance factor: 1 for sourced data, 0.6 estimated, 0.25 illustrative —
 *               the worst of the site's `dataQuality` tag and of its `illustrativeFields`
 *               among the fields the criterion reads,
 *             × the age factor of the fact's date (power: its statement date; the rest: the
 *               site's `sourceUpdatedAt`): 1 up to 2 years, −0.15 per year beyond, at least
 *               0.4; an undated fact counts 0.8.
 *
 * Distances come from the open-data infrastructure layers (straight lines): sourced, undated.
 * Drive times and labour pools computed on the road graph count as sourced; a straight-line
 * estimate (no road network imported where the site is) counts QUALITY_FACTOR.estimated.
 * The response gives the two or three facts that lower confidence most (`confidenceNotes`).
 * Pure: the reference date (`asOf`) is passed in, so the same input gives the same output.
 */
import type { MatchSite } from './candidate.ts';
import type { CriterionKey } from './criteria/index.ts';
import { type Bilingual, daysBetween, toIsoDate } from './format.ts';

/** Site fields each criterion reads (sites/site.fields.ts keys), for the provenance factor. */
export const CRITERION_FIELDS: Record<CriterionKey, readonly string[]> = {
  surface: ['availableAreaHa', 'minLotHa'],
  power: ['powerAvailableMw', 'powerVoltageKv', 'powerConnectionDelayMonths', 'gridHostingCapacityMw'],
  motorway: [],
  railFreight: ['railSiding'],
  port: ['quay'],
  airport: [],
  driveTime: ['railSiding', 'quay'],
  workforce: [],
  fibre: ['fibre'],
  water: ['waterM3PerDay', 'drinkingWater'],
  wastewater: ['wastewaterM3PerDay', 'sewerage'],
  gas: ['gas', 'gasCapacityMwhPerDay'],
  availability: ['availableFrom', 'status', 'reservedUntil'],
  price: ['priceEurM2'],
  brownfield: ['brownfield', 'urbanisationType'],
  risks: ['ppriZone', 'pprtZone', 'natura2000', 'soilPollution', 'sevesoNeighbour'],
  zoning: ['pluZone', 'pluDestination', 'maxIcpeRegime', 'sevesoAllowed'],
  readiness: ['readiness'],
};

export const QUALITY_FACTOR = { sourced: 1, estimated: 0.6, illustrative: 0.25 } as const;
/** Knowledge of a power figure that is an estimate (a new connection of unconfirmed capacity). */
export const ESTIMATE_KNOWLEDGE = 0.4;
export const UNDATED_FACTOR = 0.8;
const FRESH_YEARS = 2;
const DECAY_PER_YEAR = 0.15;
const MIN_AGE_FACTOR = 0.4;

export interface Knowledge {
  /** 0 … 1. */
  value: number;
  /** Why it is below 1 (null when it is 1). */
  why: Bilingual | null;
}

/** Age factor of a fact dated `date` seen on `asOf`: `ageFactor('2015-06-01', '2026-12-07')` → 0.4. */
export function ageFactor(date: string | null, asOf: string | undefined): number {
  if (!asOf) return 1;
  if (!date) return UNDATED_FACTOR;
  const years = daysBetween(date, asOf) / 365.25;
  if (years <= FRESH_YEARS) return 1;
  return Math.max(MIN_AGE_FACTOR, 1 - DECAY_PER_YEAR * (years - FRESH_YEARS));
}

/**
 * Knowledge of one criterion on one site. `known`: the criterion says its data is there;
 * `doubt`: a criterion-specific reason it is only partly known (e.g. power to confirm).
 */
export function criterionKnowledge(
  key: CriterionKey,
  site: MatchSite,
  known: boolean,
  asOf: string | undefined,
  doubt: Bilingual | null = null,
): Knowledge {
  if (!known && key !== 'power') {
    return { value: 0, why: { fr: 'donnée manquante', en: 'data missing' } };
  }
  if (key === 'power' && !known) {
    // A power figure without evidence is an estimate at best.
    return {
      value: doubt ? ESTIMATE_KNOWLEDGE * provenance(key, site).value : 0,
      why: doubt ?? { fr: 'donnée manquante', en: 'data missing' },
    };
  }
  if ((key === 'driveTime' || key === 'workforce') && doubt) {
    return { value: QUALITY_FACTOR.estimated, why: doubt };
  }
  const p = provenance(key, site);
  const date =
    key === 'power'
      ? toIsoDate(site.powerStatementDate ?? site.gridHostingCapacityDate ?? null)
      : CRITERION_FIELDS[key].length === 0
        ? null
        : toIsoDate(site.sourceUpdatedAt ?? null);
  const age = CRITERION_FIELDS[key].length === 0 || key === 'driveTime' ? 1 : ageFactor(date, asOf);
  const value = p.value * age;
  let why = p.why;
  if (!why && age < 1) {
    why = date
      ? {
          fr: `donnée du ${date.split('-').reverse().join('/')} (${Math.floor(daysBetween(date, asOf ?? date) / 365.25)} ans)`,
          en: `data of ${date} (${Math.floor(daysBetween(date, asOf ?? date) / 365.25)} years old)`,
        }
      : { fr: 'donnée non datée', en: 'undated data' };
  }
  return { value, why: value < 1 ? why : null };
}

/** The provenance factor of the fields a criterion reads (worst of the site tag and the fields' tags). */
function provenance(key: CriterionKey, site: MatchSite): Knowledge {
  const fields = CRITERION_FIELDS[key];
  if (fields.length === 0) return { value: 1, why: null };
  const illustrative = new Set(site.illustrativeFields ?? []);
  const flagged = fields.filter((f) => illustrative.has(f));
  const tag = site.dataQuality ?? 'sourced';
  const fieldFactor = flagged.length > 0 ? QUALITY_FACTOR.illustrative : 1;
  const siteFactor = QUALITY_FACTOR[tag];
  const value = Math.min(fieldFactor, siteFactor);
  if (value === 1) return { value, why: null };
  if (flagged.length > 0 || tag === 'illustrative') {
    return {
      value,
      why: { fr: 'valeurs illustratives (non sourcées)', en: 'illustrative values (not sourced)' },
    };
  }
  return { value, why: { fr: 'valeurs estimées', en: 'estimated values' } };
}
