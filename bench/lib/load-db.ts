/**
 * The database of the load test: the bench database of `npm run bench` (BENCH_DATABASE_URL,
 * default lm_bench) reused as it is when it already holds the national infrastructure, the n
 * bench plots and their access rows (what `npm run bench -- --only match --keep-db` leaves), and
 * built the same way otherwise. It refuses to touch a database another session is writing to
 * (a bench still loading it would otherwise see its plots reloaded under its feet).
 */
import pg from 'pg';
import { clusterSites } from '../../api/src/db/cluster.ts';
import type { Database } from '../../api/src/db/database.ts';
import { AccessService } from '../../api/src/modules/access/access.service.ts';
import {
  importNationalInfrastructure,
  infrastructureCounts,
  openBench,
  recreateDatabase,
} from './bench-db.ts';
import { createContext } from './context.ts';

export interface LoadDatabase {
  db: Database;
  sites: number;
  infrastructure: Record<string, number>;
  siteAccessRows: number;
  databaseSize: string;
  /** What had to be built (empty when everything was reused). */
  built: string[];
}

/** Whether `url` exists and has the bench schema with infrastructure in it. */
async function hasInfrastructure(url: string): Promise<boolean> {
  const c = new pg.Client({ connectionString: url });
  try {
    await c.connect();
    const r = await c.query("SELECT to_regclass('infrastructure') IS NOT NULL AS t");
    if (!r.rows[0].t) return false;
    const n = await c.query('SELECT EXISTS (SELECT 1 FROM infrastructure) AS e');
    return n.rows[0].e === true;
  } catch {
    return false;
  } finally {
    await c.end().catch(() => {});
  }
}

/** Other sessions running a statement in the database of `url` (ours excluded). */
export async function busySessions(
  url: string,
): Promise<Array<{ pid: number; query: string; seconds: number }>> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    const r = await c.query(
      `SELECT pid, left(regexp_replace(query, '\\s+', ' ', 'g'), 100) AS query,
              round(extract(epoch FROM now() - query_start))::int AS seconds
       FROM pg_stat_activity
       WHERE datname = current_database() AND pid <> pg_backend_pid() AND state = 'active'`,
    );
    return r.rows;
  } finally {
    await c.end();
  }
}

/**
 * Opens (and if needed builds) the load-test database with `plots` bench plots and access rows.
 * @example const { db, sites } = await prepareLoadDatabase(url, 1_000_000, log);
 */
export async function prepareLoadDatabase(
  url: string,
  plots: number,
  log: (l: string) => void,
  opts: { allowBusy?: boolean } = {},
): Promise<LoadDatabase> {
  const built: string[] = [];
  const exists = await hasInfrastructure(url);
  if (exists && !opts.allowBusy) {
    const busy = await busySessions(url);
    if (busy.length) {
      throw new Error(
        `another session is working in this database (${busy.map((b) => `pid ${b.pid}, ${b.seconds} s: ${b.query}`).join('; ')}); wait for it to finish or pass --allow-busy`,
      );
    }
  }
  if (!exists) {
    log('load: creating the bench database…');
    await recreateDatabase(url);
    built.push('database');
  }
  // No statement timeout worth the name for the builds (0 would also make the client give up
  // after 5 s: database.ts adds 5 s to the statement timeout for its read timeout).
  const { db } = await openBench(url, { poolMax: 4, statementTimeoutMs: 6 * 3600_000 });
  try {
    if (!exists) {
      log('load: importing the national infrastructure (../shared/data)…');
      await importNationalInfrastructure(db);
      built.push('infrastructure');
    }
    const ctx = createContext(
      url,
      db,
      { quick: false, experiments: false, reuseDb: true, keepDb: true, buildUi: false, only: null },
      log,
    );
    const load = await ctx.ensureSites(plots);
    if (!('reused' in load)) built.push(`${plots} plots`);
    if (!(await ctx.accessReady())) {
      log(`load: computing access for the ${plots.toLocaleString('en')} plots…`);
      const t0 = performance.now();
      let shown = 0;
      const r = await new AccessService(db.knex, 2).recomputeAll({
        onProgress: (done, total) => {
          if (done - shown < total / 20 && done < total) return;
          shown = done;
          log(
            `  access: ${done.toLocaleString('en')}/${total.toLocaleString('en')} sites, ${((performance.now() - t0) / 1000).toFixed(0)} s`,
          );
        },
      });
      log(`load: access of ${r.sites.toLocaleString('en')} sites in ${(r.ms / 1000).toFixed(0)} s`);
      await ctx.markAccessReady();
      built.push('access');
    }
    if (built.length) {
      // What an operator does after a national bulk load (`npm run db:cluster`): the plots were
      // generated in random order; neighbours then share heap pages.
      const c = await clusterSites(db.knex);
      log(`load: sites clustered on their outlines in ${(c.ms / 1000).toFixed(0)} s`);
      built.push('cluster');
    }
    const sizes = await db.knex.raw(
      `SELECT (SELECT count(*) FROM sites)::int AS sites, (SELECT count(*) FROM site_access)::int AS access,
              pg_size_pretty(pg_database_size(current_database())) AS size`,
    );
    return {
      db,
      sites: sizes.rows[0].sites,
      infrastructure: await infrastructureCounts(db),
      siteAccessRows: sizes.rows[0].access,
      databaseSize: sizes.rows[0].size,
      built,
    };
  } catch (err) {
    await db.close();
    throw err;
  }
}
