/**
 * Ranking: per-criterion breakdown, aggregation (weighted sum by default, or TOPSIS over the
 * candidate set), confidence index, deterministic ranks. `matchSites` adds the hard-constraint
 * split (candidates / near-misses), so the service only has to fetch rows.
 *
 * Determinism: no clock, no randomness, no locale; scores are compared after rounding to 1e-9
 * and ties are broken by site id (plain string order), so the same input gives the same output.
 */
import type { MatchSite } from '../../candidate.ts';
import type { Lang } from '../../format.ts';
import { topsis, weightedSum } from '../../mcda.ts';
import {
  CRITERIA,
  type CriterionKey,
  type CriterionOptions,
  type CriterionResult,
  resolveWeights,
} from './criteria/index.ts';
import { evaluateHardConstraints, type HardConstraintOptions, type HardFailure } from './hard-constraints.ts';
import type { MatchMethod, Needs } from './needs.schema.ts';

/**
 * Version of the scoring rules. Bump it whenever a criterion, a default weight, a hard-constraint
 * rule or the aggregation changes, so a saved shortlist says which rules produced its scores.
 */
export const ALGORITHM_VERSION = 'landmatch-match/1.0.0';

export interface RankOptions {
  /** Client weights by criterion key, over the defaults (see resolveWeights). */
  weights?: Partial<Record<string, number>>;
  method?: MatchMethod;
  /** Results to keep after sorting (default: all). */
  limit?: number;
  /** Language of the `reason` field (both are always there as reason_fr / reason_en). */
  lang?: Lang;
  criterion?: CriterionOptions;
}

export interface CriterionBreakdown {
  key: CriterionKey;
  label: string;
  /** Normalised weight (share of the total, 0 for a criterion reported but not weighted). */
  weight: number;
  score: number;
  /** weight × score: its share of the weighted-sum score (null under TOPSIS, which is not additive). */
  contribution: number | null;
  value: CriterionResult['value'];
  unit: string | null;
  known: boolean;
  reason: string;
  reason_fr: string;
  reason_en: string;
}

export interface RankedResult {
  siteId: string;
  siteIds?: string[];
  name: string;
  rank: number;
  score: number;
  /** Share of the active criteria weight whose data is known. */
  confidence: number;
  criteria: CriterionBreakdown[];
}

const round = (x: number, digits = 6) => Math.round(x * 10 ** digits) / 10 ** digits;

interface Scored {
  site: MatchSite;
  results: Map<CriterionKey, CriterionResult>;
}

type CriterionDef = (typeof CRITERIA)[number];

function evaluate(scored: Scored, defs: readonly CriterionDef[], needs: Needs, options?: CriterionOptions) {
  for (const c of defs) scored.results.set(c.key, c.evaluate(scored.site, needs, options));
}

interface Ordered {
  /** Index in `scored`. */
  i: number;
  siteId: string;
  score: number;
}

/**
 * Scores every site on the weighted criteria only and orders them (score, then id): what the
 * ranking needs. Criteria shown but not weighted are evaluated later for the results kept,
 * and breakdowns are built for those only — ranking 500 candidates to show 20 used to build
 * 500 full breakdowns.
 */
function scoreAndOrder(sites: readonly MatchSite[], needs: Needs, options: RankOptions) {
  const resolved = resolveWeights(needs, options.weights);
  if (resolved.total <= 0) throw new RangeError('the weights give 0 to every active criterion');
  const weighted = CRITERIA.filter((c) => resolved.weights[c.key] > 0);
  const scored: Scored[] = sites.map((site) => ({ site, results: new Map() }));
  for (const s of scored) evaluate(s, weighted, needs, options.criterion);
  const w = weighted.map((c) => resolved.weights[c.key]);
  const method = options.method ?? 'weighted';
  const scores =
    scored.length === 0
      ? []
      : method === 'topsis'
        ? topsis(
            scored.map((s) => weighted.map((c) => s.results.get(c.key)!.raw)),
            w,
            weighted.map((c) => c.direction),
          )
        : weightedSum(
            scored.map((s) => weighted.map((c) => s.results.get(c.key)!.score)),
            w,
          );
  const order: Ordered[] = scored.map((s, i) => ({ i, siteId: s.site.id, score: round(scores[i]) }));
  order.sort(compareByScoreThenId);
  return { resolved, weighted, scored, order, method };
}

/**
 * Scores and ranks candidates that passed the hard constraints. Example:
 * `rankCandidates(rows, needs, { method: 'topsis', limit: 20 })` → results sorted by score,
 * rank 1 first, each with its criteria breakdown and confidence.
 */
