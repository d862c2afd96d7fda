/**
 * End-to-end shortlist exports on the PostgreSQL/PostGIS server: what `GET
 * /api/projects/:id/shortlist.pdf` costs behind the route (read the shortlist, the live sites
 * with their outlines, neighbouring plots within 2 km and the nearest infrastructure, build the
 * document, render it), for shortlists of 3, 10 and 20 demo sites; plus the CSV and GeoJSON
 * exports of 20 sites. bench/pdf.bench.ts times the renderer alone from a fixture; the
 * difference is the database side.
 *
 * Run: `npx tsx bench/pdf-export.bench.ts` (BENCH_DATABASE_URL, default
 * postgres://postgres@127.0.0.1:5432/lm_bench_pdf_export: created, seeded with the demo
 * data, dropped at the end). Importable: `runPdfExportBench(url)`.
 */
import os from 'node:os';
import { pathToFileURL } from 'node:url';
import pg from 'pg';
import { openDatabase } from '../api/src/db/database.ts';
import { migrateLatest } from '../api/src/db/migrate.ts';
import { seedDemoData } from '../api/src/db/seed.ts';
import { knexTransactor } from '../api/src/db/transaction.ts';
import type { Actor } from '../api/src/modules/auth/auth.types.ts';
import { ProjectsService } from '../api/src/modules/projects/projects.service.ts';
import { PgProjectsStore } from '../api/src/modules/projects/projects.store.pg.ts';
import { ShortlistExports } from '../api/src/modules/projects/shortlist.exports.service.ts';
import { ShortlistService } from '../api/src/modules/projects/shortlist.service.ts';

export interface PdfExportRow {
  format: 'pdf' | 'csv' | 'geojson';
  sites: number;
  medianMs: number;
  maxMs: number;
  /** Median process CPU time (user + system): steadier than wall time on a busy machine. */
  cpuMs: number;
  sizeKb: number;
}

const SIZES = [3, 10, 20];
const RUNS = 5;
const DEFAULT_URL = 'postgres://postgres@127.0.0.1:5432/lm_bench_pdf_export';

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

async function admin(url: string, sql: string): Promise<void> {
  const u = new URL(url);
  u.pathname = '/postgres';
  const c = new pg.Client({ connectionString: u.toString() });
  await c.connect();
  try {
    await c.query(sql);
  } finally {
    await c.end();
  }
}

/** Creates the database (name from the URL, constant in practice), seeds it, times the exports, drops it. */
export async function runPdfExportBench(
  url = DEFAULT_URL,
): Promise<{ rows: PdfExportRow[]; coldMs: number }> {
  const name = new URL(url).pathname.slice(1);
  if (!/^[a-z0-9_]+$/.test(name)) throw new Error(`bench database name must be lower_snake_case: ${name}`);
  await admin(url, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await admin(url, `CREATE DATABASE ${name}`);
  const db = await openDatabase({ databaseUrl: url, dataDir: '', poolMax: 4 });
  try {
    await migrateLatest(db.knex);
    await seedDemoData(db.knex, { users: false });
    const [user] = await db
      .knex('users')
      .insert({
        email: 'bench@landmatch.test',
        role: 'staff',
        organisation: 'Bench agency',
        name: 'Bench staff',
      })
      .returning('id');
    const actor: Actor = {
      userId: String(user.id),
      email: 'bench@landmatch.test',
      name: 'Bench staff',
      role: 'staff',
      organisation: 'Bench agency',
      territories: [],
      via: 'token',
    };
    const store = new PgProjectsStore(db.knex);
    const service = new ProjectsService(knexTransactor(db.knex), store);
    const shortlists = new ShortlistService(knexTransactor(db.knex), store);
    const exports = new ShortlistExports(store);
    const siteIds: string[] = (await db.knex('sites').select('id').orderBy('site_nom').limit(20)).map((r) =>
      String(r.id),
    );
    if (siteIds.length < 20) throw new Error(`the demo seed has ${siteIds.length} sites; 20 are needed`);

    const rows: PdfExportRow[] = [];
    let coldMs = 0;
    for (const n of SIZES) {
      const project = await service.create(
        {
          name: `Bench ${n}`,
          sector: 'battery_cells',
          originCountry: 'DE',
          jobs: 1200,
          investmentEur: 1.5e9,
          needs: {
            surfaceHa: { min: 10, max: 60 },
            powerMw: 30,
            railSiding: 'preferred',
            maxDistanceKm: { motorway: 10 },
          },
        },
        actor,
      );
      // Items without scores: each is scored against the needs when added, as from the map.
      await shortlists.put(project.id, { items: siteIds.slice(0, n).map((siteId) => ({ siteId })) }, actor);
      const formats: Array<PdfExportRow['format']> = n === 20 ? ['pdf', 'csv', 'geojson'] : ['pdf'];
      for (const format of formats) {
        if (format === 'pdf' && coldMs === 0) {
          const t0 = performance.now();
          await exports.export(project.id, 'pdf', { lang: 'fr' }, actor);
          coldMs = performance.now() - t0;
        }
        const times: number[] = [];
        const cpu: number[] = [];
        let size = 0;
        for (let i = 0; i < RUNS; i++) {
          const t0 = performance.now();
          const cpu0 = process.cpuUsage();
          const d = await exports.export(project.id, format, { lang: 'fr' }, actor);
          times.push(performance.now() - t0);
          const c = process.cpuUsage(cpu0);
          cpu.push((c.user + c.system) / 1000);
          size = Buffer.byteLength(d.body);
        }
        rows.push({
          format,
          sites: n,
          medianMs: Math.round(median(times)),
          maxMs: Math.round(Math.max(...times)),
          cpuMs: Math.round(median(cpu)),
          sizeKb: Math.round(size / 1024),
        });
      }
    }
    return { rows, coldMs: Math.round(coldMs) };
  } finally {
    await db.close();
    await admin(url, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const { rows, coldMs } = await runPdfExportBench(process.env.BENCH_DATABASE_URL || DEFAULT_URL);
  const load = os.loadavg().map((x) => x.toFixed(1));
  console.log(`load average ${load.join(' ')} on ${os.cpus().length} CPUs`);
  console.log(`first PDF in the process (fonts, outline loading): ${coldMs} ms`);
  console.table(rows);
  const pdf20 = rows.find((r) => r.format === 'pdf' && r.sites === 20);
  if (pdf20) console.log(`20-site PDF export: ${pdf20.medianMs} ms median (target ≤ 3000 ms)`);
}
