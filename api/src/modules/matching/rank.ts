/**
 * Ranking in TypeScript: per-criterion breakdown with bilingual reasons, aggregation (weighted
 * sum, or TOPSIS against column statistics over every passing site), confidence from
 * provenance, flags, and deterministic order. The SQL stage (matching.store.pg.ts) computes the
 * same scores over every passing site to find the exact top; this module re-scores that top to
 * explain it, scores plot assemblies, and is the whole pipeline for in-memory sets
 * (`matchSites`, used by tests and the shortlist snapshot).
 *
 * Determinism: no clock (the confidence's reference date is an input), no randomness, no
 * locale; scores are rounded to 6 decimals and ties are broken by site id (plain string order,
 * the same as PostgreSQL's uuid order), so the same input gives the same output in both stages.
 */

import type { MatchSite } from './candidate.ts';
import { poolOf } from './candidate.ts';
import { driveTimeEstimated } from './criteria/drive-time.ts';
import {
  CRITERIA,
  type CriterionKey,
  type CriterionOptions,
  type CriterionResult,
  resolveWeights,
} from './criteria/index.ts';
import { assessPower, printedMonths } from './electrical.ts';
import { type Bilingual, fmtDate, fmtMonths, type Lang } from './format.ts';
import { effectiveAvailability } from './knockouts/available-by.ts';
import { evaluateKnockouts, type KnockoutFailure, type RuleOptions } from './knockouts/evaluate.ts';
import type {
  ConfidenceNote,
  CriterionBreakdown,
  MatchResult,
  NearMiss,
  ResultFlag,
  ScoreKind,
} from './matching.schemas.ts';
import { type Direction, type TopsisStats, topsisStats, topsisWithStats } from './mcda.ts';
import type { MatchMethod, Needs } from './needs.schema.ts';
import { criterionKnowledge } from './provenance.ts';
import { ALGORITHM_VERSION } from './version.ts';

export { ALGORITHM_VERSION } from './version.ts';
export type { NearMiss, ScoreKind };

export const SCORE_KIND: Record<MatchMethod, ScoreKind> = {
  weighted: 'weighted_sum',
  topsis: 'topsis_closeness',
};
export const SCORE_LABEL: Record<ScoreKind, Bilingual> = {
  weighted_sum: { fr: 'somme pondérée', en: 'weighted sum' },
  topsis_closeness: { fr: "proximité TOPSIS à l'idéal", en: 'TOPSIS closeness to the ideal' },
};

