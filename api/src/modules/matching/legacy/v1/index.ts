/**
 * The previous engine, landmatch-match/1.0.0, frozen as it shipped: these files keep what
 * differs from version 2 and import the rest (13 criteria, the criterion helpers, weight
 * resolution, the request schema). v1-pin.test.ts pins its output: a change to version 2's
 * shared code that moves it fails there. It stays runnable so staff can compare a saved project's
 * results under both versions (`POST /api/match` with `algorithmVersion`, and
 * `GET /api/projects/:id/match-versions`). Remove it when a version 3 replaces version 2.
 *
 * Its known defects are why version 2 exists (modules/matching/README.md): legal bans only when
 * asked, power passing on any substation within reach, confidence blind to provenance, a
 * 2,000-site sample past that size.
 */
import type { Knex } from 'knex';
import type { Lang } from '../../format.ts';
import { assemblePlots } from './assembly.ts';
import { hardConstraintSpecs } from './hard-constraints.ts';
import { compileStage, runStage } from './matching.store.pg.ts';
import { matchRequestSchema, RISK_EXCLUSIONS, requestWeights } from './needs.schema.ts';
import { matchSites } from './rank.ts';

const CANDIDATE_LIMIT = 2000;
const NEAR_MISS_POOL = 100;

/**
 * The version 1 request of a version 2 request: the fields version 1 did not know (`relax`,
 * the risk exclusions added in version 2, the drive-time and labour-pool needs of 2.x and
 * their `hard` entries, `algorithmVersion`) are dropped.
 */
export function toV1Request(body: Record<string, unknown>): Record<string, unknown> {
  const { algorithmVersion: _v, ...rest } = body;
  const needs = { ...((rest.needs as Record<string, unknown>) ?? {}) };
  delete needs.relax;
  delete needs.maxDriveMinutes;
  delete needs.labourPool;
  if (Array.isArray(needs.hard))
    needs.hard = needs.hard.filter(
      (k) => typeof k === 'string' && !k.startsWith('maxDriveMinutes.') && k !== 'labourPool',
    );
  if (Array.isArray(needs.excludeRisks))
    needs.excludeRisks = needs.excludeRisks.filter((r) => (RISK_EXCLUSIONS as readonly string[]).includes(r));
  return { ...rest, needs };
}

/** Runs version 1 on a request (already validated by version 2's schema). */
export async function matchV1(knex: Knex, body: Record<string, unknown>, publishedOnly: boolean, lang: Lang) {
  const req = matchRequestSchema.parse(toV1Request(body));
  const specs = hardConstraintSpecs(req.needs);
  const stage = compileStage(specs, {
    publishedOnly,
    candidateLimit: CANDIDATE_LIMIT,
    nearMissLimit: NEAR_MISS_POOL,
  });
  const rows = await runStage(knex, stage);
  const sampled = rows.filter((r) => r.failures === 0).length >= CANDIDATE_LIMIT;
  const sites = rows.map((r) => r.site);
  if (req.needs.allowAssembly) sites.push(...(await assemblePlots(knex, req.needs, { publishedOnly })));
  const outcome = matchSites(sites, req.needs, {
    weights: requestWeights(req),
    method: req.method,
    limit: req.limit,
    lang,
  });
  return { ...outcome, counts: { ...outcome.counts, sampled } };
}
