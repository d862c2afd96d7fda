/**
 * `POST /api/match`: validate the request (one zod schema shared with the UI), run the
 * hard-constraint stage in SQL, add plot assemblies when allowed, then rank in TypeScript
 * (pure criteria, weighted sum or TOPSIS) and explain near-misses. Anonymous callers see
 * published sites only and nothing they send is stored or logged (only aggregate counts).
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Knex } from 'knex';
import { projectRoot } from '../../config.ts';
import { parseInput } from '../../shared/validation.ts';
import type { Actor } from '../auth/auth.types.ts';
import { assemblePlots } from './assembly.ts';
import { listCriteria } from './criteria/index.ts';
import type { Lang } from './format.ts';
import { hardConstraintSpecs } from './hard-constraints.ts';
import { compileStage, runStage } from './matching.store.pg.ts';
import { type MatchRequest, matchRequestSchema, requestWeights } from './needs.schema.ts';
import { matchSites } from './rank.ts';

/**
 * Most sites passing every constraint that the ranking stage scores: the first 2,000 by id, a
 * deterministic uniform sample when more pass (matching.store.pg.ts), flagged in the response
 * as `counts.sampled` so the caller knows to narrow the needs. Fetching and scoring a site
 * costs ~0.1 ms, so a loose match on 1M plots stays near 0.2–0.3 s; real regional inventories
 * (hundreds to a few thousand plots) are never cut.
 */
export const CANDIDATE_LIMIT = 2000;
/** Near-misses fetched (first by failures, then id) among which the best 10 are shown. */
export const NEAR_MISS_POOL = 100;

export interface MatchCounters {
  anonymous: number;
  staff: number;
}

export class MatchingService {
  /** Aggregate counts only: anonymous requests leave no other trace. */
  readonly counters: MatchCounters = { anonymous: 0, staff: 0 };
  private templatesCache?: unknown;

  constructor(private readonly knex: Knex) {}

  parseRequest(body: unknown): MatchRequest {
    return parseInput(matchRequestSchema, body, 'match request');
  }

  async match(body: unknown, actor: Actor | undefined, lang: Lang) {
    const req = this.parseRequest(body);
    if (actor) this.counters.staff += 1;
    else this.counters.anonymous += 1;
    const weights = requestWeights(req);
    const specs = hardConstraintSpecs(req.needs);
    const stage = compileStage(specs, {
      publishedOnly: !actor,
      candidateLimit: CANDIDATE_LIMIT,
      nearMissLimit: NEAR_MISS_POOL,
    });
    const rows = await runStage(this.knex, stage);
    const sampled = rows.filter((r) => r.failures === 0).length >= CANDIDATE_LIMIT;
    const sites = rows.map((r) => r.site);
    if (req.needs.allowAssembly) {
      sites.push(...(await assemblePlots(this.knex, req.needs, { publishedOnly: !actor })));
    }
    const outcome = matchSites(sites, req.needs, {
      weights,
      method: req.method,
      limit: req.limit,
      lang,
    });
    return {
      algorithmVersion: outcome.algorithmVersion,
      method: outcome.method,
      weights: outcome.weights,
      ignoredWeights: outcome.ignoredWeights,
      results: outcome.results.map((r) => ({
        ...r,
        criteria: r.criteria.map((c) => ({
          key: c.key,
          label: c.label,
          weight: c.weight,
          score: c.score,
          contribution: c.contribution,
          value: c.value,
          unit: c.unit,
          known: c.known,
          reason: c.reason,
        })),
      })),
      nearMisses: outcome.nearMisses.map((m) => ({
        siteId: m.siteId,
        ...(m.siteIds ? { siteIds: m.siteIds } : {}),
        name: m.name,
        score: m.score,
        failed: m.failed.map((f) => ({
          key: f.key,
          required: f.required,
          actual: f.actual,
          unit: f.unit,
          gap: f.gap,
          unknown: f.unknown,
          reason: f.reason,
        })),
      })),
      // sampled: more sites pass than the ranking scores; the results are the best of a sample.
      counts: { ...outcome.counts, sampled },
    };
  }

  criteria() {
    return { criteria: listCriteria() };
  }

  templates() {
    if (!this.templatesCache) {
      const file = path.join(projectRoot, 'geodata', 'templates', 'project-templates.json');
      this.templatesCache = { templates: JSON.parse(fs.readFileSync(file, 'utf8')).templates };
    }
    return this.templatesCache;
  }
}
