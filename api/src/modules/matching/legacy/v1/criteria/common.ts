/**
 * Version 1's criterion helpers: version 2's (they did not change), except the electrical
 * configuration, which is version 1's own (its power rules differ).
 */
import type { MatchSite } from '../../../candidate.ts';
import type { CriterionResult } from '../../../criteria/common.ts';
import { DEFAULT_ELECTRICAL_CONFIG, type ElectricalConfig } from '../electrical.ts';
import type { Needs } from '../needs.schema.ts';

export {
  type CriterionResult,
  type CriterionValue,
  colon,
  distanceScore,
  limitText,
  quoted,
  REFERENCE_DISTANCE_KM,
  result,
  sep,
  t,
  UNKNOWN_SCORE,
} from '../../../criteria/common.ts';

export interface CriterionOptions {
  electrical?: ElectricalConfig;
}

export type CriterionFn = (site: MatchSite, needs: Needs, options?: CriterionOptions) => CriterionResult;

export function electricalConfig(options?: CriterionOptions): ElectricalConfig {
  return options?.electrical ?? DEFAULT_ELECTRICAL_CONFIG;
}
