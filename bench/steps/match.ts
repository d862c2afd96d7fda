/**
 * Issue 4 figures: `POST /api/match` p50/p95 over HTTP (the real app, anonymous caller) for a
 * sparse, a typical and a dense profile on the bench plots with access precomputed, next to the
 * raw SQL of the hard-constraint stage (the store's own `compileStage` statement, run alone
 * from the bench process) in the same run. Targets: dense p95 ≤ 150 ms; API ≤ 1.5 × raw SQL.
 */
import { AccessService } from '../../api/src/modules/access/access.service.ts';
import { hardConstraintSpecs } from '../../api/src/modules/matching/hard-constraints.ts';
import {
  CANDIDATE_LIMIT,
  MatchingService,
  NEAR_MISS_POOL,
} from '../../api/src/modules/matching/matching.service.ts';
import { compileStage } from '../../api/src/modules/matching/matching.store.pg.ts';
import { buildFacts, dropFacts, factsStage } from '../experiments/match-variants.ts';
import { startApp } from '../lib/app-process.ts';
import type { BenchContext } from '../lib/context.ts';
import { explainAnalyze } from '../lib/explain.ts';
import { backendCpuMeter, loadAvg } from '../lib/machine.ts';
import { type StepResult, skipped, table, verdict } from '../lib/report.ts';
import { fmtMs, runConcurrent, summarize } from '../lib/stats.ts';

const WARMUP = 3;
const MIN_PAIRS = 10;
const BUDGET_MS = 120_000;

/** Profiles use the fields the bench plots carry (surface, power, rail siding, availability, access). */
export const PROFILES = [
  {
    key: 'sparse',
    label: 'sparse: 40–60 ha, 80 MW, rail siding required, motorway ≤ 15 km (national)',
    body: {
      needs: {
        surfaceHa: { min: 40, max: 60 },
        powerMw: 80,
        railSiding: 'required',
        maxDistanceKm: { motorway: 15 },
      },
      limit: 20,
    },
  },
  {
    key: 'typical',
    label: 'typical: 5–20 ha, 20 MW, motorway ≤ 30 km, rail freight ≤ 20 km, available by 2027 (national)',
    body: {
      needs: {
        surfaceHa: { min: 5, max: 20 },
        powerMw: 20,
        maxDistanceKm: { motorway: 30, railFreight: 20 },
        availableBy: '2027-12-31',
      },
      limit: 20,
    },
  },
  {
    key: 'dense',
    label: 'dense: ≥ 1 ha around Lyon (départements 69, 01, 38, 42)',
    body: {
      needs: { surfaceHa: { min: 1 }, departments: ['69', '01', '38', '42'] },
      limit: 20,
    },
  },
] as const;

/**
 * Measured by this step only (not part of the load mix): strict national needs that no plot
 * meets and few miss by one constraint, the worst case of the bounded near-miss search
 * (matching.store.pg.ts).
 */
const STRICT_PROFILE = {
  key: 'strict',
  label:
    'strict: ≥ 55 ha, 110 MW, rail siding, port ≤ 10 km, airport ≤ 10 km, rail freight ≤ 3 km, available by Feb 2025 (national; near-misses only)',
  body: {
    needs: {
      surfaceHa: { min: 55 },
      powerMw: 110,
      railSiding: 'required',
      maxDistanceKm: { port: 10, airport: 10, railFreight: 3 },
      availableBy: '2025-02-01',
    },
    limit: 20,
  },
} as const;
const MEASURED_PROFILES = [...PROFILES, STRICT_PROFILE];

