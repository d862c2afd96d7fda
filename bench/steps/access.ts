/**
 * Issue 3 figure: full access recomputation (`AccessService.recomputeAll`, the product code, 2
 * batches in flight as the app configures it on PostGIS) for 100,000 and 1,000,000 bench plots
 * against the real national infrastructure. Target: ≤ 30 s for 100,000 on this 2-core machine.
 * Then one batch is profiled with EXPLAIN ANALYZE, and with `--experiments` variants of the SQL
 * (copies in bench/experiments) are timed on the same data and checked to give the same rows.
 */
import { AccessService } from '../../api/src/modules/access/access.service.ts';
import {
  differencesFromReference,
  dropExperimentTables,
  PRODUCT_STATEMENT_COPY,
  runVariant,
  saveReference,
  VARIANTS,
} from '../experiments/access-variants.ts';
import type { BenchContext } from '../lib/context.ts';
import { explainAnalyze } from '../lib/explain.ts';
import { backendCpuMeter, loadAvg } from '../lib/machine.ts';
import { type StepResult, table, verdict } from '../lib/report.ts';
import { fmtMs } from '../lib/stats.ts';

export const ACCESS_TARGET_MS = 30_000;
const PRODUCT_BATCH = 2000;

interface RecomputeFigure {
  sites: number;
  ms: number;
  sitesPerSec: number;
  dbCpuMs: number | null;
  rows: number;
  missingRows: number;
  loadBefore: number[];
  loadAfter: number[];
}

async function recompute(ctx: BenchContext): Promise<RecomputeFigure> {
  const knex = ctx.db.knex;
  const meter = await backendCpuMeter(knex);
  const loadBefore = loadAvg();
  let lastLog = 0;
  const r = await new AccessService(knex, 2).recomputeAll({
    onProgress: (done, total) => {
      if (done - lastLog >= total / 10 || done === total) {
        lastLog = done;
        ctx.log(`    ${done.toLocaleString('en')} / ${total.toLocaleString('en')}`);
      }
    },
  });
  const dbCpuMs = await meter.stop();
  const loadAfter = loadAvg();
  const c = await knex.raw('SELECT count(*)::int AS n FROM site_access');
  const rows = Number(c.rows[0].n);
  return {
    sites: r.sites,
    ms: r.ms,
    sitesPerSec: Math.round((r.sites * 1000) / r.ms),
    dbCpuMs,
    rows,
    missingRows: r.sites * PRODUCT_STATEMENT_COPY.length - rows,
    loadBefore,
    loadAfter,
  };
}

interface KindProfile {
  kind: string;
  executionMs: number;
  siteFetchMs: number;
  knnMs: number;
  knnUsPerProbe: number;
  insertMs: number;
  index: string;
}

/** EXPLAIN ANALYZE of each kind's statement for the first batch the service would run. */
async function profileBatch(ctx: BenchContext): Promise<{ kinds: KindProfile[]; sample: string }> {
  const knex = ctx.db.knex;
  const ids = (await knex.raw('SELECT id FROM sites ORDER BY id LIMIT ?', [PRODUCT_BATCH])).rows.map(
    (x: { id: string }) => x.id,
  );
  const kinds: KindProfile[] = [];
  let sample = '';
  for (const s of PRODUCT_STATEMENT_COPY) {
    const p = await explainAnalyze(knex, s.sql, [ids], async (trx) => {
      await trx.raw('DELETE FROM site_access WHERE site_id = ANY(?::uuid[])', [ids]);
    });
    const siteScan = p.nodes.find((x) => x.relation === 'sites');
    const knn = p.nodes.find((x) => x.type === 'Limit' && x.loops > 1);
    const knnIndex = p.nodes.find((x) => x.relation === 'infrastructure');
    const loop = p.nodes.find((x) => x.type === 'Nested Loop');
    kinds.push({
      kind: s.kind,
      executionMs: p.executionMs,
      siteFetchMs: siteScan?.totalMs ?? Number.NaN,
      knnMs: knn?.totalMs ?? Number.NaN,
      knnUsPerProbe: knn ? Math.round((knn.totalMs * 1000) / knn.loops) : Number.NaN,
      insertMs: Math.round((p.executionMs - (loop?.totalMs ?? 0)) * 10) / 10,
      index: knnIndex?.index ?? '?',
    });
    if (s.kind === 'substation_225kv') sample = p.text;
  }
  return { kinds, sample };
}

