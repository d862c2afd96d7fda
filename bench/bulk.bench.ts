/**
 * Site import and access recompute rates on the PostgreSQL/PostGIS server (issue 15, part 4:
 * import ≥ 5,000 sites/s, recompute ≤ 30 s per 100,000 sites), through the product's own path:
 * `ImportService.run` as `npm run import` calls it (audit rows per site, ANALYZE), then
 * `AccessService.recomputeSites` of the imported sites (2 batches in flight, as the API runs it).
 *
 *   npx tsx bench/bulk.bench.ts [--sites 10000,100000] [--reuse-db] [--keep-db] [--import-only]
 *
 * BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/lm_bench_bulk; its name must
 * contain "bench": it is dropped and recreated unless --reuse-db finds it with infrastructure)
 * gets the migrations and the national infrastructure of ../shared/data, so recompute probes
 * real feature densities. The machine is shared: every figure comes with the load average and
 * the CPU time of the database backends; with pg_stat_statements installed in the database
 * the statements run per step (count and the most expensive) are printed too.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { Knex } from 'knex';
import pg from 'pg';
import { AccessService } from '../api/src/modules/access/access.service.ts';
import { ImportService } from '../api/src/modules/import/import.service.ts';
import { generateSites } from './import.bench.ts';
import {
  benchDbName,
  dropDatabase,
  importNationalInfrastructure,
  openBench,
  recreateDatabase,
} from './lib/bench-db.ts';
import { backendCpuMeter, loadAvg } from './lib/machine.ts';
import { table } from './lib/report.ts';

const { values } = parseArgs({
  options: {
    sites: { type: 'string', default: '10000,100000' },
    'reuse-db': { type: 'boolean', default: false },
    'keep-db': { type: 'boolean', default: false },
    // Skips the access recompute (comparing import variants).
    'import-only': { type: 'boolean', default: false },
  },
});
const sizes = String(values.sites)
  .split(',')
  .map((s) => Number(s.trim()));
if (sizes.some((n) => !Number.isInteger(n) || n < 1))
  throw new Error(`--sites: integers ≥ 1, got ${values.sites}`);
const url = process.env.BENCH_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/lm_bench_bulk';
benchDbName(url);

const la = () => loadAvg().join(' / ');

/** pg_stat_statements of this database, when installed: calls and time per statement. */
async function statements(
  knex: Knex,
): Promise<Map<string, { calls: number; ms: number; query: string }> | null> {
  try {
    const r = await knex.raw(
      `SELECT queryid::text AS id, calls::int AS calls, total_exec_time AS ms, query FROM pg_stat_statements
       WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database())`,
    );
    return new Map(r.rows.map((x: { id: string; calls: number; ms: number; query: string }) => [x.id, x]));
  } catch {
    return null;
  }
}

/** Statements run between two snapshots: their count and the 5 that took the most time. */
function statementDelta(
  a: Awaited<ReturnType<typeof statements>>,
  b: Awaited<ReturnType<typeof statements>>,
): { calls: number; top: string[] } | null {
  if (!a || !b) return null;
  const rows = [...b.entries()].map(([id, x]) => ({
    calls: x.calls - (a.get(id)?.calls ?? 0),
    ms: x.ms - (a.get(id)?.ms ?? 0),
    query: x.query.replace(/\s+/g, ' ').slice(0, 90),
  }));
  const run = rows.filter((r) => r.calls > 0 && !/pg_stat_statements/.test(r.query));
  return {
    calls: run.reduce((s, r) => s + r.calls, 0),
    top: run
      .sort((x, y) => y.ms - x.ms)
      .slice(0, 5)
      .map((r) => `${Math.round(r.ms)} ms × ${r.calls}: ${r.query}`),
  };
}

/** --reuse-db: whether the database exists and already holds the infrastructure. */
async function reusable(): Promise<boolean> {
  const c = new pg.Client({ connectionString: url });
  try {
    await c.connect();
    const r = await c.query("SELECT to_regclass('infrastructure') IS NOT NULL AS t");
    return r.rows[0].t && (await c.query('SELECT EXISTS (SELECT 1 FROM infrastructure) AS e')).rows[0].e;
  } catch {
    return false;
  } finally {
    await c.end().catch(() => {});
  }
}

const reused = values['reuse-db'] ? await reusable() : false;
if (!reused) await recreateDatabase(url);
const { db } = await openBench(url, { poolMax: 4, statementTimeoutMs: 6 * 3600_000 });
const knex = db.knex;
await knex.raw('CREATE EXTENSION IF NOT EXISTS pg_stat_statements').catch(() => {});
if (!reused) {
  console.log(`infrastructure: importing ../shared/data (load ${la()})…`);
  await importNationalInfrastructure(db);
}

