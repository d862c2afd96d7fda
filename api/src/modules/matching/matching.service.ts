/**
 * `POST /api/match`: validate the request (one zod schema shared with the UI), run the stage in
 * SQL (exact counts, the exact top of the ranking over every passing site, the closest
 * near-misses), add plot assemblies when allowed, then re-score the top in TypeScript to explain
 * it (both languages), with confidence from provenance and flags. Anonymous callers see
 * published sites only and nothing they send is stored or logged (only aggregate counts).
 * `algorithmVersion: 'landmatch-match/1.0.0'` runs the previous engine (legacy/v1) for comparison.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Knex } from 'knex';
import { projectRoot } from '../../config.ts';
import { dataVersion } from '../../db/data-versions.ts';
import { parseInput } from '../../shared/validation.ts';
import { VersionedCache } from '../../shared/versioned-cache.ts';
import type { Actor } from '../auth/auth.types.ts';
import { assemblePlots } from './assembly.ts';
import type { MatchSite } from './candidate.ts';
import { listCriteria } from './criteria/index.ts';
import type { Lang } from './format.ts';
import { evaluateKnockouts, matchRules } from './knockouts/evaluate.ts';
import { listKnockouts } from './knockouts/index.ts';
import { matchV1 } from './legacy/v1/index.ts';
import { type MatchRequest, matchRequestSchema, requestWeights } from './match-request.schema.ts';
import type {
  CriteriaResponse,
  KnockoutsResponse,
  MatchResponse,
  MatchResult,
  MatchVersions,
  TemplatesResponse,
  VersionChange,
} from './matching.schemas.ts';
import { fetchMatchSites, fetchOutlines, runStage } from './matching.store.pg.ts';
import {
  ALGORITHM_VERSION,
  compareNearMisses,
  effectiveWeights,
  type NearMiss,
  nearMissOf,
  rankCandidates,
  SCORE_KIND,
  SCORE_LABEL,
  topsisRaws,
  weightedCriteria,
} from './rank.ts';
import { LEGACY_ALGORITHM_VERSION } from './version.ts';

/** Near-misses shown. */
export const NEAR_MISS_LIMIT = 10;

export interface MatchCounters {
  anonymous: number;
  staff: number;
}

export interface MatchCallOptions {
  /** Reference date of the confidence's age factor (default: today, UTC). */
  asOf?: string;
}

/** Default bound of the match result cache (MATCH_CACHE_MB). */
export const MATCH_CACHE_BYTES = 32 * 1024 * 1024;

/**
 * The `data_versions` rows a match result depends on: `site_match` is derived from the sites
 * and their access, drive-time and labour-pool rows (all marked 'site_access'); the names in
 * explanations come from the infrastructure.
 */
const MATCH_SOURCES = ['sites', 'site_access', 'infrastructure'];

type CurrentResponse = Awaited<ReturnType<MatchingService['matchCurrent']>>;

export class MatchingService {
  /** Aggregate counts only: anonymous requests leave no other trace. */
  readonly counters: MatchCounters = { anonymous: 0, staff: 0 };
  private templatesCache?: TemplatesResponse;
  /**
   * Results by request (parsed, so key order and defaults do not matter), audience, language
   * and date, valid while the data they were computed from is unchanged: a repeated template or
   * project costs one small query instead of scans of every site. In memory only, like the
   * tile cache; nothing of a request leaves this process.
   */
  readonly cache: VersionedCache<CurrentResponse>;

  constructor(
    private readonly knex: Knex,
    opts: { cacheBytes?: number } = {},
  ) {
    this.cache = new VersionedCache(
      opts.cacheBytes ?? MATCH_CACHE_BYTES,
      (r) => JSON.stringify(r).length * 2,
    );
  }

  parseRequest(body: unknown): MatchRequest {
    return parseInput(matchRequestSchema, body, 'match request');
  }

  async match(body: unknown, actor: Actor | undefined, lang: Lang, options: MatchCallOptions = {}) {
    const req = this.parseRequest(body);
    if (actor) this.counters.staff += 1;
    else this.counters.anonymous += 1;
    if (req.algorithmVersion === LEGACY_ALGORITHM_VERSION) {
      return matchV1(this.knex, body as Record<string, unknown>, !actor, lang);
    }
    const asOf = options.asOf ?? new Date().toISOString().slice(0, 10);
    const publishedOnly = !actor;
    const key = JSON.stringify([req, publishedOnly, lang, asOf]);
    return this.cache.get(key, await dataVersion(this.knex, MATCH_SOURCES), async () => {
      const out = await this.matchCurrent(req, publishedOnly, lang, asOf);
      return { ...out, results: await this.withOutlines(out.results) };
    });
  }

  /** Each result with the outlines of its plots (one for a site), for the map. */
  private async withOutlines(results: MatchResponse['results']): Promise<MatchResponse['results']> {
    const plots = (r: MatchResult) => (r.siteIds?.length ? r.siteIds : [r.siteId]);
    const outlines = await fetchOutlines(this.knex, [...new Set(results.flatMap(plots))]);
    return results.map((r) => ({
      ...r,
      outlines: plots(r).flatMap((siteId) => {
        const geometry = outlines.get(siteId);
        return geometry ? [{ siteId, geometry }] : [];
      }),
    }));
  }

