/**
 * Drive times and labour pools (issue 11) on the PostgreSQL/PostGIS server:
 *   1. road import rate (ways/s) on OSM Andorra (`importRoads`, the product's importer);
 *   2. drive-time precompute per 1,000 sites on Andorra (targets per vertex, then the sites'
 *      access + drive times + road labour pools), with pgRouting and with the embedded
 *      engine's router (graphology) on the same tables;
 *   3. the same on a synthetic grid network of ≥ 1,000,000 edges generated here
 *      (target: ≤ 60 s per 10,000 sites, labour pools aside);
 *   4. labour-pool precompute for 100,000 sites over the full INSEE communes file
 *      (sites spread over France, off any graph: the estimate path);
 *   5. isochrone p95 for 30 minutes (target ≤ 300 ms) on Andorra and on the grid.
 *
 *   npx tsx bench/drive-times.bench.ts
 *
 * BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/lm_bench_drive) names a
 * database this script DROPS, recreates and drops again at the end (its name must contain
 * "bench"). BENCH_QUICK=1: 20,000 sites for the labour pool and 2,000 on the grid.
 * Every figure is printed with the data size and the load average.
 */
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import pg from 'pg';
import { projectRoot } from '../api/src/config.ts';
import { openDatabase } from '../api/src/db/database.ts';
import { migrateLatest } from '../api/src/db/migrate.ts';
import { AccessService } from '../api/src/modules/access/access.service.ts';
import { recomputeSiteAccess } from '../api/src/modules/access/access.store.pg.ts';
import { importCommunes } from '../api/src/modules/roads/communes.import.ts';
import { recomputeVertexAccess, snapCommunes } from '../api/src/modules/roads/drive-times.store.ts';
import { isochrone } from '../api/src/modules/roads/isochrone.ts';
import { importRoads } from '../api/src/modules/roads/roads.import.ts';
import { GraphologyRouter, PgRoutingRouter, type RoadRouter } from '../api/src/modules/roads/router.ts';

const DATA = path.resolve(projectRoot, '../shared/data');
const QUICK = process.env.BENCH_QUICK === '1';
const url = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/lm_bench_drive';
const out = (l = '') => process.stdout.write(`${l}\n`);
const load = () =>
  os
    .loadavg()
    .map((x) => x.toFixed(2))
    .join(' / ');
const s = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

async function admin<T>(fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const a = new URL(url);
  a.pathname = '/postgres';
  const c = new pg.Client({ connectionString: a.toString() });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}
const dbName = decodeURIComponent(new URL(url).pathname.slice(1));
if (!/^[a-z_][a-z0-9_]{0,62}$/.test(dbName) || !dbName.includes('bench'))
  throw new Error(`BENCH_DATABASE_URL must name a database whose name contains "bench"; got '${dbName}'`);

async function timed<T>(fn: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const t0 = performance.now();
  const value = await fn();
  return { ms: Math.round(performance.now() - t0), value };
}

function p95(samples: number[]): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(0.95 * sorted.length) - 1)];
}

const rows: string[][] = [];
const row = (...cells: Array<string | number>) => {
  rows.push(cells.map(String));
  out(`  ${cells.join(' | ')}`);
};

