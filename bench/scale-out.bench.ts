/**
 * `npm run bench:scale-out [-- --plots 20000]`: a primary and a streaming replica of their own
 * (pg_createcluster on ports 5481–5499, pg_basebackup; dropped at the end, never the shared
 * cluster), then
 *   1. a bulk load of `--plots` standard bench plots into the primary (bench-db.ts
 *      `loadBenchSites`: one INSERT … SELECT, index rebuild, VACUUM ANALYZE) while
 *      pg_stat_replication is sampled every 250 ms: replay lag (time) and LSN distance (bytes);
 *   2. `--edits` single-site updates, one transaction each (an editor's save), same sampling;
 *   3. the size per plot of the tables that grow with the inventory, and what that makes for
 *      1,000,000 plots (a linear estimate, labelled so).
 * Results: printed, and bench/results/scale-out-<time>.md (docs/scaling.md quotes a run).
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { projectRoot } from '../api/src/config.ts';
import { loadBenchSites, openBench } from './lib/bench-db.ts';
import { createOwnCluster } from './lib/own-cluster.ts';
import { createStandby, currentLsn } from './lib/standby-cluster.ts';

const arg = (name: string, dflt: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : dflt;
};
const PLOTS = arg('plots', 20_000);
const EDITS = arg('edits', 300);
const range = (from: number) => Array.from({ length: 9 }, (_, i) => from + i);

interface Sample {
  bytes: number;
  lagMs: number | null;
}

/** Samples the primary's view of its one standby until stopped. */
function sampler(url: string) {
  const samples: Sample[] = [];
  const c = new pg.Client({ connectionString: url });
  let stop = false;
  const done = (async () => {
    await c.connect();
    while (!stop) {
      const r = await c.query(
        `SELECT pg_wal_lsn_diff(pg_current_wal_lsn(), replay_lsn)::float8 AS bytes,
                (extract(epoch FROM replay_lag) * 1000)::float8 AS lag_ms
         FROM pg_stat_replication`,
      );
      if (r.rows[0]) samples.push({ bytes: Number(r.rows[0].bytes), lagMs: r.rows[0].lag_ms });
      await new Promise((res) => setTimeout(res, 250));
    }
    await c.end();
  })();
  return {
    samples,
    async stop() {
      stop = true;
      await done;
    },
  };
}

const pct = (xs: number[], p: number) => {
  if (xs.length === 0) return 0;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
};

function summary(label: string, samples: Sample[]) {
  const bytes = samples.map((s) => s.bytes);
  const lag = samples.map((s) => s.lagMs).filter((x): x is number => x !== null);
  return {
    label,
    samples: samples.length,
    bytesP50: pct(bytes, 50),
    bytesP95: pct(bytes, 95),
    bytesMax: Math.max(0, ...bytes),
    lagMsP50: Math.round(pct(lag, 50)),
    lagMsP95: Math.round(pct(lag, 95)),
    lagMsMax: Math.round(Math.max(0, ...lag)),
  };
}

