import type { MatchSite } from '../../../candidate.ts';
import { assessPower } from '../electrical.ts';
import type { Needs } from '../needs.schema.ts';
import { type CriterionOptions, type CriterionResult, electricalConfig, result } from './common.ts';

/**
 * Time-to-power score: with a ramp-up, 1 when power arrives in time, then −1/36 per month late;
 * without one, 1 − months/60 (five years → 0).
 */
export function timeToPowerScore(months: number, rampUpMonths?: number): number {
  if (rampUpMonths !== undefined)
    return months <= rampUpMonths ? 1 : Math.max(0, 1 - (months - rampUpMonths) / 36);
  return Math.max(0, 1 - months / 60);
}

/**
 * Power: covered on site → time-to-power score of the stated (or assumed) delay; otherwise a
 * new connection: time score of its estimated delay × (0.6 + 0.2 × share of the need already
 * on site), so it never beats a covered site with the same delay. The reason says which
 * voltage level, which substation, how far and how long (electrical.ts).
 * Example: 12 MW on site for 10 MW, stated 6 months, no ramp-up → 0.9.
 */
export function power(site: MatchSite, needs: Needs, options?: CriterionOptions): CriterionResult {
  const need = needs.powerMw ?? 0;
  const a = assessPower(site, need, needs.rampUpMonths, electricalConfig(options));
  let score: number;
  if (a.route === 'on_site') {
    score = timeToPowerScore(a.months ?? 0, needs.rampUpMonths);
  } else {
    const share = a.availableMw !== null && need > 0 ? Math.min(1, a.availableMw / need) : 0;
    score =
      a.months !== null ? timeToPowerScore(a.months, needs.rampUpMonths) * (0.6 + 0.2 * share) : 0.2 * share;
  }
  // Unknown delay → the delay at which the score reaches 0 (worst case, for TOPSIS).
  const worstMonths = needs.rampUpMonths !== undefined ? needs.rampUpMonths + 36 : 60;
  return result(score, a.availableMw, a.known, a.reason, a.months ?? worstMonths);
}