async function main() {
  await admin(async (c) => {
    await c.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
    await c.query(`CREATE DATABASE ${dbName}`);
  });
  const db = await openDatabase({ databaseUrl: url, dataDir: '', poolMax: 4, statementTimeoutMs: 0 });
  const k = db.knex;
  try {
    await k.raw('CREATE EXTENSION IF NOT EXISTS postgis');
    await k.raw('CREATE EXTENSION IF NOT EXISTS pg_trgm');
    await migrateLatest(k);
    const pgr = (await k.raw('SELECT pgr_version() AS v')).rows[0].v;
    out(
      `drive-times bench: ${os.cpus().length} × ${os.cpus()[0]?.model}, PostgreSQL server, pgRouting ${pgr}`,
    );
    out(`load average at start (1/5/15 min): ${load()}`);
    out();

    // 1. Road import rate.
    const andorra = path.join(DATA, 'osm/andorra-latest.osm.pbf');
    const imports: number[] = [];
    let last: Awaited<ReturnType<typeof importRoads>> | null = null;
    for (let i = 0; i < 3; i++) {
      last = await importRoads(k, andorra);
      imports.push(last.waysPerSecond);
    }
    row(
      '1. road import, OSM Andorra (1.4 MB)',
      `${last!.ways} highway ways → ${last!.edges} edges, ${last!.vertices} vertices`,
      `${Math.max(...imports)} ways/s best of 3 (${imports.join(', ')}), ${s(last!.durationMs)}`,
      load(),
    );

    // 2. Andorra: 1,000 sites on the graph, bench targets and communes at random vertices.
    await k.raw(`
      INSERT INTO infrastructure (kind, name, source, source_id, size_class, voltage_kv, geom)
      SELECT kind, 'bench ' || kind || ' ' || n, 'bench', kind || '-' || n,
             CASE WHEN kind = 'airport' THEN 'large' END, CASE WHEN kind = 'substation' THEN 225 END,
             ST_Transform(v.geom_l93, 4326)
      FROM (VALUES ('motorway_access', 6), ('rail_freight', 3), ('port', 2), ('airport', 1), ('substation', 4)) AS t(kind, c)
      CROSS JOIN LATERAL generate_series(1, t.c) n
      CROSS JOIN LATERAL (SELECT geom_l93 FROM road_vertices WHERE snappable AND n > 0 ORDER BY random() LIMIT 1) v`);
    await k.raw(`
      INSERT INTO communes (insee_com, name, population, active, unemployed, source, geom_l93)
      SELECT 'B' || lpad(n::text, 4, '0'), 'bench commune ' || n, 1000 + n, 500 + n, 50, 'bench', v.geom_l93
      FROM generate_series(1, 60) n
      CROSS JOIN LATERAL (SELECT geom_l93 FROM road_vertices WHERE snappable AND n > 0 ORDER BY random() LIMIT 1) v`);
    await insertSitesAtVertices(k, 1000, 'andorra');
    for (const router of [new PgRoutingRouter(), new GraphologyRouter()] as RoadRouter[]) {
      const targets = await timed(() =>
        k.transaction(async (trx) => {
          await snapCommunes(trx);
          return recomputeVertexAccess(trx, router);
        }),
      );
      const ids = (await k.raw("SELECT id::text AS id FROM sites WHERE source = 'bench-andorra'")).rows.map(
        (r: { id: string }) => r.id,
      );
      process.env.ROUTER = router.name;
      const sites = await timed(() =>
        k.transaction((trx) => recomputeSiteAccess(trx, ids, { labourPool: false })),
      );
      const pools = await timed(() =>
        k.transaction(async (trx) => {
          const { recomputeSiteLabourPool } = await import('../api/src/modules/roads/drive-times.store.ts');
          await recomputeSiteLabourPool(trx, ids, router);
        }),
      );
      delete process.env.ROUTER;
      const road = (await k.raw("SELECT count(*)::int AS n FROM site_drive_times WHERE method = 'road'"))
        .rows[0].n;
      row(
        `2. Andorra, 1,000 sites, ${router.name}`,
        `nearest targets of the sites' vertices ${s(targets.ms)} (${targets.value.rows} rows)`,
        `access + drive times ${s(sites.ms)} (${road} road rows), road labour pools ${s(pools.ms)}`,
        `per 1,000 sites: ${s(targets.ms + sites.ms + pools.ms)}`,
        load(),
      );
    }

    // 5a. Isochrone p95, 30 min, Andorra.
    const points = (
      await k.raw(
        'SELECT ST_X(ST_Transform(geom_l93, 4326)) AS x, ST_Y(ST_Transform(geom_l93, 4326)) AS y FROM road_vertices WHERE snappable ORDER BY random() LIMIT 40',
      )
    ).rows as Array<{ x: number; y: number }>;
    for (const router of [new PgRoutingRouter(), new GraphologyRouter()] as RoadRouter[]) {
      await isochrone(k, points[0].x, points[0].y, 30, 'car', { router }); // warm (graph cache)
      const ms: number[] = [];
      for (const p of points) ms.push((await timed(() => isochrone(k, p.x, p.y, 30, 'car', { router }))).ms);
      row(
        `5. isochrone 30 min, Andorra, ${router.name}`,
        `${points.length} origins`,
        `p50 ${ms.sort((a, b) => a - b)[Math.floor(ms.length / 2)]} ms, p95 ${p95(ms)} ms (target ≤ 300)`,
        load(),
      );
    }

    // 3. Synthetic grid ≥ 1,000,000 edges.
    await k.raw("DELETE FROM sites WHERE source LIKE 'bench%'");
    await k.raw("DELETE FROM infrastructure WHERE source = 'bench'");
    await k.raw('TRUNCATE road_extracts CASCADE');
    await k.raw("DELETE FROM communes WHERE source = 'bench'");
    const N = 710; // 504,100 vertices, 1,006,780 edges, 200 m apart: 142 km × 142 km in the Beauce
    const gen = await timed(() => generateGrid(k, N));
    const e = (await k.raw('SELECT count(*)::int AS n FROM road_edges')).rows[0].n;
    row(
      '3. synthetic grid',
      `${N}×${N} vertices, ${e.toLocaleString('en')} edges (every 10th line 80 km/h, others 30)`,
      `generated in ${s(gen.ms)}`,
      load(),
    );
    await k.raw(`
      INSERT INTO infrastructure (kind, name, source, source_id, size_class, voltage_kv, geom)
      SELECT kind, 'bench ' || kind || ' ' || n, 'bench', kind || '-' || v || '-' || n,
             CASE WHEN kind = 'airport' THEN 'large' END, CASE WHEN kind = 'substation' THEN v END,
             ST_Transform(ST_SetSRID(ST_MakePoint(560000 + random() * 140000, 6760000 + random() * 140000), 2154), 4326)
      FROM (VALUES ('motorway_access', 40, 0), ('rail_freight', 20, 0), ('port', 5, 0), ('airport', 3, 0),
                   ('substation', 20, 63), ('substation', 15, 225), ('substation', 8, 400)) AS t(kind, c, v)
      CROSS JOIN LATERAL generate_series(1, t.c) n`);
    const gridSites = QUICK ? 2000 : 10000;
    await insertGridSites(k, gridSites);
    const targets = await timed(() => new AccessService(k, 2).refreshGraphTargets());
    const ids = (await k.raw("SELECT id::text AS id FROM sites WHERE source = 'bench-grid'")).rows.map(
      (r: { id: string }) => r.id,
    );
    const sites = await timed(async () => {
      for (let i = 0; i < ids.length; i += 2000)
        await k.transaction((trx) => recomputeSiteAccess(trx, ids.slice(i, i + 2000), { labourPool: false }));
    });
    const road = (await k.raw("SELECT count(*)::int AS n FROM site_drive_times WHERE method = 'road'"))
      .rows[0].n;
    const total = targets.ms + sites.ms;
    row(
      `3. grid, ${gridSites.toLocaleString('en')} sites, pgrouting`,
      `nearest targets of the sites' vertices (11 multi-source searches over the whole graph) ${s(targets.ms)} (${targets.value.rows.toLocaleString('en')} rows)`,
      `access + drive times ${s(sites.ms)} (${road.toLocaleString('en')} road rows)`,
      `total ${s(total)} = ${s((total * 10000) / gridSites)} per 10,000 sites (target ≤ 60 s)`,
      load(),
    );
    // 5b. Isochrone p95, 30 min, grid.
    const gpts = Array.from({ length: 20 }, () => [
      560000 + 20000 + Math.random() * 100000,
      6760000 + 20000 + Math.random() * 100000,
    ]);
    const gll = (
      await k.raw(
        `SELECT ST_X(g) AS x, ST_Y(g) AS y FROM (SELECT ST_Transform(ST_SetSRID(ST_MakePoint(p[1], p[2]), 2154), 4326) AS g
         FROM jsonb_array_elements(?::jsonb) j, LATERAL (SELECT ARRAY[(j->>0)::float8, (j->>1)::float8] AS p) q) x`,
        [JSON.stringify(gpts)],
      )
    ).rows as Array<{ x: number; y: number }>;
    const gms: number[] = [];
    let verts = 0;
    for (const p of gll) {
      const r = await timed(() => isochrone(k, p.x, p.y, 30, 'car', { router: new PgRoutingRouter() }));
      gms.push(r.ms);
      verts = Math.max(verts, r.value.properties.vertices);
    }
    row(
      '5. isochrone 30 min, grid, pgrouting',
      `${gll.length} origins, up to ${verts.toLocaleString('en')} vertices reached`,
      `p50 ${gms.sort((a, b) => a - b)[Math.floor(gms.length / 2)]} ms, p95 ${p95(gms)} ms (target ≤ 300)`,
      load(),
    );

    // 4. Labour pool for 100,000 sites (estimate path) over the full communes file.
    await k.raw('TRUNCATE road_extracts CASCADE');
    await k.raw("DELETE FROM sites WHERE source LIKE 'bench%'");
    const communes = await importCommunes(k, path.join(DATA, 'insee/communes-population.csv'));
    const nPool = QUICK ? 20000 : 100000;
    await insertFranceSites(k, nPool);
    const pool = await timed(() => new AccessService(k, 2).recomputeLabourPoolsAll());
    const n = (await k.raw('SELECT count(*)::int AS n FROM site_labour_pool')).rows[0].n;
    row(
      `4. labour pool, ${nPool.toLocaleString('en')} sites (estimate, 20/30/45 min)`,
      `${communes.communes.toLocaleString('en')} communes, ${n.toLocaleString('en')} rows`,
      `${s(pool.ms)} = ${s((pool.ms * 100000) / nPool)} per 100,000 sites`,
      load(),
    );
    out();
    out('| figure | data | result | | load (1/5/15) |');
    out('|---|---|---|---|---|');
    for (const r of rows) out(`| ${[...r, '', '', '', ''].slice(0, 5).join(' | ')} |`);
  } finally {
    await db.close();
    await admin((c) => c.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`));
  }
}

/** Sites (100 m squares, bench source) centred on random vertices of the graph. */
async function insertSitesAtVertices(k: import('knex').Knex, n: number, tag: string) {
  await k.raw(
    `INSERT INTO sites (site_nom, site_comm_insee, departement, region, site_surf_comm_dispo, published, source, source_id, data_quality, geom)
     SELECT 'bench site ' || i, '99000', '99', '99', 1, true, 'bench-${tag}', i::text, 'illustrative',
            ST_Multi(ST_Transform(ST_Expand(v.geom_l93, 50), 4326))
     FROM generate_series(1, ?) i
     CROSS JOIN LATERAL (SELECT geom_l93 FROM road_vertices WHERE snappable AND i > 0 ORDER BY random() LIMIT 1) v`,
    [n],
  );
}

export async function insertGridSites(k: import('knex').Knex, n: number) {
  await k.raw(
    `INSERT INTO sites (site_nom, site_comm_insee, departement, region, site_surf_comm_dispo, published, source, source_id, data_quality, geom)
     SELECT 'bench grid site ' || i, '28085', '28', '24', 1, true, 'bench-grid', i::text, 'illustrative',
            ST_Multi(ST_Transform(ST_Expand(ST_SetSRID(ST_MakePoint(561000 + random() * 138000, 6761000 + random() * 138000), 2154), 50), 4326))
     FROM generate_series(1, ?) i`,
    [n],
  );
}

/** Sites spread like the communes of France: a random commune centre, moved up to 2 km. */
export async function insertFranceSites(k: import('knex').Knex, n: number) {
  await k.raw(
    `INSERT INTO sites (site_nom, site_comm_insee, departement, region, site_surf_comm_dispo, published, source, source_id, data_quality, geom)
     SELECT 'bench France site ' || i, c.insee_com, coalesce(c.insee_dep, '99'), coalesce(c.insee_reg, '99'), 1, true, 'bench-france', i::text, 'illustrative',
            ST_Multi(ST_Transform(ST_Expand(ST_Translate(c.geom_l93, (random() - 0.5) * 4000, (random() - 0.5) * 4000), 50), 4326))
     FROM (SELECT i, 1 + floor(random() * (SELECT count(*) FROM communes))::int AS rn FROM generate_series(1, ?) i) s
     JOIN (SELECT *, row_number() OVER (ORDER BY insee_com) AS rn FROM communes) c USING (rn)`,
    [n],
  );
}

/** An N×N grid 200 m apart in Lambert-93; every 10th row and column is a primary road. */
export async function generateGrid(k: import('knex').Knex, n: number) {
  await k.raw(
    "INSERT INTO road_extracts (name, file, ways, edges, vertices) VALUES ('bench-grid', 'generated', 0, 0, 0)",
  );
  await k.raw(
    `INSERT INTO road_vertices (id, extract, snappable, geom_l93)
     SELECT i * ? + j + 1, 'bench-grid', true, ST_SetSRID(ST_MakePoint(560000 + j * 200, 6760000 + i * 200), 2154)
     FROM generate_series(0, ? - 1) i, generate_series(0, ? - 1) j`,
    [n, n, n],
  );
  // Horizontal then vertical edges; 80 km/h on every 10th line, 30 km/h elsewhere (trucks alike).
  for (const horizontal of [true, false]) {
    await k.raw(
      `INSERT INTO road_edges (extract, osm_way_id, source, target, highway, length_m, car_s, car_reverse_s, truck_s, truck_reverse_s, geom_l93)
       SELECT 'bench-grid', 0, a, b, CASE WHEN fast THEN 'primary' ELSE 'residential' END, 200,
              200 / (CASE WHEN fast THEN 80 ELSE 30 END / 3.6), 200 / (CASE WHEN fast THEN 80 ELSE 30 END / 3.6),
              200 / (CASE WHEN fast THEN 80 ELSE 30 END / 3.6), 200 / (CASE WHEN fast THEN 80 ELSE 30 END / 3.6),
              ST_MakeLine(ST_SetSRID(ST_MakePoint(560000 + x0 * 200, 6760000 + y0 * 200), 2154),
                          ST_SetSRID(ST_MakePoint(560000 + x1 * 200, 6760000 + y1 * 200), 2154))
       FROM (SELECT i, j,
               ${horizontal ? 'j' : 'i'} AS line_pos, ${horizontal ? 'i' : 'j'} AS line,
               ${horizontal ? 'i * ? + j + 1' : 'j * ? + i + 1'} AS a, ${horizontal ? 'i * ? + j + 2' : '(j + 1) * ? + i + 1'} AS b,
               ${horizontal ? 'j' : 'i'} AS x0, ${horizontal ? 'i' : 'j'} AS y0,
               ${horizontal ? 'j + 1' : 'i'} AS x1, ${horizontal ? 'i' : 'j + 1'} AS y1,
               ${horizontal ? 'i' : 'i'} % 10 = 0 AS fast
             FROM generate_series(0, ? - 1) i, generate_series(0, ? - 2) j) g`,
      [n, n, n, n],
    );
  }
  await k.raw('ANALYZE road_edges');
  await k.raw('ANALYZE road_vertices');
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((e) => {
    process.stderr.write(`drive-times bench failed: ${(e as Error).stack ?? e}\n`);
    process.exitCode = 1;
  });
}