console.log(`bulk bench on ${url.replace(/\/\/[^@]*@/, '//')} (${os.cpus().length} cores), load ${la()}`);
const rows: Array<Array<string | number>> = [];
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'lm-bench-bulk-'));
try {
  for (const n of sizes) {
    await knex.raw('TRUNCATE sites CASCADE');
    await knex.raw('TRUNCATE audit_log');
    // TRUNCATE sites empties the derived tables with DELETEs (migration 0018): vacuumed here, as
    // autovacuum would on a server (it may be off on a test machine), so each size starts clean.
    await knex.raw(
      'VACUUM site_access, site_drive_times, site_labour_pool, site_match_pending, site_tile_cell_pending',
    );
    // And the dirty pages of what came before (the infrastructure load, the previous size)
    // written out first, so the import is not billed for them.
    await knex.raw('CHECKPOINT');
    const file = path.join(tmp, `sites-${n}.geojson`);
    generateSites(file, n);
    let changed: string[] = [];
    const imports = new ImportService(knex, {
      recomputeForInfrastructure: async () => {},
      recomputeSites: async (ids) => {
        changed = ids;
      },
    });
    const loadBefore = la();
    let s0 = await statements(knex);
    let cpu = await backendCpuMeter(knex);
    let t0 = performance.now();
    const node0 = process.cpuUsage();
    const report = await imports.run({ format: 'sites-geojson', file }, 'cli');
    const importS = (performance.now() - t0) / 1000;
    const nodeCpu = process.cpuUsage(node0);
    const importNodeMs = Math.round((nodeCpu.user + nodeCpu.system) / 1000);
    const importCpu = await cpu.stop();
    const importStatements = statementDelta(s0, await statements(knex));
    if (!report.ok) throw new Error(`import failed: ${report.error}`);
    const audit = Number(
      (await knex.raw("SELECT count(*)::int AS n FROM audit_log WHERE entity = 'site'")).rows[0].n,
    );
    console.log(
      `  import ${n}: ${(n / importS).toFixed(0)} sites/s (${importS.toFixed(1)} s, backends ${importCpu ?? '–'} ms CPU, this process ${importNodeMs} ms CPU), ${audit} audit rows, load ${loadBefore} → ${la()}`,
    );
    for (const l of importStatements?.top ?? []) console.log(`    ${l}`);

    const importColumns = [
      n,
      Math.round(n / importS),
      importCpu ?? '–',
      importNodeMs,
      importStatements?.calls ?? '–',
      audit,
      loadBefore,
    ];
    if (values['import-only']) {
      rows.push([...importColumns, '–', '–', '–', '–']);
      continue;
    }
    const access = new AccessService(knex, 2);
    const loadBefore2 = la();
    s0 = await statements(knex);
    cpu = await backendCpuMeter(knex);
    t0 = performance.now();
    await access.recomputeSites(changed);
    const recomputeS = (performance.now() - t0) / 1000;
    const recomputeCpu = await cpu.stop();
    const recomputeStatements = statementDelta(s0, await statements(knex));
    const accessRows = Number((await knex.raw('SELECT count(*)::int AS n FROM site_access')).rows[0].n);
    console.log(
      `  recompute ${changed.length}: ${recomputeS.toFixed(1)} s = ${((recomputeS * 100_000) / changed.length).toFixed(1)} s per 100,000 (backends ${recomputeCpu ?? '–'} ms CPU), ${accessRows} access rows, load ${loadBefore2} → ${la()}`,
    );
    for (const l of recomputeStatements?.top ?? []) console.log(`    ${l}`);
    rows.push([
      ...importColumns,
      Number(((recomputeS * 100_000) / changed.length).toFixed(1)),
      recomputeCpu ?? '–',
      recomputeStatements?.calls ?? '–',
      loadBefore2,
    ]);
  }
} finally {
  fs.rmSync(tmp, { recursive: true, force: true });
  await db.close();
  if (!values['keep-db']) await dropDatabase(url);
}
console.log('');
console.log(
  table(
    [
      'sites',
      'import sites/s',
      'import backend CPU ms',
      'import node CPU ms',
      'import statements',
      'audit rows',
      'load (1/5/15 min)',
      'recompute s per 100k',
      'recompute backend CPU ms',
      'recompute statements',
      'load (1/5/15 min)',
    ],
    rows,
  ),
);