export async function accessStep(ctx: BenchContext): Promise<StepResult> {
  const sizes = ctx.quick ? [100_000] : [100_000, 1_000_000];
  const data: Record<string, unknown> = {};
  const md: string[] = [];
  const rows: Array<Array<string | number | null>> = [];
  let profile: Awaited<ReturnType<typeof profileBatch>> | null = null;
  let experiments: Array<{ label: string; ms: number; dbCpuMs: number | null; diff: number; load: number }> =
    [];

  for (const n of sizes) {
    const load = await ctx.ensureSites(n);
    ctx.log(
      `  access: recomputing ${n.toLocaleString('en')} sites × ${PRODUCT_STATEMENT_COPY.length} kinds…`,
    );
    const fig = await recompute(ctx);
    await ctx.markAccessReady();
    ctx.log(
      `  access: ${n.toLocaleString('en')} sites in ${fmtMs(fig.ms)} (${fig.sitesPerSec} sites/s, DB CPU ${fig.dbCpuMs === null ? '?' : fmtMs(fig.dbCpuMs)}, load ${fig.loadBefore[0]}→${fig.loadAfter[0]})`,
    );
    data[`n${n}`] = { ...fig, load };
    rows.push([
      n.toLocaleString('en'),
      fmtMs(fig.ms),
      fig.sitesPerSec,
      fig.dbCpuMs === null ? null : fmtMs(fig.dbCpuMs),
      fig.dbCpuMs === null ? null : fmtMs(fig.dbCpuMs / 2),
      `${fig.rows.toLocaleString('en')} (${fig.missingRows} missing)`,
      `${fig.loadBefore[0]} → ${fig.loadAfter[0]}`,
      n === 100_000 ? `≤ 30 s: ${verdict(fig.ms <= ACCESS_TARGET_MS)}` : 'report only',
    ]);

    if (n === 100_000) {
      ctx.log('  access: EXPLAIN ANALYZE of one batch (2000 sites) per kind…');
      profile = await profileBatch(ctx);
      data.profile = profile.kinds;
      if (ctx.experiments) {
        await saveReference(ctx.db.knex);
        experiments = [];
        for (const v of VARIANTS) {
          if (v.statement !== 'shadow') await ctx.db.knex.raw('TRUNCATE site_access');
          const meter = await backendCpuMeter(ctx.db.knex);
          const before = loadAvg();
          ctx.log(`  access experiment: ${v.label}…`);
          const { ms, table: written } = await runVariant(ctx.db.knex, v);
          const dbCpuMs = await meter.stop();
          const diff = await differencesFromReference(ctx.db.knex, written);
          experiments.push({ label: v.label, ms, dbCpuMs, diff, load: before[0] });
          ctx.log(`    ${fmtMs(ms)}, DB CPU ${dbCpuMs === null ? '?' : fmtMs(dbCpuMs)}, ${diff} rows differ`);
        }
        data.experiments = experiments;
        // The last variant writing site_access left it complete; restore the product's rows if not.
        if ((await differencesFromReference(ctx.db.knex)) !== 0)
          await new AccessService(ctx.db.knex, 2).recomputeAll();
        await dropExperimentTables(ctx.db.knex);
      }
    }
  }

  md.push(
    'Product code path: `new AccessService(knex, 2).recomputeAll()` (batches of 2,000 site ids, 2 in flight, each batch = DELETE + one INSERT … SELECT per kind with a LATERAL KNN on the kind’s partial GiST index). Infrastructure: every real national file of ../shared/data imported with `runImport` (counts in the setup section). "DB CPU" is the CPU time the PostgreSQL backends spent (from /proc); divided by the 2 cores it is about what the wall time would be on an idle machine.',
    '',
    table(
      [
        'sites',
        'wall time',
        'sites/s',
        'DB CPU',
        'DB CPU / 2 cores',
        'site_access rows',
        'load avg (1 min) before → after',
        'target',
      ],
      rows,
    ),
  );
  if (profile) {
    md.push(
      '',
      `**Profile of one batch** (first ${PRODUCT_BATCH} site ids, 100,000 plots; EXPLAIN (ANALYZE, BUFFERS) per kind, rolled back):`,
      '',
      table(
        [
          'kind',
          'statement ms',
          'reading the 2000 sites ms',
          'KNN ms',
          'µs per KNN probe',
          'insert ms',
          'KNN index',
        ],
        profile.kinds.map((k) => [
          k.kind,
          k.executionMs,
          k.siteFetchMs,
          k.knnMs,
          k.knnUsPerProbe,
          k.insertMs,
          `\`${k.index}\``,
        ]),
      ),
      '',
      '<details><summary>Plan of the substation_225kv statement</summary>',
      '',
      '```',
      profile.sample,
      '```',
      '</details>',
    );
  }
  if (experiments.length > 0) {
    md.push(
      '',
      '**Experiments** (`--experiments`; copies of the SQL in bench/experiments/access-variants.ts, 100,000 plots, each from an empty site_access, checked row by row against the product output):',
      '',
      table(
        ['variant', 'wall time', 'DB CPU', 'rows differing from product', 'load avg (1 min)'],
        experiments.map((e) => [
          e.label,
          fmtMs(e.ms),
          e.dbCpuMs === null ? null : fmtMs(e.dbCpuMs),
          e.diff,
          e.load,
        ]),
      ),
    );
  }
  return {
    id: 'access',
    title: 'Access recomputation against the national infrastructure (issue 3)',
    status: 'ok',
    markdown: md.join('\n'),
    data,
  };
}
