/**
 * Import throughput on the PostgreSQL/PostGIS server: each real file of ../shared/data (first
 * import into empty tables, then the no-change re-import), and a generated 100,000-site GeoJSON
 * (issue target: ≥ 5,000 sites/s).
 *
 *   npx tsx bench/import.bench.ts
 *
 * BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/lm_bench_import, not
 * `lm_bench`, which `npm run bench --keep-db` may be keeping) names a database this script
 * DROPS, recreates and drops again at the end (its name must contain "bench"); BENCH_QUICK=1 generates
 * 20,000 sites instead of 100,000. `npm run bench` runs this file as its `import` step.
 * Sites go through the sites module's `SitesImportWriter` (no access recomputation: the
 * access benchmark times that). The last row is the sites table's own ceiling: the same
 * number of similar sites in one INSERT … SELECT, no import code involved.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import pg from 'pg';
import { projectRoot } from '../api/src/config.ts';
import { openDatabase } from '../api/src/db/database.ts';
import { migrateLatest } from '../api/src/db/migrate.ts';
import { runImport } from '../api/src/modules/import/import.runner.ts';
import type { FormatName, ImportReport } from '../api/src/modules/import/import.schemas.ts';
import type { SiteImportWriter } from '../api/src/modules/sites/sites.import-writer.ts';
import { SitesImportWriter } from '../api/src/modules/sites/sites.import-writer.ts';

const DATA = path.resolve(projectRoot, '../shared/data');
const REAL_FILES: Array<{ format: FormatName; file: string; includeSmall?: boolean }> = [
  { format: 'ourairports', file: 'transport/ourairports-fr-airports.csv' },
  { format: 'ourairports', file: 'transport/ourairports-fr-airports.csv', includeSmall: true },
  { format: 'sncf-gares', file: 'transport/sncf-liste-des-gares.csv' },
  { format: 'wpi', file: 'transport/wpi-france-ports.csv' },
  { format: 'rte-postes', file: 'energy/rte-postes-electriques.geojson' },
  { format: 'toll-plazas', file: 'transport/opentolldata-peages-all.csv' },
  { format: 'toll-plazas', file: 'transport/opentolldata-toll-info.csv' },
  { format: 'osm', file: 'osm/monaco-latest.osm.pbf' },
];

interface BenchRow {
  label: string;
  format: FormatName;
  read: number;
  written: number;
  firstS: number;
  firstRowsPerS: number;
  againS: number;
  againRowsPerS: number;
}

async function resetDatabase(url: string, recreate = true): Promise<void> {
  const name = decodeURIComponent(new URL(url).pathname.slice(1));
  // It is dropped: only a plain identifier that says "bench" is accepted.
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(name) || !name.includes('bench')) {
    throw new Error(`BENCH_DATABASE_URL must name a database whose name contains "bench"; got '${name}'`);
  }
  const admin = new URL(url);
  admin.pathname = '/postgres';
  const c = new pg.Client({ connectionString: admin.toString() });
  await c.connect();
  try {
    // Identifier checked above; CREATE/DROP DATABASE cannot take bind parameters.
    await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    if (recreate) await c.query(`CREATE DATABASE ${name}`);
  } finally {
    await c.end();
  }
}

/** Writes a FeatureCollection of `n` small square sites spread over metropolitan France. */
export function generateSites(file: string, n: number): void {
  const fd = fs.openSync(file, 'w');
  fs.writeSync(fd, '{"type":"FeatureCollection","features":[\n');
  let rnd = 42;
  const random = () => {
    rnd = (rnd * 1103515245 + 12345) % 2147483648;
    return rnd / 2147483648;
  };
  const parts: string[] = [];
  for (let i = 0; i < n; i++) {
    const lon = -1 + random() * 7;
    const lat = 43.5 + random() * 5;
    const d = 0.002 + random() * 0.01;
    const ring = [
      [lon, lat],
      [lon + d, lat],
      [lon + d, lat + d],
      [lon, lat + d],
      [lon, lat],
    ].map(([x, y]) => [Math.round(x * 1e6) / 1e6, Math.round(y * 1e6) / 1e6]);
    parts.push(
      JSON.stringify({
        type: 'Feature',
        properties: {
          name: `Bench site ${i}`,
          sourceId: `bench-${i}`,
          communeInsee: '75056',
          availableAreaHa: Math.round(d * d * 1e6) / 100,
          status: 'available',
        },
        geometry: { type: 'Polygon', coordinates: [ring] },
      }),
    );
    if (parts.length === 5000 || i === n - 1) {
      fs.writeSync(fd, parts.join(',\n') + (i === n - 1 ? '\n' : ',\n'));
      parts.length = 0;
    }
  }
  fs.writeSync(fd, ']}\n');
  fs.closeSync(fd);
}

/**
 * Runs every measurement and returns the rows of the table.
 * @example const rows = await benchImports({ url: 'postgres://…/lm_bench' });
 */