export interface RankOptions extends RuleOptions {
  /** Client weights by criterion key, over the defaults (see resolveWeights). */
  weights?: Partial<Record<string, number>>;
  method?: MatchMethod;
  /** Results to keep after sorting (default: all). */
  limit?: number;
  /** Language of the `reason` field (both are always there as reason_fr / reason_en). */
  lang?: Lang;
  criterion?: CriterionOptions;
  /** Reference date of the confidence's age factor (ISO); absent → no age factor. */
  asOf?: string;
  /** TOPSIS column statistics over every passing site (from the SQL stage); absent → over `sites`. */
  topsisStats?: TopsisStats;
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

/** The weighted criteria of a request and their normalised weights, in registry order. */
export function weightedCriteria(needs: Needs, weights?: Partial<Record<string, number>>) {
  const resolved = resolveWeights(needs, weights);
  if (resolved.total <= 0) throw new RangeError('the weights give 0 to every active criterion');
  const defs = CRITERIA.filter((c) => resolved.weights[c.key] > 0);
  return { resolved, defs, weights: defs.map((c) => resolved.weights[c.key] / resolved.total) };
}

/** Orders by score (rounded to 6 decimals) descending, then id ascending. */
export function compareByScoreThenId(
  a: { score: number; siteId: string },
  b: { score: number; siteId: string },
): number {
  const d = Math.round(b.score * 1e6) - Math.round(a.score * 1e6);
  if (d !== 0) return d;
  return a.siteId < b.siteId ? -1 : a.siteId > b.siteId ? 1 : 0;
}

/** TOPSIS raw values of a site for the weighted criteria (for column statistics). */
export function topsisRaws(site: MatchSite, needs: Needs, options: RankOptions = {}): number[] {
  const { defs } = weightedCriteria(needs, options.weights);
  return defs.map((c) => c.evaluate(site, needs, options.criterion).raw);
}

function flagsOf(
  site: MatchSite,
  needs: Needs,
  results: Map<CriterionKey, CriterionResult>,
  options: RankOptions,
  lang: Lang,
): ResultFlag[] {
  const out: (Bilingual & { code: string })[] = [];
  const push = (code: string, text: Bilingual) => out.push({ code, ...text });
  if (site.status === 'under_option' || site.status === 'committed') {
    const until = site.reservedUntil ?? null;
    const committed = site.status === 'committed';
    push(site.status, {
      fr: `${committed ? 'engagé (accord signé)' : 'sous option'}${until ? ` jusqu'au ${fmtDate(until, 'fr')}` : ', fin inconnue'}`,
      en: `${committed ? 'committed (agreement signed)' : 'under option'}${until ? ` until ${until}` : ', end unknown'}`,
    });
  }
  if ((needs.powerMw ?? 0) > 0) {
    const a = assessPower(site, needs.powerMw ?? 0, needs.rampUpMonths, options.criterion?.electrical);
    if (a.route === 'new_connection' && a.months !== null) {
      push('new_connection', {
        fr: `nouveau raccordement ${a.connection?.level ?? ''} estimé à ${fmtMonths(printedMonths(a.months), 'fr')}${a.known ? '' : ', capacité à confirmer'}`,
        en: `new ${a.connection?.level ?? ''} connection estimated at ${fmtMonths(printedMonths(a.months), 'en')}${a.known ? '' : ', capacity to confirm'}`,
      });
    } else if (!a.known) {
      push('power_to_confirm', { fr: 'puissance à confirmer', en: 'power to confirm' });
    }
  }
  if (site.pluZone === 'AUs')
    push('plu_change', {
      fr: 'modification du PLU nécessaire (zone AUs)',
      en: 'PLU change needed (AUs zone)',
    });
  if (site.pluDestination === '03')
    push('mixed_zone', {
      fr: 'zone mixte habitat/activité : industrie à vérifier',
      en: 'mixed housing/activity zone: industry to check',
    });
  if (site.dataQuality === 'illustrative' || (site.illustrativeFields ?? []).length > 0) {
    push('illustrative', {
      fr:
        site.dataQuality === 'illustrative'
          ? 'fiche illustrative (données non sourcées)'
          : `${(site.illustrativeFields ?? []).length} champs illustratifs`,
      en:
        site.dataQuality === 'illustrative'
          ? 'illustrative entry (unsourced data)'
          : `${(site.illustrativeFields ?? []).length} illustrative fields`,
    });
  }
  if (needs.availableBy && effectiveAvailability(site) === null && results.has('availability'))
    push('availability_to_confirm', {
      fr: 'date de disponibilité à confirmer',
      en: 'availability date to confirm',
    });
  for (const note of site.assemblyNotes ?? []) push('assembly', note);
  return out.map((n) => ({ code: n.code, text_fr: n.fr, text_en: n.en, text: n[lang] }));
}

/**
 * Scores and ranks candidates that passed the knock-outs. Example:
 * `rankCandidates(rows, needs, { method: 'topsis', limit: 20, asOf: '2026-12-07' })` → results
 * sorted by score, rank 1 first, each with its breakdown, confidence, notes and flags.
 */
export function rankCandidates(
  candidates: readonly MatchSite[],
  needs: Needs,
  options: RankOptions = {},
): MatchResult[] {
  const lang = options.lang ?? 'fr';
  const method = options.method ?? 'weighted';
  const { resolved, defs, weights } = weightedCriteria(needs, options.weights);
  const scored: Scored[] = candidates.map((site) => ({ site, results: new Map() }));
  for (const s of scored) evaluate(s, defs, needs, options.criterion);
  const matrix = scored.map((s) => defs.map((c) => s.results.get(c.key)!));
  const directions: Direction[] = defs.map((c) => c.direction);
  const scores =
    scored.length === 0
      ? []
      : method === 'topsis'
        ? topsisWithStats(
            matrix.map((row) => row.map((r) => r.raw)),
            weights,
            directions,
            options.topsisStats ??
              topsisStats(
                matrix.map((row) => row.map((r) => r.raw)),
                defs.length,
              ),
          )
        : // Normalised weights as they are (the SQL stage binds the same numbers), summed in order.
          matrix.map((row) => row.reduce((acc, r, j) => acc + r.score * weights[j], 0));
  const order = scored.map((s, i) => ({ i, siteId: s.site.id, score: round(scores[i]) }));
  order.sort(compareByScoreThenId);
  const shown = CRITERIA.filter((c) => resolved.active.includes(c.key) || c.reportAlways);
  const unweighted = shown.filter((c) => !defs.includes(c));
  const kept = options.limit !== undefined ? order.slice(0, options.limit) : order;
  return kept.map((o, rank): MatchResult => {
    const s = scored[o.i];
    evaluate(s, unweighted, needs, options.criterion);
    let confidence = 0;
    const losses: ConfidenceNote[] = [];
    const criteria = shown.map((c): CriterionBreakdown => {
      const r = s.results.get(c.key)!;
      const share = resolved.weights[c.key] / resolved.total;
      // Power without evidence counts as an estimate only when there is one to count.
      const power =
        c.key === 'power' && (needs.powerMw ?? 0) > 0
          ? assessPower(s.site, needs.powerMw ?? 0, needs.rampUpMonths, options.criterion?.electrical)
          : null;
      const doubt =
        power && !(power.route === 'new_connection' && power.connection === null)
          ? power.doubt
          : roadEstimateDoubt(c.key, s.site, needs);
      const k = criterionKnowledge(c.key, s.site, r.known, options.asOf, doubt);
      confidence += share * k.value;
      if (share > 0 && k.value < 1 && k.why) {
        const loss = share * (1 - k.value);
        losses.push({
          criterion: c.key,
          loss: round(loss, 4),
          text_fr: `${c.label.fr} : ${k.why.fr}`,
          text_en: `${c.label.en}: ${k.why.en}`,
          text: lang === 'fr' ? `${c.label.fr} : ${k.why.fr}` : `${c.label.en}: ${k.why.en}`,
        });
      }
      return {
        key: c.key,
        label: c.label[lang],
        label_fr: c.label.fr,
        label_en: c.label.en,
        weight: round(share),
        score: round(r.score),
        contribution: method === 'weighted' ? round(share * r.score) : null,
        value: r.value,
        unit: c.unit,
        known: r.known,
        knowledge: round(k.value, 4),
        reason: lang === 'fr' ? r.reason_fr : r.reason_en,
        reason_fr: r.reason_fr,
        reason_en: r.reason_en,
      };
    });
    losses.sort((a, b) => b.loss - a.loss || (a.criterion < b.criterion ? -1 : 1));
    return {
      siteId: s.site.id,
      ...(s.site.siteIds && s.site.siteIds.length > 0 ? { siteIds: [...s.site.siteIds] } : {}),
      name: s.site.name,
      score: o.score,
      scoreKind: SCORE_KIND[method],
      confidence: round(confidence, 4),
      confidenceNotes: losses.slice(0, 3),
      flags: flagsOf(s.site, needs, s.results, options, lang),
      criteria,
      rank: rank + 1,
    };
  });
}

/** Near-miss order: fewest failures, then the smallest summed normalised gap, then id. */
export function compareNearMisses(
  a: { failures: number; gapSum: number; siteId: string },
  b: { failures: number; gapSum: number; siteId: string },
): number {
  return (
    a.failures - b.failures ||
    Math.round(a.gapSum * 1e6) - Math.round(b.gapSum * 1e6) ||
    (a.siteId < b.siteId ? -1 : a.siteId > b.siteId ? 1 : 0)
  );
}

/** A near-miss with its explained failures. */
export function nearMissOf(site: MatchSite, failed: KnockoutFailure[], gapSum: number, lang: Lang): NearMiss {
  return {
    siteId: site.id,
    ...(site.siteIds && site.siteIds.length > 0 ? { siteIds: [...site.siteIds] } : {}),
    name: site.name,
    failures: failed.length,
    gapSum: round(gapSum),
    failed: failed.map((f) => ({ ...f, reason: lang === 'fr' ? f.reason_fr : f.reason_en })),
  };
}

export interface MatchOptions extends RankOptions {
  /** A site failing at most this many knock-outs is a near-miss (default 2). */
  maxFailures?: number;
  /** Near-misses to keep (default 10). */
  nearMissLimit?: number;
}

export interface MatchCounts {
  /** Sites in scope (geography, status, something available) that the caller may see. */
  considered: number;
  /** In scope but breaking a legal ban. */
  legallyExcluded: number;
  /** Passing every knock-out. */
  candidates: number;
  /** Failing 1 … maxFailures need knock-outs (and no legal ban). */
  nearMisses: number;
}

export interface MatchOutcome {
  algorithmVersion: string;
  method: MatchMethod;
  scoreKind: ScoreKind;
  /** Effective normalised weights of the weighted criteria. */
  weights: Partial<Record<CriterionKey, number>>;
  /** Criteria the client weighted but the needs do not activate (weight forced to 0). */
  ignoredWeights: CriterionKey[];
  results: MatchResult[];
  nearMisses: NearMiss[];
  counts: MatchCounts;
}

/** Effective normalised weights of the weighted criteria, by key. */
export function effectiveWeights(needs: Needs, weights?: Partial<Record<string, number>>) {
  const { resolved } = weightedCriteria(needs, weights);
  const out: Partial<Record<CriterionKey, number>> = {};
  for (const c of CRITERIA)
    if (resolved.weights[c.key] > 0) out[c.key] = round(resolved.weights[c.key] / resolved.total);
  return { weights: out, ignored: resolved.ignored };
}

/**
 * The whole pipeline on an in-memory set: knock-outs (the same rules as the SQL stage), ranking
 * of the sites that pass, near-misses ordered by closeness. A need nobody meets gives
 * `results: []` and near-misses, not an error.
 * Example: `matchSites(rows, needs, { method: 'weighted', limit: 20, lang: 'en' })`.
 */
export function matchSites(
  sites: readonly MatchSite[],
  needs: Needs,
  options: MatchOptions = {},
): MatchOutcome {
  const maxFailures = options.maxFailures ?? 2;
  const lang = options.lang ?? 'fr';
  const candidates: MatchSite[] = [];
  const misses: NearMiss[] = [];
  const counts: MatchCounts = { considered: 0, legallyExcluded: 0, candidates: 0, nearMisses: 0 };
  for (const site of sites) {
    const ev = evaluateKnockouts(site, needs, options);
    if (!ev.inScope) continue;
    counts.considered++;
    if (ev.banned.length > 0) {
      counts.legallyExcluded++;
      continue;
    }
    if (ev.pass) candidates.push(site);
    else if (ev.failed.length <= maxFailures) misses.push(nearMissOf(site, ev.failed, ev.gapSum, lang));
  }
  counts.candidates = candidates.length;
  counts.nearMisses = misses.length;
  const method = options.method ?? 'weighted';
  const { weights, ignored } = effectiveWeights(needs, options.weights);
  return {
    algorithmVersion: ALGORITHM_VERSION,
    method,
    scoreKind: SCORE_KIND[method],
    weights,
    ignoredWeights: ignored,
    results: rankCandidates(candidates, needs, options),
    nearMisses: misses.sort(compareNearMisses).slice(0, options.nearMissLimit ?? 10),
    counts,
  };
}

/** Drive times or a labour pool estimated from straight lines (no road network there) are doubts. */
function roadEstimateDoubt(key: string, site: MatchSite, needs: Needs): Bilingual | null {
  const estimated =
    key === 'driveTime'
      ? driveTimeEstimated(site, needs)
      : key === 'workforce' && needs.labourPool
        ? poolOf(site, needs.labourPool.minutes)?.method === 'estimate'
        : false;
  return estimated
    ? {
        fr: 'temps de trajet estimés à vol d’oiseau (réseau routier non importé)',
        en: 'drive times estimated from straight lines (no road network imported)',
      }
    : null;
}
