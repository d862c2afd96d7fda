import type { MatchSite } from '../candidate.ts';
import { assessPower, levelsFor, minKvFor } from '../electrical.ts';
import type { Needs } from '../needs.schema.ts';
import { type CriterionOptions, type CriterionResult, electricalConfig, result } from './common.ts';
import { type CriterionSql, clampRound, col, dist, type SqlExpr, sql } from './sql.ts';

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
 * Power (electrical.ts): covered by the site's stated supply (or an LV plot on the grid) →
 * time-to-power score of the stated (or assumed) delay; otherwise a new connection: time score
 * of its estimated delay × (0.6 + 0.2 × share of the need already on site + 0.2 when a stated
 * hosting capacity covers the need), so an estimate never beats a covered site with the same
 * delay. The reason names the voltage level, the substation, the distance, the delay and the
 * cost band, each estimate with its basis; `known` only with evidence (a source and a date).
 * Example: 12 MW on site for 10 MW, stated 6 months, no ramp-up → 0.9.
 */
export function power(site: MatchSite, needs: Needs, options?: CriterionOptions): CriterionResult {
  const need = needs.powerMw ?? 0;
  const a = assessPower(site, need, needs.rampUpMonths, electricalConfig(options));
  let score: number;
  if (a.route !== 'new_connection') {
    score = timeToPowerScore(a.months ?? 0, needs.rampUpMonths);
  } else {
    const share = a.availableMw !== null && need > 0 ? Math.min(1, a.availableMw / need) : 0;
    const hosting = a.hostingCovers === true ? 1 : 0;
    score =
      a.months !== null
        ? timeToPowerScore(a.months, needs.rampUpMonths) * (0.6 + 0.2 * share + 0.2 * hosting)
        : 0.2 * share;
  }
  // Unknown delay → the delay at which the score reaches 0 (worst case, for TOPSIS).
  const worstMonths = needs.rampUpMonths !== undefined ? needs.rampUpMonths + 36 : 60;
  return result(score, a.availableMw, a.known, a.reason, a.months ?? worstMonths);
}

function timeScoreSql(months: SqlExpr, ramp: number | undefined): SqlExpr {
  if (ramp !== undefined)
    return sql`(CASE WHEN ${months} <= ${ramp} THEN ${1} ELSE GREATEST(${0}, ${1} - (${months} - ${ramp}) / ${36}) END)`;
  return sql`GREATEST(${0}, ${1} - ${months} / ${60})`;
}

/** SQL form of `power` (assessPower's branches, newConnectionRoute's minimum over levels). */
export function powerSql(needs: Needs, options?: CriterionOptions): CriterionSql {
  const cfg = electricalConfig(options);
  const need = needs.powerMw ?? 0;
  const ramp = needs.rampUpMonths;
  const mw = col('powerAvailableMw');
  const kv = col('powerVoltageKv');
  const hosting = col('gridHostingCapacityMw');
  const covers = sql`(${mw} >= ${need} AND (${kv} IS NULL OR ${kv} >= ${minKvFor(need, cfg)}))`;
  const lvGrid = need <= cfg.levels.LV.maxMw ? sql`(${col('electricity')} IS TRUE)` : sql`false`;
  const onSiteMonths = sql`COALESCE(${col('powerConnectionDelayMonths')}, ${cfg.onSiteDefaultMonths})`;
  const routes = levelsFor(need, cfg).map((level) => {
    const rule = cfg.levels[level];
    const d = rule.delay;
    const feedKm = rule.feed ? sql`(${dist(rule.feed)} / ${1000})` : sql`${0}`;
    const months = sql`(${d.baseMonths} + GREATEST(${0}, ${feedKm} - ${d.includedKm}) * ${d.monthsPerKm} + ${need} * ${d.monthsPerMw})`;
    const conditions: SqlExpr[] = [];
    if (rule.maxMwKm !== null && rule.distanceTo)
      conditions.push(sql`${need} * (${dist(rule.distanceTo)} / ${1000}) <= ${rule.maxMwKm}`);
    if (rule.feed) conditions.push(sql`${dist(rule.feed)} IS NOT NULL`);
    if (conditions.length === 0) return months;
    return sql`(CASE WHEN ${conditions.reduce((a, b) => sql`${a} AND ${b}`)} THEN ${months} END)`;
  });
  const newMonths = sql`(CASE WHEN ${hosting} < ${need} THEN NULL ELSE LEAST(${routes.reduce((a, b) => sql`${a}, ${b}`)}) END)`;
  const share = sql`(CASE WHEN ${mw} IS NULL THEN ${0} ELSE LEAST(${1}, ${mw} / ${need}) END)`;
  const hostOk = sql`(CASE WHEN ${hosting} >= ${need} THEN ${1} ELSE ${0} END)`;
  const covered = sql`(${covers} IS TRUE OR ${lvGrid})`;
  const score = sql`(CASE WHEN ${covered} THEN ${timeScoreSql(onSiteMonths, ramp)} WHEN ${newMonths} IS NOT NULL THEN ${timeScoreSql(newMonths, ramp)} * (${0.6} + ${0.2} * ${share} + ${0.2} * ${hostOk}) ELSE ${0.2} * ${share} END)`;
  const worst = ramp !== undefined ? ramp + 36 : 60;
  const raw = sql`(CASE WHEN ${covered} THEN ${onSiteMonths} ELSE COALESCE(${newMonths}, ${worst}) END)`;
  return { score: clampRound(score), raw };
}