export function rankCandidates(
  candidates: readonly MatchSite[],
  needs: Needs,
  options: RankOptions = {},
): RankedResult[] {
  const lang = options.lang ?? 'fr';
  const { resolved, weighted, scored, order, method } = scoreAndOrder(candidates, needs, options);
  const shown = CRITERIA.filter((c) => resolved.active.includes(c.key) || c.reportAlways);
  const unweighted = shown.filter((c) => !weighted.includes(c));
  const kept = options.limit !== undefined ? order.slice(0, options.limit) : order;
  return kept.map((o, rank): RankedResult => {
    const s = scored[o.i];
    evaluate(s, unweighted, needs, options.criterion);
    let knownWeight = 0;
    const criteria = shown.map((c): CriterionBreakdown => {
      const r = s.results.get(c.key)!;
      const share = resolved.weights[c.key] / resolved.total;
      if (r.known) knownWeight += share;
      return {
        key: c.key,
        label: c.label[lang],
        weight: round(share),
        score: round(r.score),
        contribution: method === 'weighted' ? round(share * r.score) : null,
        value: r.value,
        unit: c.unit,
        known: r.known,
        reason: lang === 'fr' ? r.reason_fr : r.reason_en,
        reason_fr: r.reason_fr,
        reason_en: r.reason_en,
      };
    });
    return {
      siteId: s.site.id,
      ...(s.site.siteIds && s.site.siteIds.length > 0 ? { siteIds: [...s.site.siteIds] } : {}),
      name: s.site.name,
      score: o.score,
      confidence: round(knownWeight),
      criteria,
      rank: rank + 1,
    };
  });
}

function compareByScoreThenId(
  a: { score: number; siteId: string },
  b: { score: number; siteId: string },
): number {
  const d = Math.round(b.score * 1e9) - Math.round(a.score * 1e9);
  if (d !== 0) return d;
  return a.siteId < b.siteId ? -1 : a.siteId > b.siteId ? 1 : 0;
}

export interface NearMiss {
  siteId: string;
  siteIds?: string[];
  name: string;
  /** Weighted-sum score the site would have if the failed constraints were lifted. */
  score: number;
  failed: (HardFailure & { reason: string })[];
}

export interface MatchOptions extends RankOptions, HardConstraintOptions {
  /** A site failing at most this many hard constraints is a near-miss (default 2). */
  maxFailures?: number;
  /** Near-misses to keep (default 10). */
  nearMissLimit?: number;
}

export interface MatchOutcome {
  algorithmVersion: string;
  method: MatchMethod;
  /** Effective normalised weights of the weighted criteria. */
  weights: Partial<Record<CriterionKey, number>>;
  /** Criteria the client weighted but the needs do not activate (weight forced to 0). */
  ignoredWeights: CriterionKey[];
  results: RankedResult[];
  nearMisses: NearMiss[];
  counts: { considered: number; inScope: number; candidates: number; nearMisses: number };
}

/**
 * The whole pure pipeline on rows already fetched: hard constraints (the same rules as the SQL
 * stage), ranking of the sites that pass, near-misses (in scope, failing 1…maxFailures hard
 * constraints, fewest failures and "to confirm" ones first). A need nobody meets gives
 * `results: []` and near-misses, not an error.
 * Example: `matchSites(rows, needs, { method: 'weighted', limit: 20, lang: 'en' })`.
 */
export function matchSites(
  sites: readonly MatchSite[],
  needs: Needs,
  options: MatchOptions = {},
): MatchOutcome {
  const maxFailures = options.maxFailures ?? 2;
  const candidates: MatchSite[] = [];
  const misses: { site: MatchSite; failed: HardFailure[] }[] = [];
  let inScope = 0;
  for (const site of sites) {
    const ev = evaluateHardConstraints(site, needs, options);
    if (!ev.inScope) continue;
    inScope++;
    if (ev.pass) candidates.push(site);
    else if (ev.failed.length <= maxFailures) misses.push({ site, failed: ev.failed });
  }
  const resolved = resolveWeights(needs, options.weights);
  const results = rankCandidates(candidates, needs, options);
  const lang = options.lang ?? 'fr';
  // Near-misses are ordered by their weighted-sum score: no breakdown needed.
  const missScores = new Map(
    scoreAndOrder(
      misses.map((m) => m.site),
      needs,
      { ...options, method: 'weighted' },
    ).order.map((o) => [o.siteId, o.score]),
  );
  const nearMisses = misses
    .map((m): NearMiss & { provenFailures: number } => ({
      siteId: m.site.id,
      ...(m.site.siteIds && m.site.siteIds.length > 0 ? { siteIds: [...m.site.siteIds] } : {}),
      name: m.site.name,
      score: missScores.get(m.site.id) ?? 0,
      failed: m.failed.map((f) => ({ ...f, reason: lang === 'fr' ? f.reason_fr : f.reason_en })),
      provenFailures: m.failed.filter((f) => !f.unknown).length,
    }))
    .sort(
      (a, b) =>
        a.failed.length - b.failed.length ||
        a.provenFailures - b.provenFailures ||
        compareByScoreThenId(a, b),
    )
    .slice(0, options.nearMissLimit ?? 10)
    .map(({ provenFailures: _p, ...m }) => m);
  const weights: Partial<Record<CriterionKey, number>> = {};
  for (const c of CRITERIA)
    if (resolved.weights[c.key] > 0) weights[c.key] = round(resolved.weights[c.key] / resolved.total);
  return {
    algorithmVersion: ALGORITHM_VERSION,
    method: options.method ?? 'weighted',
    weights,
    ignoredWeights: resolved.ignored,
    results,
    nearMisses,
    counts: { considered: sites.length, inScope, candidates: candidates.length, nearMisses: misses.length },
  };
}