export async function matchStep(ctx: BenchContext): Promise<StepResult> {
  const title = 'Matching, `POST /api/match` (issue 4)';
  const n = ctx.quick ? 100_000 : 1_000_000;
  const load = await ctx.ensureSites(n);
  let accessMs: number | null = null;
  if (!(await ctx.accessReady())) {
    ctx.log(`  match: computing access for the ${n.toLocaleString('en')} plots first…`);
    const r = await new AccessService(ctx.db.knex, 2).recomputeAll();
    accessMs = r.ms;
    await ctx.markAccessReady();
  }
  const app = await startApp(ctx.url, { MATCH_ANON_PER_MINUTE: '100000000' });
  const requests = ctx.quick ? 40 : 100;
  const rows: Array<Array<string | number | null>> = [];
  const data: Record<string, unknown> = { sites: n, load, accessMs, requests };
  const plans: Record<string, string> = {};
  let experiment: Awaited<ReturnType<typeof matchExperiment>> | null = null;
  try {
    const probe = await fetch(`${app.base}/api/match`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(PROFILES[0].body),
    });
    if (probe.status === 404)
      return skipped('match', title, 'POST /api/match returned 404 (route not there yet)');
    if (probe.status !== 200) {
      return {
        ...skipped('match', title, `POST /api/match returned ${probe.status}`),
        status: 'failed',
        markdown: `POST /api/match returned ${probe.status}: \`${(await probe.text()).slice(0, 500)}\``,
      };
    }
    const service = new MatchingService(ctx.db.knex);
    for (const p of MEASURED_PROFILES) {
      const body = JSON.stringify(p.body);
      let counts = { results: 0, nearMisses: 0 };
      const errors: string[] = [];
      const post = async () => {
        const res = await fetch(`${app.base}/api/match`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body,
        });
        const text = await res.text();
        if (res.status !== 200) {
          // Counted, not fatal: on 1M plots a slow profile may hit the statement timeout.
          errors.push(`HTTP ${res.status}: ${text.slice(0, 200)}`);
          return;
        }
        const json = JSON.parse(text) as { results: unknown[]; nearMisses: unknown[] };
        counts = { results: json.results.length, nearMisses: json.nearMisses.length };
      };
      // The stage statement exactly as the service builds it for an anonymous caller.
      const needs = service.parseRequest(p.body).needs;
      const stage = compileStage(hardConstraintSpecs(needs), {
        publishedOnly: true,
        candidateLimit: CANDIDATE_LIMIT,
        nearMissLimit: NEAR_MISS_POOL,
      });
      let stageRows = 0;
      let candidates = 0;
      const raw = async () => {
        const r = await ctx.db.knex.raw(stage.sql, stage.bindings);
        stageRows = r.rows.length;
        candidates = r.rows.filter((x: { failures: number }) => Number(x.failures) === 0).length;
      };
      const w0 = performance.now();
      await runConcurrent(WARMUP, 1, post);
      await runConcurrent(WARMUP, 1, raw);
      const slow = performance.now() - w0 > 20_000;
      const before = loadAvg();
      // Interleaved so that both see the same cache and machine load; bounded in time.
      const httpLat: number[] = [];
      const rawLat: number[] = [];
      const tStart = performance.now();
      for (let i = 0; i < requests; i++) {
        if (i >= MIN_PAIRS && performance.now() - tStart > BUDGET_MS) break;
        for (const [fn, out] of (i % 2 === 0
          ? [
              [post, httpLat],
              [raw, rawLat],
            ]
          : [
              [raw, rawLat],
              [post, httpLat],
            ]) as Array<[() => Promise<void>, number[]]>) {
          const t0 = performance.now();
          await fn();
          out.push(performance.now() - t0);
        }
      }
      const h = summarize(httpLat);
      const r = summarize(rawLat);
      // CPU per request, each path alone (load-independent companion of the latencies).
      const cpuRuns = slow ? 2 : Math.max(5, Math.round(httpLat.length / 5));
      let meter = await backendCpuMeter(ctx.db.knex);
      const api0 = await app.cpuMs();
      await runConcurrent(cpuRuns, 1, post);
      const httpCpu = {
        apiMs: ((await app.cpuMs()) - api0) / cpuRuns,
        dbMs: ((await meter.stop()) ?? Number.NaN) / cpuRuns,
      };
      meter = await backendCpuMeter(ctx.db.knex);
      await runConcurrent(cpuRuns, 1, raw);
      const rawDbCpuMs = ((await meter.stop()) ?? Number.NaN) / cpuRuns;
      data[p.key] = {
        http: h,
        raw: r,
        counts,
        stageRows,
        candidates,
        loadAvg: before,
        httpCpu,
        rawDbCpuMs,
        errors: errors.length,
        firstError: errors[0],
      };
      rows.push([
        p.label,
        `${candidates}${candidates >= CANDIDATE_LIMIT ? ' (cap)' : ''} / ${stageRows - candidates}`,
        `${counts.results} / ${counts.nearMisses}${errors.length ? ` (${errors.length} errors: ${errors[0]})` : ''}`,
        h.n,
        h.p50,
        h.p95,
        r.p50,
        r.p95,
        (h.p50 / r.p50).toFixed(2),
        (h.p95 / r.p95).toFixed(2),
        Math.round(httpCpu.apiMs),
        Math.round(httpCpu.dbMs),
        Math.round(rawDbCpuMs),
        before[0],
      ]);
      ctx.log(`  match ${p.key}: HTTP p50/p95 ${h.p50}/${h.p95} ms, raw stage ${r.p50}/${r.p95} ms`);
      plans[p.key] = (await explainAnalyze(ctx.db.knex, stage.sql, stage.bindings)).text;
    }
    if (ctx.experiments) experiment = await matchExperiment(ctx, service);
  } finally {
    await app.stop();
  }
  const dense = data.dense as
    | { http: { p95: number; p50: number }; raw: { p50: number; p95: number } }
    | undefined;
  const ratios = PROFILES.map((p) => data[p.key] as { http: { p50: number }; raw: { p50: number } });
  const worstRatio = Math.max(...ratios.map((x) => x.http.p50 / x.raw.p50));
  const markdown = [
    `${n.toLocaleString('en')} published bench plots with site_access precomputed${accessMs ? ` (computed for this step in ${fmtMs(accessMs)})` : ''}; anonymous \`POST /api/match\` (rate limit raised for the bench through MATCH_ANON_PER_MINUTE), up to ${requests} requests per profile (at least ${MIN_PAIRS}, within ${BUDGET_MS / 1000} s) after ${WARMUP} warm-ups, one at a time, interleaved with the raw SQL of the hard-constraint stage: \`compileStage(hardConstraintSpecs(needs), { publishedOnly: true, candidateLimit: ${CANDIDATE_LIMIT}, nearMissLimit: ${NEAR_MISS_POOL} })\` from matching.store.pg.ts run with knex from the bench process.`,
    '',
    table(
      [
        'profile',
        'stage rows: candidates / near-miss pool',
        'response: results / near-misses',
        'pairs',
        'HTTP p50 ms',
        'HTTP p95 ms',
        'raw stage p50 ms',
        'raw stage p95 ms',
        'HTTP/raw p50',
        'HTTP/raw p95',
        'HTTP: API CPU ms/req',
        'HTTP: DB CPU ms/req',
        'raw: DB CPU ms',
        'load avg',
      ],
      rows,
    ),
    '',
    dense
      ? `Targets: dense p95 ≤ 150 ms — ${dense.http.p95} ms (${verdict(dense.http.p95 <= 150)}); API ≤ 1.5 × raw SQL stage — worst p50 ratio ${worstRatio.toFixed(2)} (${verdict(worstRatio <= 1.5)}).`
      : '',
    '',
    ...(experiment ? ['', experiment.markdown, ''] : []),
    ...MEASURED_PROFILES.flatMap((p) => [
      `<details><summary>Plan of the ${p.key} profile’s stage statement (EXPLAIN ANALYZE)</summary>`,
      '',
      '```',
      plans[p.key] ?? '',
      '```',
      '</details>',
      '',
    ]),
  ].join('\n');
  if (experiment) data.experiment = experiment.data;
  return { id: 'match', title, status: 'ok', markdown, data };
}