async function main() {
  const suffix = crypto.randomBytes(3).toString('hex');
  const primary = await createOwnCluster(`lm_bench_primary_${suffix}`, range(5481), 'landmatch', {
    settings: { wal_level: 'replica', max_wal_senders: '4' },
    hba: ['host replication postgres 127.0.0.1/32 trust'],
  });
  let standby: Awaited<ReturnType<typeof createStandby>> | undefined;
  // Interrupted (Ctrl-C, a timeout): the clusters go too.
  for (const signal of ['SIGINT', 'SIGTERM'] as const)
    process.once(signal, () => {
      standby?.drop();
      primary.drop();
      process.exit(130);
    });
  const lines: string[] = [];
  const say = (s: string) => {
    console.log(s);
    lines.push(s);
  };
  try {
    const { db } = await openBench(primary.url(), { poolMax: 2, statementTimeoutMs: 0 });
    standby = await createStandby(`lm_bench_replica_${suffix}`, primary, range(5491));
    say(`# Replica lag under load (${new Date().toISOString()})`);
    say('');
    say(
      `Machine: ${os.cpus().length} cores, load average ${os
        .loadavg()
        .map((x) => x.toFixed(1))
        .join(
          ' / ',
        )}; PostgreSQL 15 primary + hot standby on the same machine (ports ${primary.port}, ${standby.port}).`,
    );
    say('');

    const bulk = sampler(primary.url());
    const load = await loadBenchSites(primary.url(), PLOTS);
    await bulk.stop();
    const bulkLsn = await currentLsn(primary.url());
    const catchUp = await standby.waitForReplay(bulkLsn, 2400);

    const edits = sampler(primary.url());
    const ids = (await db.knex('sites').select('id').orderByRaw('random()').limit(EDITS)).map(
      (r: { id: string }) => r.id,
    );
    const t0 = performance.now();
    for (const [i, id] of ids.entries())
      await db
        .knex('sites')
        .update({ site_nom: `Plot edited ${i}` })
        .where('id', id);
    const editMs = performance.now() - t0;
    await edits.stop();
    const editLsn = await currentLsn(primary.url());
    const editCatchUp = await standby.waitForReplay(editLsn, 2400);
    const [replicaCount] = await standby.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM sites WHERE site_nom LIKE 'Plot edited %'",
    );

    const rows = [summary(`bulk load of ${load.n} plots (${load.totalMs} ms)`, bulk.samples)];
    rows.push(
      summary(`${ids.length} single-site updates, one commit each (${Math.round(editMs)} ms)`, edits.samples),
    );
    say('| phase | samples | LSN distance p50 / p95 / max (bytes) | replay_lag p50 / p95 / max (ms) |');
    say('| --- | --- | --- | --- |');
    for (const r of rows)
      say(
        `| ${r.label} | ${r.samples} | ${r.bytesP50} / ${r.bytesP95} / ${r.bytesMax} | ${r.lagMsP50} / ${r.lagMsP95} / ${r.lagMsMax} |`,
      );
    say('');
    say(
      `After the bulk load the standby reached the primary's LSN within ${catchUp} poll(s) of 50 ms; after the updates within ${editCatchUp}; it then shows ${replicaCount.n} of ${ids.length} edited names.`,
    );
    say('');

    const sizes = await db.knex.raw(`
      SELECT c.relname AS name, pg_total_relation_size(c.oid)::float8 AS bytes,
             (SELECT count(*) FROM sites)::int AS sites
      FROM pg_class c
      WHERE c.relkind = 'r' AND c.relnamespace = 'public'::regnamespace
        AND c.relname IN ('sites', 'site_match', 'site_tile_cells', 'site_access', 'audit_log')
      ORDER BY bytes DESC`);
    const n = sizes.rows[0]?.sites ?? load.n;
    const mb = (b: number) => (b / 1024 / 1024).toFixed(1);
    say(
      `| table (with indexes and TOAST) | ${n} plots (measured) | per plot | 1,000,000 plots (linear estimate) |`,
    );
    say('| --- | --- | --- | --- |');
    let total = 0;
    for (const r of sizes.rows as Array<{ name: string; bytes: number }>) {
      total += r.bytes;
      say(
        `| ${r.name} | ${mb(r.bytes)} MB | ${Math.round(r.bytes / n)} B | ${(((r.bytes / n) * 1e6) / 1024 ** 3).toFixed(2)} GB |`,
      );
    }
    say(
      `| all of the above | ${mb(total)} MB | ${Math.round(total / n)} B | ${(((total / n) * 1e6) / 1024 ** 3).toFixed(2)} GB |`,
    );
    say('');
    say(
      'site_access holds no rows here (no infrastructure imported, so no access distances); the `npm run bench` database computes them.',
    );
    await db.close();
  } finally {
    standby?.drop();
    primary.drop();
  }
  const dir = path.join(projectRoot, 'bench', 'results');
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `scale-out-${new Date().toISOString().replace(/[:.]/g, '-')}.md`);
  fs.writeFileSync(file, `${lines.join('\n')}\n`);
  console.log(`written to ${path.relative(projectRoot, file)}`);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
