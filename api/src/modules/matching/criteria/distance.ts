/**
 * The distance criteria (motorway, rail freight, port, airport) share one shape: distance to the
 * nearest infrastructure of a kind (precomputed `site_access`), scored against the project's
 * maximum or a reference distance; rail freight and port also accept an on-site siding / quay.
 */
import { type AccessKind, accessOf, type MatchSite } from '../candidate.ts';
import { type Bilingual, bi, fmtKm, type Lang } from '../format.ts';
import type { DistanceNeed, Needs, Preference } from '../needs.schema.ts';
import {
  type CriterionResult,
  distanceScore,
  limitText,
  quoted,
  REFERENCE_DISTANCE_KM,
  result,
  sep,
  t,
  UNKNOWN_SCORE,
} from './common.ts';
import {
  type CriterionSql,
  clampRound,
  col,
  dist,
  distanceScoreSql,
  round3 as round3Sql,
  sql,
} from './sql.ts';

interface DistanceSpec {
  need: DistanceNeed;
  kind: AccessKind;
  label: Bilingual;
}

/** Scores plain distance to the nearest `kind`; value and raw are km. */
export function scoreDistance(site: MatchSite, needs: Needs, spec: DistanceSpec): CriterionResult {
  const maxKm = needs.maxDistanceKm[spec.need];
  const limit = maxKm ?? REFERENCE_DISTANCE_KM[spec.need];
  const acc = accessOf(site, spec.kind);
  if (!acc) {
    return result(
      UNKNOWN_SCORE,
      null,
      false,
      bi(
        (l) =>
          `${t(l, 'distance inconnue', 'distance unknown')} (${spec.label[l]})${limitText(limit, maxKm !== undefined, l)}`,
      ),
      2 * limit,
    );
  }
  const km = acc.distanceM / 1000;
  return result(
    distanceScore(km, limit),
    round3(km),
    true,
    bi(
      (l) =>
        `${spec.label[l]}${quoted(acc.name, l)} ${at(l)} ${fmtKm(acc.distanceM, l)}${limitText(limit, maxKm !== undefined, l)}`,
    ),
    round3(km),
  );
}

interface OnSiteSpec extends DistanceSpec {
  preference: 'railSiding' | 'quay';
  onSite: (site: MatchSite) => boolean | null | undefined;
  onSiteLabel: Bilingual;
  noOnSiteLabel: Bilingual;
  unknownOnSiteLabel: Bilingual;
}

/**
 * Rail freight / port: an on-site siding or quay scores 1 (distance 0). When the project wants
 * one (`required`/`preferred`) and the site has none, the best it can get is 0.6 × the distance
 * score of the nearest freight station / port; when it only gives a maximum distance, the
 * distance score alone.
 */
export function scoreWithOnSite(site: MatchSite, needs: Needs, spec: OnSiteSpec): CriterionResult {
  const pref: Preference = needs[spec.preference];
  const onSite = spec.onSite(site) ?? null;
  if (onSite === true) return result(1, 0, true, spec.onSiteLabel, 0);
  const maxKm = needs.maxDistanceKm[spec.need];
  const limit = maxKm ?? REFERENCE_DISTANCE_KM[spec.need];
  const acc = accessOf(site, spec.kind);
  const wantsOnSite = pref !== 'indifferent';
  const head = (l: Lang) =>
    wantsOnSite || onSite === false
      ? `${(onSite === false ? spec.noOnSiteLabel : spec.unknownOnSiteLabel)[l]}${sep(l)}`
      : '';
  const distanceText = (l: Lang) =>
    acc
      ? `${spec.label[l]}${quoted(acc.name, l)} ${at(l)} ${fmtKm(acc.distanceM, l)}${limitText(limit, maxKm !== undefined, l)}`
      : `${t(l, 'distance inconnue', 'distance unknown')} (${spec.label[l]})${limitText(limit, maxKm !== undefined, l)}`;
  const ds = acc ? distanceScore(acc.distanceM / 1000, limit) : null;
  const score = ds === null ? UNKNOWN_SCORE : wantsOnSite ? 0.6 * ds : ds;
  const known = wantsOnSite ? onSite !== null && (acc !== null || maxKm === undefined) : acc !== null;
  const km = acc ? round3(acc.distanceM / 1000) : null;
  return result(
    score,
    km,
    known,
    bi((l) => head(l) + distanceText(l)),
    km ?? 2 * limit,
  );
}

function at(l: Lang): string {
  return t(l, 'à', 'at');
}

function round3(x: number): number {
  return Math.round(x * 1000) / 1000;
}

/** SQL form of `scoreDistance`. */
export function distanceSql(needs: Needs, need: DistanceNeed, kind: AccessKind): CriterionSql {
  const limit = needs.maxDistanceKm[need] ?? REFERENCE_DISTANCE_KM[need];
  const d = dist(kind);
  const km = sql`(${d} / ${1000})`;
  const raw = sql`(CASE WHEN ${d} IS NULL THEN ${2 * limit} ELSE ${round3Sql(km)} END)`;
  const score = sql`(CASE WHEN ${d} IS NULL THEN ${UNKNOWN_SCORE} ELSE ${distanceScoreSql(km, limit)} END)`;
  return { score: clampRound(score), raw };
}

/** SQL form of `scoreWithOnSite`. */
export function withOnSiteSql(
  needs: Needs,
  need: DistanceNeed,
  kind: AccessKind,
  preference: 'railSiding' | 'quay',
): CriterionSql {
  const limit = needs.maxDistanceKm[need] ?? REFERENCE_DISTANCE_KM[need];
  const factor = needs[preference] !== 'indifferent' ? 0.6 : 1;
  const d = dist(kind);
  const flag = col(preference);
  const km = sql`(${d} / ${1000})`;
  const ds = distanceScoreSql(km, limit);
  const score = sql`(CASE WHEN ${flag} IS TRUE THEN ${1} WHEN ${d} IS NULL THEN ${UNKNOWN_SCORE} ELSE ${factor === 1 ? ds : sql`${0.6} * ${ds}`} END)`;
  const raw = sql`(CASE WHEN ${flag} IS TRUE THEN ${0} WHEN ${d} IS NULL THEN ${2 * limit} ELSE ${round3Sql(km)} END)`;
  return { score: clampRound(score), raw };
}
