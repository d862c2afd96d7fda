/**
 * The benchmark database: a dedicated PostGIS database (dropped and created by the run), the
 * project's migrations, the real national infrastructure of ../shared/data imported through the
 * import module, and the standard synthetic plots of ../shared/bench/generate_plots.sql mapped
 * into `sites` with one INSERT … SELECT.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { projectRoot } from '../../api/src/config.ts';
import { type Database, openDatabase } from '../../api/src/db/database.ts';
import { migrateLatest } from '../../api/src/db/migrate.ts';
import { runImport } from '../../api/src/modules/import/import.runner.ts';
import type { FormatName } from '../../api/src/modules/import/import.schemas.ts';
import { DEPARTMENT_REGION, departmentOfCommune } from '../../api/src/shared/regions.ts';

export const DEFAULT_BENCH_URL = 'postgres://postgres@127.0.0.1:5432/lm_bench';
export const SHARED_DIR = path.resolve(projectRoot, '../shared');
export const PLOTS_SQL = path.join(SHARED_DIR, 'bench', 'generate_plots.sql');
export const DATA_DIR = path.join(SHARED_DIR, 'data');
export const PLOTS_SEED = '0.42';
/**
 * Version of the bench_plots → sites mapping below; a database loaded with another version is
 * reloaded. 2: plu_zone = 'U' (industrial zoning; otherwise matching's always-on zoning
 * knock-out would turn every plot into a "to confirm" near-miss).
 */
export const MAPPING_VERSION = 2;

/** The bench database URL (BENCH_DATABASE_URL, else a local `lm_bench`). */
export function benchDatabaseUrl(): string {
  return process.env.BENCH_DATABASE_URL || DEFAULT_BENCH_URL;
}

/**
 * The database name of a URL, checked to be a plain identifier that names a bench database:
 * it is interpolated into DROP/CREATE DATABASE (identifiers cannot be bound), and the run
 * drops it, so anything not clearly a bench database is refused.
 * @example benchDbName('postgres://postgres@127.0.0.1:5432/lm_bench') // 'lm_bench'
 */
export function benchDbName(url: string): string {
  const name = decodeURIComponent(new URL(url).pathname.replace(/^\//, ''));
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(name) || !name.includes('bench')) {
    throw new Error(
      `BENCH_DATABASE_URL must name a database whose name contains "bench" (lower-case letters, digits, _): got "${name}". The bench drops and recreates it.`,
    );
  }
  return name;
}

/** Drops and recreates the bench database with PostGIS and pg_trgm. */
export async function recreateDatabase(url: string): Promise<void> {
  const name = benchDbName(url);
  const admin = new URL(url);
  admin.pathname = '/postgres';
  const client = new pg.Client({ connectionString: admin.toString() });
  await client.connect();
  try {
    await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await client.query(`CREATE DATABASE ${name}`);
  } finally {
    await client.end();
  }
  const db = new pg.Client({ connectionString: url });
  await db.connect();
  try {
    await db.query('CREATE EXTENSION IF NOT EXISTS postgis');
    await db.query('CREATE EXTENSION IF NOT EXISTS pg_trgm');
  } finally {
    await db.end();
  }
}

/** Drops the bench database (end of run, unless --keep-db). */
export async function dropDatabase(url: string): Promise<void> {
  const name = benchDbName(url);
  const admin = new URL(url);
  admin.pathname = '/postgres';
  const client = new pg.Client({ connectionString: admin.toString() });
  await client.connect();
  try {
    await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  } finally {
    await client.end();
  }
}

/**
 * Opens the bench database through the project's own `openDatabase` (same pool settings as the
 * app) and applies the migrations.
 */
export async function openBench(url: string, opts: { poolMax?: number; statementTimeoutMs?: number } = {}) {
  const db = await openDatabase({
    databaseUrl: url,
    dataDir: '',
    poolMax: opts.poolMax ?? 10,
    statementTimeoutMs: opts.statementTimeoutMs ?? 15000,
  });
  const applied = await migrateLatest(db.knex);
  return { db, applied };
}

/** A plain session for bulk work: no statement timeout, generous maintenance memory. */
export async function bulkClient(url: string): Promise<pg.Client> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  await c.query(
    "SET statement_timeout = 0; SET jit = off; SET maintenance_work_mem = '1GB'; SET work_mem = '256MB'; SET max_parallel_maintenance_workers = 2",
  );
  return c;
}

