/**
 * What every bench step gets: the database, the options of the run, a logger, and
 * `ensureSites(n)`, which loads the standard n bench plots unless the database already holds
 * exactly them (recorded in `bench_meta`, so `--reuse-db` runs skip a 10-minute 1M load).
 */
import type { Database } from '../../api/src/db/database.ts';
import { loadBenchSites, MAPPING_VERSION, PLOTS_SEED, type SitesLoadFigure } from './bench-db.ts';

export interface BenchOptions {
  quick: boolean;
  experiments: boolean;
  reuseDb: boolean;
  keepDb: boolean;
  buildUi: boolean;
  only: Set<string> | null;
}

export interface BenchContext extends BenchOptions {
  url: string;
  db: Database;
  log(line: string): void;
  /** Loads the n bench plots into `sites` (access rows are then empty) unless already there. */
  ensureSites(n: number): Promise<SitesLoadFigure | { n: number; reused: true }>;
  /** Whether `site_access` is complete for the current sites. */
  accessReady(): Promise<boolean>;
  /** Records that `site_access` was fully computed for the current sites. */
  markAccessReady(): Promise<void>;
  /** Number of sites currently loaded. */
  currentSites(): Promise<number>;
}

interface Meta {
  sites?: { n: number; seed: string; mapping: number };
  access?: { n: number };
}

export function createContext(
  url: string,
  db: Database,
  opts: BenchOptions,
  log: (l: string) => void,
): BenchContext {
  const knex = db.knex;
  const readMeta = async (): Promise<Meta> => {
    await knex.raw('CREATE TABLE IF NOT EXISTS bench_meta (key text PRIMARY KEY, value jsonb NOT NULL)');
    const r = await knex.raw('SELECT key, value FROM bench_meta');
    return Object.fromEntries(r.rows.map((x: { key: string; value: unknown }) => [x.key, x.value])) as Meta;
  };
  const writeMeta = async (key: keyof Meta, value: unknown) => {
    await knex.raw(
      'INSERT INTO bench_meta (key, value) VALUES (?, ?::jsonb) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
      [key, JSON.stringify(value)],
    );
  };
  const countSites = async () => Number((await knex.raw('SELECT count(*)::int AS n FROM sites')).rows[0].n);
  return {
    ...opts,
    url,
    db,
    log,
    async ensureSites(n) {
      const meta = await readMeta();
      if (
        meta.sites?.n === n &&
        meta.sites.seed === PLOTS_SEED &&
        meta.sites.mapping === MAPPING_VERSION &&
        (await countSites()) === n
      ) {
        log(`  sites: reusing the ${n.toLocaleString('en')} bench plots already loaded`);
        return { n, reused: true };
      }
      log(`  sites: loading ${n.toLocaleString('en')} bench plots (generate_plots.sql, seed ${PLOTS_SEED})…`);
      await knex.raw('DELETE FROM bench_meta');
      const fig = await loadBenchSites(url, n);
      await writeMeta('sites', { n: fig.n, seed: PLOTS_SEED, mapping: MAPPING_VERSION });
      log(
        `  sites: ${fig.n.toLocaleString('en')} loaded in ${(fig.totalMs / 1000).toFixed(1)} s (generate ${(fig.generateMs / 1000).toFixed(1)} s, insert ${(fig.insertMs / 1000).toFixed(1)} s, indexes ${(fig.indexMs / 1000).toFixed(1)} s, commit-time apply ${(fig.commitMs / 1000).toFixed(1)} s); table ${fig.sitesTableSize}, with indexes ${fig.sitesTotalSize}; invalid polygons ${fig.invalidGeometries} (repaired ${fig.repairedGeometries}, dropped ${fig.droppedGeometries})`,
      );
      return fig;
    },
    async accessReady() {
      const meta = await readMeta();
      return meta.access?.n === (await countSites());
    },
    async markAccessReady() {
      await writeMeta('access', { n: await countSites() });
    },
    currentSites: countSites,
  };
}