async function benchImports(opts: {
  url: string;
  siteWriter?: SiteImportWriter;
  siteCount?: number;
  log?: (line: string) => void;
}): Promise<BenchRow[]> {
  const log = opts.log ?? ((l: string) => console.log(l));
  await resetDatabase(opts.url);
  const db = await openDatabase({
    databaseUrl: opts.url,
    dataDir: '',
    poolMax: 2,
    statementTimeoutMs: 600_000,
  });
  const siteWriter = opts.siteWriter ?? new SitesImportWriter();
  const rows: BenchRow[] = [];
  try {
    await migrateLatest(db.knex);
    const measure = async (label: string, run: () => Promise<ImportReport>, format: FormatName) => {
      await db.knex.raw('TRUNCATE infrastructure, sites CASCADE');
      const t0 = performance.now();
      const first = await run();
      const t1 = performance.now();
      const again = await run();
      const t2 = performance.now();
      if (!first.ok || !again.ok) {
        throw new Error(
          `${label}: import failed: ${first.error ?? JSON.stringify(first.invalid.slice(0, 3))}`,
        );
      }
      const firstS = (t1 - t0) / 1000;
      const againS = (t2 - t1) / 1000;
      const row: BenchRow = {
        label,
        format,
        read: first.read,
        written: first.inserted,
        firstS,
        firstRowsPerS: first.read / firstS,
        againS,
        againRowsPerS: again.read / againS,
      };
      rows.push(row);
      log(`  measured ${label}: ${row.read} rows in ${firstS.toFixed(2)} s`);
    };

    if (fs.existsSync(DATA)) {
      for (const f of REAL_FILES) {
        const label = `${f.file}${f.includeSmall ? ' (--include-small)' : ''}`;
        await measure(
          label,
          () =>
            runImport(
              { knex: db.knex },
              { format: f.format, file: path.join(DATA, f.file), includeSmall: f.includeSmall },
            ),
          f.format,
        );
      }
    } else {
      log(`  ${DATA} is absent: real-file measurements skipped`);
    }

    const n = opts.siteCount ?? 100_000;
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'lm-bench-import-'));
    try {
      const file = path.join(tmp, 'sites.geojson');
      generateSites(file, n);
      const mb = fs.statSync(file).size / 1e6;
      await measure(
        `generated ${n.toLocaleString('en')}-site GeoJSON (${mb.toFixed(0)} MB)`,
        () => runImport({ knex: db.knex, siteWriter }, { format: 'sites-geojson', file }),
        'sites-geojson',
      );
    } finally {
      fs.rmSync(tmp, { recursive: true, force: true });
    }

    // The ceiling set by the sites table itself (indexes, generated columns, checks): the same
    // number of similar squares inserted by one INSERT … SELECT, no import code involved.
    await db.knex.raw('TRUNCATE sites CASCADE');
    const t0 = performance.now();
    await db.knex.raw(
      `INSERT INTO sites (site_nom, site_comm_insee, departement, region, site_surf_comm_dispo, source, source_id, geom)
       SELECT 'Bench site ' || g, '75056', '75', 'test', 1, 'bench-sql', g::text,
              ST_Multi(ST_MakeEnvelope(x, y, x + d, y + d, 4326))
       FROM (SELECT g, -1 + random() * 7 AS x, 43.5 + random() * 5 AS y, 0.002 + random() * 0.01 AS d
             FROM generate_series(1, ?::int) g) s`,
      [n],
    );
    const s = (performance.now() - t0) / 1000;
    rows.push({
      label: `sites table ceiling: one INSERT … SELECT of ${n.toLocaleString('en')} squares`,
      format: 'sites-geojson',
      read: n,
      written: n,
      firstS: s,
      firstRowsPerS: n / s,
      againS: Number.NaN,
      againRowsPerS: Number.NaN,
    });
  } finally {
    await db.close();
    await resetDatabase(opts.url, false);
  }
  return rows;
}

/** The table printed by the CLI. */
function formatBenchTable(rows: BenchRow[]): string {
  const head = ['file', 'format', 'rows read', 'written', 'import s', 'rows/s', 're-import s', 'rows/s'];
  const body = rows.map((r) => [
    r.label,
    r.format,
    String(r.read),
    String(r.written),
    r.firstS.toFixed(2),
    Math.round(r.firstRowsPerS).toLocaleString('en'),
    Number.isNaN(r.againS) ? '' : r.againS.toFixed(2),
    Number.isNaN(r.againRowsPerS) ? '' : Math.round(r.againRowsPerS).toLocaleString('en'),
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((b) => b[i].length)));
  const line = (cells: string[]) =>
    `| ${cells.map((c, i) => (i < 2 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join(' | ')} |`;
  return [
    line(head),
    `|${widths.map((w, i) => (i < 2 ? `:${'-'.repeat(w + 1)}` : `${'-'.repeat(w + 1)}:`)).join('|')}|`,
    ...body.map(line),
  ].join('\n');
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const url = process.env.BENCH_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/lm_bench_import';
  console.log(`import benchmark on ${url.replace(/\/\/[^@]*@/, '//')} (${os.cpus().length} cores)`);
  console.log('sites writer: SitesImportWriter (api/src/modules/sites/sites.import-writer.ts)');
  // BENCH_QUICK=1 (npm run bench -- --quick) generates 20,000 sites instead of 100,000.
  const rows = await benchImports({ url, siteCount: process.env.BENCH_QUICK === '1' ? 20_000 : 100_000 });
  console.log('');
  console.log(formatBenchTable(rows));
  const sites = rows.find((r) => r.label.startsWith('generated'));
  if (sites) {
    const verdict = sites.firstRowsPerS >= 5000 ? 'meets' : 'MISSES';
    console.log(
      `\nsites: ${Math.round(sites.firstRowsPerS).toLocaleString('en')} sites/s, ${verdict} the 5,000 sites/s target`,
    );
  }
  console.log(`peak RSS ${(process.memoryUsage().rss / 1e6).toFixed(0)} MB`);
}