export interface InfraImportFigure {
  format: FormatName;
  file: string;
  read: number;
  written: number;
  skipped: number;
  invalid: number;
  ms: number;
  rowsPerSec: number;
  ok: boolean;
  error: string | null;
}

/** The real national infrastructure files (SOURCES.md), in import order. */
export const NATIONAL_INFRASTRUCTURE: ReadonlyArray<{ format: FormatName; file: string }> = [
  { format: 'rte-postes', file: 'energy/rte-postes-electriques.geojson' },
  { format: 'sncf-gares', file: 'transport/sncf-liste-des-gares.csv' },
  { format: 'ourairports', file: 'transport/ourairports-fr-airports.csv' },
  { format: 'wpi', file: 'transport/wpi-france-ports.csv' },
  { format: 'toll-plazas', file: 'transport/opentolldata-peages-all.csv' },
  // Same plazas, second layout: enriches the first (operator, open/closed system).
  { format: 'toll-plazas', file: 'transport/opentolldata-toll-info.csv' },
];

/**
 * Imports every national infrastructure file with the import module (`runImport`, one
 * transaction per file, invalid rows skipped and counted). No access recomputation hook: the
 * bench times the recomputation on its own.
 */
export async function importNationalInfrastructure(db: Database): Promise<InfraImportFigure[]> {
  const out: InfraImportFigure[] = [];
  for (const { format, file } of NATIONAL_INFRASTRUCTURE) {
    const full = path.join(DATA_DIR, file);
    if (!fs.existsSync(full)) throw new Error(`missing ${full} (see ../shared/data/SOURCES.md)`);
    const t0 = performance.now();
    const r = await runImport({ knex: db.knex }, { format, file: full, skipInvalid: true });
    const ms = performance.now() - t0;
    const written = r.byTarget.infrastructure.inserted + r.byTarget.infrastructure.updated;
    out.push({
      format,
      file,
      read: r.read,
      written,
      skipped: r.skipped,
      invalid: r.invalidCount,
      ms: Math.round(ms),
      rowsPerSec: Math.round((r.read * 1000) / ms),
      ok: r.ok,
      error: r.error,
    });
    if (!r.ok) throw new Error(`import of ${file} failed: ${r.error ?? `${r.invalidCount} invalid rows`}`);
  }
  return out;
}

/** Infrastructure rows per kind (and substations per voltage class), for the report. */
export async function infrastructureCounts(db: Database): Promise<Record<string, number>> {
  const r = await db.knex.raw(`
    SELECT kind, count(*)::int AS n FROM infrastructure GROUP BY kind
    UNION ALL SELECT 'substation >= 225 kV', count(*)::int FROM infrastructure WHERE kind = 'substation' AND voltage_kv >= 225
    UNION ALL SELECT 'substation >= 380 kV', count(*)::int FROM infrastructure WHERE kind = 'substation' AND voltage_kv >= 380
    UNION ALL SELECT 'airport large/medium', count(*)::int FROM infrastructure WHERE kind = 'airport' AND size_class IN ('large', 'medium')
    ORDER BY 1`);
  return Object.fromEntries(r.rows.map((x: { kind: string; n: number }) => [x.kind, x.n]));
}

