/**
 * Drive-time and workforce criteria (issue 11), on the precomputed `site_drive_times` and
 * `site_labour_pool` (road graph where imported, straight-line estimate elsewhere):
 * - `driveTime`: for each `maxDriveMinutes.*` the project states, the drive time to the nearest
 *   feature of that kind scored like a distance against its maximum (1 at 0 min, 0.7 at the
 *   maximum, 0 at twice it; an on-site siding or quay is 0 min), averaged over the stated kinds.
 *   Example: motorway 12 min for 20 max → 0.82.
 * - `workforce`: the active population within the project's `labourPool.minutes`, on a
 *   logarithmic scale: 0.5 at the stated minimum, 1 at ten times it, 0 at a tenth.
 *   Example: 38,400 active within 30 min for 20,000 wanted → 0.64.
 */
import { driveOf, type MatchSite, poolOf } from '../candidate.ts';
import { bi, colon, fmtNum, type Lang } from '../format.ts';
import { ACCESS_LABEL, ON_SITE } from '../knockouts/distance.ts';
import { fmtMinutes, METHOD_TEXT, PROFILE_TEXT } from '../knockouts/drive-time.ts';
import { DISTANCE_ACCESS, DISTANCE_NEEDS, type Needs } from '../needs.schema.ts';
import { type CriterionResult, distanceScore, quoted, result, sep, t, UNKNOWN_SCORE } from './common.ts';
import { type CriterionSql, clampRound, col, distanceScoreSql, round3, type SqlExpr, sql } from './sql.ts';

const ON_SITE_TEXT = {
  railSiding: { fr: 'embranchement ferroviaire sur site', en: 'rail siding on site' },
  quay: { fr: 'quai sur site', en: 'quay on site' },
} as const;
/** Raw ratio (drive time / maximum) of an unknown drive time: where the score reaches 0. */
const UNKNOWN_RATIO = 2;

const statedKinds = (needs: Needs) => DISTANCE_NEEDS.filter((d) => needs.maxDriveMinutes[d] !== undefined);

export function driveTime(site: MatchSite, needs: Needs): CriterionResult {
  const kinds = statedKinds(needs);
  let score = 0;
  let raw = 0;
  let known = true;
  const value: Record<string, number | null> = {};
  const parts: ((l: Lang) => string)[] = [];
  for (const d of kinds) {
    const limit = needs.maxDriveMinutes[d] as number;
    const flag = ON_SITE[d];
    if (flag && site[flag] === true) {
      score += 1;
      value[d] = 0;
      parts.push((l) => ON_SITE_TEXT[flag][l]);
      continue;
    }
    const drive = driveOf(site, DISTANCE_ACCESS[d]);
    if (!drive) {
      score += UNKNOWN_SCORE;
      raw += UNKNOWN_RATIO;
      known = false;
      value[d] = null;
      parts.push(
        (l) =>
          `${ACCESS_LABEL[d][l]}${colon(l)}${t(l, 'temps inconnu', 'time unknown')}, max ${fmtMinutes(limit, l)}`,
      );
      continue;
    }
    score += distanceScore(drive.minutes, limit);
    raw += Math.round((drive.minutes / limit) * 1000) / 1000;
    value[d] = Math.round(drive.minutes * 10) / 10;
    parts.push(
      (l) =>
        `${ACCESS_LABEL[d][l]}${quoted(drive.name, l)} ${t(l, 'à', 'at')} ${fmtMinutes(drive.minutes, l)} (${PROFILE_TEXT[d][l]}, ${METHOD_TEXT[drive.method][l]}), max ${fmtMinutes(limit, l)}`,
    );
  }
  const n = Math.max(1, kinds.length);
  return result(
    score / n,
    value,
    known,
    bi((l) => parts.map((p) => p(l)).join(sep(l))),
    raw / n,
  );
}

/** Whether any drive time the criterion reads is a straight-line estimate (lowers confidence). */
export function driveTimeEstimated(site: MatchSite, needs: Needs): boolean {
  return statedKinds(needs).some((d) => {
    const flag = ON_SITE[d];
    if (flag && site[flag] === true) return false;
    return driveOf(site, DISTANCE_ACCESS[d])?.method === 'estimate';
  });
}