/**
 * `--experiments`: the stage's scoring pass on a narrow facts table with the distances as columns
 * (bench/experiments/match-variants.ts), with the product's final SELECT ("facts") or returning the
 * facts rows only ("facts, lean"), each checked to pick the same sites as the product statement.
 */
async function matchExperiment(ctx: BenchContext, service: MatchingService) {
  const knex = ctx.db.knex;
  const specs = PROFILES.map((p) => hardConstraintSpecs(service.parseRequest(p.body).needs));
  ctx.log('  match experiment: building the facts table…');
  const built = await buildFacts(knex, specs);
  const runs = ctx.quick ? 5 : 9;
  const median = async (stage: { sql: string; bindings: readonly unknown[] }) => {
    const times: number[] = [];
    let ids = '';
    for (let i = 0; i < runs; i++) {
      const t0 = performance.now();
      const r = await knex.raw(stage.sql, stage.bindings as never[]);
      times.push(performance.now() - t0);
      ids = r.rows.map((x: { id: string; failures: number }) => `${x.id}:${x.failures}`).join();
    }
    return { ms: summarize(times).p50, ids };
  };
  const rows: Array<Array<string | number>> = [];
  const data: Record<string, unknown> = {
    factsBuildMs: built.ms,
    factsSize: built.size,
    columns: built.columns,
  };
  for (const [i, p] of PROFILES.entries()) {
    const product = compileStage(specs[i], {
      publishedOnly: true,
      candidateLimit: CANDIDATE_LIMIT,
      nearMissLimit: NEAR_MISS_POOL,
    });
    const limits: [number, number] = [CANDIDATE_LIMIT, NEAR_MISS_POOL];
    const a = await median(product);
    const b = await median(factsStage(specs[i], product, true, limits));
    const c = await median(factsStage(specs[i], product, true, limits, true));
    const same = a.ids === b.ids && a.ids === c.ids;
    data[p.key] = { productMs: a.ms, factsMs: b.ms, leanMs: c.ms, same };
    rows.push([p.key, a.ms, b.ms, c.ms, same ? 'yes' : '**no**']);
    ctx.log(`    ${p.key}: product ${a.ms} ms, facts ${b.ms} ms, facts lean ${c.ms} ms, same rows ${same}`);
  }
  await dropFacts(knex);
  const markdown = [
    `**Experiment** (\`--experiments\`, bench/experiments/match-variants.ts): every in-scope site scored in one unbounded pass over a narrow facts table (columns ${built.columns.map((c) => `\`${c}\``).join(', ')} + one distance column per access kind; ${built.size}, built in ${fmtMs(built.ms)}), the way the stage worked before the \`site_match\` read model and its bounded id-order walks (the product column). "facts" keeps the product's final SELECT; "facts, lean" returns the facts rows of the picked sites only. Same sites picked = same candidates and near-miss pool. Median of ${runs} runs each, raw SQL:`,
    '',
    table(['profile', 'product stage ms', 'facts ms', 'facts, lean ms', 'same sites picked'], rows),
  ].join('\n');
  return { markdown, data };
}