/** Runs ../shared/bench/generate_plots.sql with psql (creates `bench_plots`). */
export async function generatePlots(url: string, n: number): Promise<{ ms: number; output: string }> {
  if (!fs.existsSync(PLOTS_SQL)) throw new Error(`missing ${PLOTS_SQL}`);
  const t0 = performance.now();
  const output = await new Promise<string>((resolve, reject) => {
    const p = spawn(
      'psql',
      [url, '-X', '-q', '-v', 'ON_ERROR_STOP=1', '-v', `n=${n}`, '-v', `seed=${PLOTS_SEED}`, '-f', PLOTS_SQL],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let text = '';
    p.stdout.on('data', (d) => {
      text += d;
    });
    p.stderr.on('data', (d) => {
      text += d;
    });
    p.on('error', reject);
    p.on('close', (code) =>
      code === 0 ? resolve(text) : reject(new Error(`psql generate_plots.sql exited ${code}: ${text}`)),
    );
  });
  return { ms: Math.round(performance.now() - t0), output: output.trim() };
}

/**
 * The 24 clustering centres of generate_plots.sql with the INSEE code of that city's commune.
 * A bench plot gets the commune (hence département and région) of its nearest centre: cheap
 * and always a valid code, but not the true commune of the point (30 % of plots are spread
 * uniformly over France); good enough for filters and matching scopes in a benchmark.
 */
export const BENCH_CENTRES: ReadonlyArray<{ name: string; lon: number; lat: number; insee: string }> = [
  { name: 'Paris', lon: 2.35, lat: 48.86, insee: '75056' },
  { name: 'Lyon', lon: 4.85, lat: 45.76, insee: '69123' },
  { name: 'Marseille', lon: 5.37, lat: 43.3, insee: '13055' },
  { name: 'Lille', lon: 3.06, lat: 50.63, insee: '59350' },
  { name: 'Toulouse', lon: 1.44, lat: 43.6, insee: '31555' },
  { name: 'Nantes', lon: -1.55, lat: 47.22, insee: '44109' },
  { name: 'Strasbourg', lon: 7.75, lat: 48.58, insee: '67482' },
  { name: 'Bordeaux', lon: -0.58, lat: 44.84, insee: '33063' },
  { name: 'Rennes', lon: -1.68, lat: 48.11, insee: '35238' },
  { name: 'Rouen', lon: 1.1, lat: 49.44, insee: '76540' },
  { name: 'Metz', lon: 6.18, lat: 49.12, insee: '57463' },
  { name: 'Nancy', lon: 6.18, lat: 48.69, insee: '54395' },
  { name: 'Grenoble', lon: 5.72, lat: 45.19, insee: '38185' },
  { name: 'Le Havre', lon: 0.11, lat: 49.49, insee: '76351' },
  { name: 'Dunkerque', lon: 2.38, lat: 51.03, insee: '59183' },
  { name: 'Mulhouse', lon: 7.34, lat: 47.75, insee: '68224' },
  { name: 'Reims', lon: 4.03, lat: 49.26, insee: '51454' },
  { name: 'Clermont-Ferrand', lon: 3.09, lat: 45.78, insee: '63113' },
  { name: 'Saint-Étienne', lon: 4.39, lat: 45.44, insee: '42218' },
  { name: 'Orléans', lon: 1.91, lat: 47.9, insee: '45234' },
  { name: 'Dijon', lon: 5.04, lat: 47.32, insee: '21231' },
  { name: 'Valenciennes', lon: 3.52, lat: 50.36, insee: '59606' },
  { name: 'Montpellier', lon: 3.88, lat: 43.61, insee: '34172' },
  { name: 'Nice', lon: 7.26, lat: 43.7, insee: '06088' },
];

function centresJson(): string {
  return JSON.stringify(
    BENCH_CENTRES.map((c) => {
      const dep = departmentOfCommune(c.insee);
      const region = dep ? DEPARTMENT_REGION.get(dep) : undefined;
      if (!dep || !region) throw new Error(`no département/région for ${c.insee}`);
      return { ...c, dep, region };
    }),
  );
}

export interface SitesLoadFigure {
  n: number;
  generateMs: number;
  invalidGeometries: number;
  repairedGeometries: number;
  droppedGeometries: number;
  insertMs: number;
  indexMs: number;
  /** The commit: the deferred apply of site_match and the tile cells (migration 0005). */
  commitMs: number;
  vacuumMs: number;
  totalMs: number;
  sitesTableSize: string;
  sitesTotalSize: string;
}

/**
 * Replaces every site by the `n` standard bench plots. Mapping: name, surface (the polygon's
 * own area, as generate_plots.sql sets it), power (reseau_electrique = power > 0), rail siding,
 * availability date as generated; commune/département/région of the nearest centre
 * (BENCH_CENTRES); plu_zone 'U'; published, available, source 'bench', source_id = plot id,
 * data quality 'illustrative'. Secondary indexes of `sites` are dropped
 * before the INSERT and rebuilt after it from their own definitions (pg_indexes), which is
 * several times faster than maintaining 9 indexes row by row; then VACUUM ANALYZE so the
 * timed reads do not pay for hint bits or stale statistics.
 */
export async function loadBenchSites(url: string, n: number): Promise<SitesLoadFigure> {
  const t0 = performance.now();
  const gen = await generatePlots(url, n);
  const c = await bulkClient(url);
  try {
    const inv = await c.query<{ invalid: number }>(
      'SELECT count(*) FILTER (WHERE NOT ST_IsValid(geom))::int AS invalid FROM bench_plots',
    );
    const invalid = inv.rows[0].invalid;
    // One transaction: the triggers' commit-time apply (site_match, tile cells) runs after the
    // indexes are back, so it probes `sites` through them (migration 0017).
    await c.query('BEGIN');
    await c.query('TRUNCATE sites CASCADE');
    const idx = await c.query<{ indexname: string; indexdef: string }>(`
      SELECT i.indexname, i.indexdef FROM pg_indexes i
      WHERE i.schemaname = current_schema() AND i.tablename = 'sites'
        AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = (quote_ident(i.indexname))::regclass)`);
    for (const { indexname } of idx.rows) await c.query(`DROP INDEX ${quoteIdent(indexname)}`);
    const t1 = performance.now();
    // Invalid plots are repaired (polygonal part of ST_MakeValid); those that end up empty are dropped.
    const ins = await c.query(
      `WITH centres AS MATERIALIZED (
         SELECT * FROM jsonb_to_recordset($1::jsonb)
           AS c(name text, lon float8, lat float8, insee text, dep text, region text)),
       plots AS MATERIALIZED (
         SELECT v.*, (ST_XMin(v.g) + ST_XMax(v.g)) / 2 AS cx, (ST_YMin(v.g) + ST_YMax(v.g)) / 2 AS cy
         FROM (SELECT p.*, CASE WHEN ST_IsValid(p.geom) THEN p.geom
                                ELSE ST_Multi(ST_CollectionExtract(ST_MakeValid(p.geom), 3)) END AS g
               FROM bench_plots p) v
         WHERE NOT ST_IsEmpty(v.g) AND ST_IsValid(v.g))
       INSERT INTO sites (site_nom, site_comm_insee, site_comm_nom, departement, region,
         site_surf_comm_dispo, power_available_mw, reseau_electrique, reseau_fret_ferroviaire, available_from,
         plu_zone, published, status, source, source_id, data_quality, geom)
       SELECT p.name, c.insee, c.name, c.dep, c.region,
              p.surface_ha, p.power_mw, p.power_mw > 0, p.rail_siding, p.available_from,
              'U', true, 'available', 'bench', p.id::text, 'illustrative', p.g
       FROM plots p
       CROSS JOIN LATERAL (
         SELECT * FROM centres c ORDER BY (c.lon - p.cx) ^ 2 + (c.lat - p.cy) ^ 2 LIMIT 1) c`,
      [centresJson()],
    );
    const insertMs = performance.now() - t1;
    const t2 = performance.now();
    for (const { indexdef } of idx.rows) await c.query(indexdef);
    const indexMs = performance.now() - t2;
    const tc = performance.now();
    await c.query('COMMIT');
    const commitMs = performance.now() - tc;
    const t3 = performance.now();
    await c.query('VACUUM ANALYZE sites');
    await c.query('VACUUM ANALYZE infrastructure');
    const vacuumMs = performance.now() - t3;
    const size = await c.query<{ t: string; tot: string }>(
      "SELECT pg_size_pretty(pg_relation_size('sites')) AS t, pg_size_pretty(pg_total_relation_size('sites')) AS tot",
    );
    const inserted = ins.rowCount ?? 0;
    return {
      n: inserted,
      generateMs: gen.ms,
      invalidGeometries: invalid,
      repairedGeometries: invalid - (n - inserted),
      droppedGeometries: n - inserted,
      insertMs: Math.round(insertMs),
      indexMs: Math.round(indexMs),
      commitMs: Math.round(commitMs),
      vacuumMs: Math.round(vacuumMs),
      totalMs: Math.round(performance.now() - t0),
      sitesTableSize: size.rows[0].t,
      sitesTotalSize: size.rows[0].tot,
    };
  } catch (e) {
    await c.query('ROLLBACK').catch(() => {});
    throw e;
  } finally {
    await c.end();
  }
}

/** Double-quotes an identifier read from the catalogue. */
function quoteIdent(s: string): string {
  return `"${s.replace(/"/g, '""')}"`;
}