/** SQL form of `driveTime` over `site_match` (columns `<kind>_min`, migration 0010). */
export function driveTimeSql(needs: Needs): CriterionSql {
  const kinds = statedKinds(needs);
  const scores: SqlExpr[] = [];
  const raws: SqlExpr[] = [];
  for (const d of kinds) {
    const limit = needs.maxDriveMinutes[d] as number;
    const m: SqlExpr = { sql: `"m"."${DISTANCE_ACCESS[d]}_min"`, bindings: [] };
    const flag = ON_SITE[d];
    const onSite = flag ? sql`WHEN ${col(flag)} IS TRUE THEN ${1} ` : { sql: '', bindings: [] };
    const onSiteRaw = flag ? sql`WHEN ${col(flag)} IS TRUE THEN ${0} ` : { sql: '', bindings: [] };
    scores.push(
      sql`(CASE ${onSite}WHEN ${m} IS NULL THEN ${UNKNOWN_SCORE} ELSE ${distanceScoreSql(m, limit)} END)`,
    );
    raws.push(
      sql`(CASE ${onSiteRaw}WHEN ${m} IS NULL THEN ${UNKNOWN_RATIO} ELSE ${round3(sql`(${m} / ${limit})`)} END)`,
    );
  }
  const n = Math.max(1, kinds.length);
  const sum = (parts: SqlExpr[]) => parts.reduce((acc, p) => sql`${acc} + ${p}`, sql`${0}`);
  return { score: clampRound(sql`((${sum(scores)}) / ${n})`), raw: sql`((${sum(raws)}) / ${n})` };
}

/** `workforceScore(38400, 20000)` → 0.642: 0.5 at the minimum, 1 at ten times it. */
export function workforceScore(active: number, minActive: number): number {
  if (active <= 0) return 0;
  return 0.5 + 0.5 * Math.log10(active / minActive);
}

export function workforce(site: MatchSite, needs: Needs): CriterionResult {
  const lp = needs.labourPool;
  if (!lp) return result(UNKNOWN_SCORE, null, false, { fr: '', en: '' }, 0);
  const pool = poolOf(site, lp.minutes);
  if (!pool) {
    return result(
      UNKNOWN_SCORE,
      null,
      false,
      bi((l) =>
        t(
          l,
          `bassin d'emploi à ${lp.minutes} min inconnu, ${fmtNum(lp.minActive, l, 0)} actifs demandés`,
          `labour pool within ${lp.minutes} min unknown, ${fmtNum(lp.minActive, l, 0)} working people wanted`,
        ),
      ),
      lp.minActive / 10,
    );
  }
  return result(
    workforceScore(pool.active, lp.minActive),
    pool.active,
    true,
    bi((l) =>
      t(
        l,
        `${fmtNum(pool.active, l, 0)} actifs à moins de ${lp.minutes} min (${METHOD_TEXT[pool.method][l]}), dont ${fmtNum(pool.unemployed, l, 0)} chômeurs ; ${fmtNum(lp.minActive, l, 0)} demandés`,
        `${fmtNum(pool.active, l, 0)} working people within ${lp.minutes} min (${METHOD_TEXT[pool.method][l]}), ${fmtNum(pool.unemployed, l, 0)} of them unemployed; ${fmtNum(lp.minActive, l, 0)} wanted`,
      ),
    ),
    pool.active,
  );
}

/** SQL form of `workforce` (column `active_<minutes>`, migration 0010). */
export function workforceSql(needs: Needs): CriterionSql {
  const lp = needs.labourPool;
  if (!lp) return { score: sql`${0}`, raw: sql`${0}` };
  const a: SqlExpr = { sql: `"m"."active_${lp.minutes}"::float8`, bindings: [] };
  const score = sql`(CASE WHEN ${a} IS NULL THEN ${UNKNOWN_SCORE} WHEN ${a} <= ${0} THEN ${0} ELSE ${0.5} + ${0.5} * log(${a} / ${lp.minActive}) END)`;
  const raw = sql`(CASE WHEN ${a} IS NULL THEN ${lp.minActive / 10} ELSE ${a} END)`;
  return { score: clampRound(score), raw };
}
