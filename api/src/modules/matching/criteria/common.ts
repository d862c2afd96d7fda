/**
 * Shared shapes and helpers of the criteria. A criterion is a pure function
 * `(site, needs, options?) → CriterionResult`; it never reads the clock, the network or the
 * database, so the same input always gives the same output.
 */
import type { MatchSite } from '../candidate.ts';
import { DEFAULT_ELECTRICAL_CONFIG, type ElectricalConfig } from '../electrical.ts';
import { type Bilingual, fmtKm, type Lang } from '../format.ts';

export { colon, sep } from '../format.ts';

import type { Needs } from '../needs.schema.ts';

export type CriterionValue = number | string | boolean | null | { [key: string]: unknown };

export interface CriterionResult {
  /** 0 (worst) … 1 (best), monotonic in the underlying quantity. */
  score: number;
  /** The site's value shown to the user (number in the registry's unit, or a small object). */
  value: CriterionValue;
  /** False when the site's data for this criterion is missing: the score is then a pessimistic guess. */
  known: boolean;
  reason_fr: string;
  reason_en: string;
  /**
   * The number TOPSIS uses (registry `direction` tells whether more is better). When the data
   * is unknown it is the worst case, the raw value at which the score reaches 0, so TOPSIS
   * treats missing data as pessimistically as the weighted sum does.
   */
  raw: number;
}

export interface CriterionOptions {
  electrical?: ElectricalConfig;
}

export type CriterionFn = (site: MatchSite, needs: Needs, options?: CriterionOptions) => CriterionResult;

/** Score given to a criterion whose data is missing: unknown is never a good fit. */
export const UNKNOWN_SCORE = 0;

/** Reference distances (km) when the project gives no maximum (engineering assumptions). */
export const REFERENCE_DISTANCE_KM = { motorway: 20, railFreight: 20, port: 50, airport: 60 } as const;

/** Picks the language: `t('fr', 'oui', 'yes')` → 'oui'. */
export function t(l: Lang, fr: string, en: string): string {
  return l === 'fr' ? fr : en;
}

/** Builds a result, clamping the score to [0, 1] and trimming float noise (12 decimals). */
export function result(
  score: number,
  value: CriterionValue,
  known: boolean,
  reason: Bilingual,
  raw: number,
): CriterionResult {
  const s = Math.min(1, Math.max(0, score));
  return {
    score: Math.round(s * 1e12) / 1e12,
    value,
    known,
    reason_fr: reason.fr,
    reason_en: reason.en,
    raw,
  };
}

/**
 * Distance score against a limit: 1 at 0 km, 0.7 at the limit, 0 at twice the limit, linear
 * in between, strictly decreasing. `distanceScore(10, 20)` → 0.85; `distanceScore(30, 20)` → 0.35.
 */
export function distanceScore(km: number, limitKm: number): number {
  if (km <= limitKm) return 1 - (0.3 * km) / limitKm;
  return Math.max(0, 0.7 * (1 - (km - limitKm) / limitKm));
}

/** `limitText(10, true, 'fr')` → ', max 10 km'; `limitText(20, false, 'en')` → ' (reference 20 km)'. */
export function limitText(limitKm: number, isMax: boolean, l: Lang): string {
  const km = fmtKm(limitKm * 1000, l);
  return isMax ? `, max ${km}` : t(l, ` (référence ${km})`, ` (reference ${km})`);
}

export function quoted(name: string | null, l: Lang): string {
  if (!name) return '';
  return l === 'fr' ? ` « ${name} »` : ` "${name}"`;
}

export function electricalConfig(options?: CriterionOptions): ElectricalConfig {
  return options?.electrical ?? DEFAULT_ELECTRICAL_CONFIG;
}