  private async matchCurrent(
    req: MatchRequest,
    publishedOnly: boolean,
    lang: Lang,
    asOf: string,
  ): Promise<MatchResponse> {
    const needs = req.needs;
    const weights = requestWeights(req);
    const rules = matchRules(needs);
    const { defs, weights: normalised } = weightedCriteria(needs, weights);
    const rankOptions = { weights, method: req.method, lang, asOf };

    // Plot assemblies are few (adjacent small plots of one commune): evaluated in TypeScript.
    const assemblies = needs.allowAssembly ? await assemblePlots(this.knex, needs, { publishedOnly }) : [];
    const passing: MatchSite[] = [];
    const assemblyMisses: NearMiss[] = [];
    for (const a of assemblies) {
      const ev = evaluateKnockouts(a, needs);
      if (!ev.inScope || ev.banned.length > 0) continue;
      if (ev.pass) passing.push(a);
      else if (ev.failed.length <= 2) assemblyMisses.push(nearMissOf(a, ev.failed, ev.gapSum, lang));
    }

    const stage = await runStage(this.knex, {
      needs,
      rules,
      method: req.method,
      defs,
      weights: normalised,
      publishedOnly,
      limit: req.limit,
      nearMissLimit: NEAR_MISS_LIMIT,
      extraTopsisRows:
        req.method === 'topsis' ? passing.map((a) => topsisRaws(a, needs, rankOptions)) : undefined,
    });

    const ranked = stage.ranked.map((r) => stage.sites.get(r.id)).filter((s): s is MatchSite => !!s);
    const results = rankCandidates([...ranked, ...passing], needs, {
      ...rankOptions,
      limit: req.limit,
      topsisStats: stage.topsisStats ?? undefined,
    });

    const plotMisses = stage.nearMisses.flatMap((n) => {
      const site = stage.sites.get(n.id);
      if (!site) return [];
      const ev = evaluateKnockouts(site, needs);
      return [nearMissOf(site, ev.failed, ev.gapSum, lang)];
    });
    const nearMisses = [...plotMisses, ...assemblyMisses].sort(compareNearMisses).slice(0, NEAR_MISS_LIMIT);
    const { weights: effective, ignored } = effectiveWeights(needs, weights);
    const scoreKind = SCORE_KIND[req.method];
    return {
      algorithmVersion: ALGORITHM_VERSION,
      method: req.method,
      scoreKind,
      scoreLabel: SCORE_LABEL[scoreKind],
      weights: effective,
      ignoredWeights: ignored,
      knockouts: [...rules.legal, ...rules.needs].map((k) => ({
        key: k.def.key,
        kind: k.def.kind,
        label: k.def.label,
        rule: k.def.rule,
      })),
      results,
      nearMisses,
      counts: {
        ...stage.counts,
        assemblies: passing.length,
        ranked: results.length,
      },
    };
  }

  /**
   * Runs the current and the previous engine on the same needs and says what changed for each
   * site in either top: new, dropped (with the legal ban or knock-out that dropped it when the
   * current engine knows one), moved up or down. Staff use it on a saved project after an engine
   * upgrade. `needs` as a client sends them (a project's stored needs).
   */
  async compareVersions(needs: unknown, actor: Actor, lang: Lang, limit = 20): Promise<MatchVersions> {
    const body = { needs, limit };
    const asOf = new Date().toISOString().slice(0, 10);
    const req = this.parseRequest(body);
    const current = await this.matchCurrent(req, false, lang, asOf);
    const previous = await matchV1(this.knex, body, false, lang);
    const before = new Map(previous.results.map((r) => [r.siteId, r]));
    const after = new Map(current.results.map((r) => [r.siteId, r]));
    const ids = [...new Set([...after.keys(), ...before.keys()])];
    const dropped = ids.filter((id) => !after.has(id) && !id.includes('+'));
    const why = new Map<string, { fr: string; en: string }[]>();
    if (dropped.length > 0) {
      const sites = await fetchMatchSites(this.knex, dropped);
      for (const [id, site] of sites) {
        const ev = evaluateKnockouts(site, req.needs);
        why.set(
          id,
          [...ev.banned, ...ev.failed].map((f) => ({ fr: f.reason_fr, en: f.reason_en })),
        );
      }
    }
    const changes = ids.map((id) => {
      const a = after.get(id);
      const b = before.get(id);
      const change: VersionChange['change'] = !b
        ? 'new'
        : !a
          ? 'dropped'
          : a.rank < b.rank
            ? 'up'
            : a.rank > b.rank
              ? 'down'
              : 'same';
      const reasons = why.get(id) ?? [];
      return {
        siteId: id,
        name: (a ?? b)!.name,
        before: b ? { rank: b.rank, score: b.score, confidence: b.confidence } : null,
        after: a ? { rank: a.rank, score: a.score, confidence: a.confidence } : null,
        change,
        reasons_fr: reasons.map((r) => r.fr),
        reasons_en: reasons.map((r) => r.en),
      };
    });
    void actor;
    return {
      current: { algorithmVersion: current.algorithmVersion, counts: current.counts },
      previous: { algorithmVersion: LEGACY_ALGORITHM_VERSION, counts: previous.counts },
      changes,
    };
  }

  criteria(): CriteriaResponse {
    return { criteria: listCriteria() };
  }

  knockouts(): KnockoutsResponse {
    return { knockouts: listKnockouts() };
  }

  templates(): TemplatesResponse {
    if (!this.templatesCache) {
      const file = path.join(projectRoot, 'geodata', 'templates', 'project-templates.json');
      this.templatesCache = { templates: JSON.parse(fs.readFileSync(file, 'utf8')).templates };
    }
    return this.templatesCache;
  }
}
