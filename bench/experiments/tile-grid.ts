/**
 * Experiment on the low-zoom site tiles: the clustered point layer (tiles/sql/sites-points.sql)
 * groups every published site under the tile on a 64×64 grid at request time, so a z6 tile over
 * 1M plots aggregates ~100k rows. Here the same grid cells are precomputed once for z0–z11
 * (`bench_site_grid`: count, summed area, flags, centroid of anchors, the site id when alone) and
 * a tile reads at most ~66×66 cells by a btree range. Nothing here is used by the product.
 */
import type { Knex } from 'knex';
import { CLUSTER_CELLS, TILE_BUFFER, TILE_EXTENT } from '../../api/src/modules/tiles/tiles.encoder.ts';
import { SITE_POLYGON_MINZOOM } from '../../api/src/modules/tiles/tiles.service.ts';

const GRID = 'bench_site_grid';
/** Half the Web Mercator world width (m). */
const HALF_WORLD = 20037508.342789244;

/** Builds the grid for every clustered zoom; returns its build time (ms), rows and size. */
export async function buildGrid(knex: Knex): Promise<{ ms: number; rows: number; size: string }> {
  const t0 = performance.now();
  await knex.raw(`DROP TABLE IF EXISTS ${GRID}`);
  // Cell size per zoom exactly as the tile CTE computes it: tile width / CLUSTER_CELLS.
  await knex.raw(
    `CREATE TABLE ${GRID} AS
     SELECT g.z, floor(ST_X(s.anchor_3857) / g.cell)::int AS cx, floor(ST_Y(s.anchor_3857) / g.cell)::int AS cy,
            count(*)::int AS count, ST_Centroid(ST_Collect(s.anchor_3857)) AS geom,
            round(sum(s.site_surf_comm_dispo)::numeric, 2)::float8 AS area,
            bool_or(s.reseau_fret_ferroviaire) AS rail, bool_or(s.reseau_fluvial) AS quay,
            CASE WHEN count(*) = 1 THEN min(s.id::text)::uuid END AS site_id
     FROM sites s, (SELECT z, 2 * ?::float8 / 2 ^ z / ? AS cell FROM generate_series(0, ?) z) g
     WHERE s.published
     GROUP BY 1, 2, 3`,
    [HALF_WORLD, CLUSTER_CELLS, SITE_POLYGON_MINZOOM - 1],
  );
  // One partial GiST index per zoom, so a tile reads the cells of its own zoom only.
  for (let z = 0; z < SITE_POLYGON_MINZOOM; z++) {
    await knex.raw(`CREATE INDEX ON ${GRID} USING gist (geom) WHERE z = ${Number(z)}`);
  }
  await knex.raw(`ANALYZE ${GRID}`);
  const ms = performance.now() - t0;
  const r = await knex.raw(
    `SELECT count(*)::int AS n, pg_size_pretty(pg_total_relation_size('${GRID}')) AS s FROM ${GRID}`,
  );
  return { ms, rows: Number(r.rows[0].n), size: String(r.rows[0].s) };
}

const gridFeatures = (z: number) => `
  tile AS (
    SELECT ST_TileEnvelope(?, ?, ?) AS env, (ST_XMax(ST_TileEnvelope(?, ?, ?)) - ST_XMin(ST_TileEnvelope(?, ?, ?))) / ? AS cell
  ), f AS (
    SELECT g.geom, g.count, s.id::text AS id, s.site_nom AS name, s.status, array_to_string(s.labels, ',') AS labels,
           g.area AS "availableAreaHa", s.power_available_mw AS "powerAvailableMw", g.rail AS "railSiding", g.quay,
           s.brownfield, s.departement AS department, s.region
    FROM ${GRID} g CROSS JOIN tile
    LEFT JOIN sites s ON s.id = g.site_id
    -- The zoom is a literal (a number from this module) so the partial index of that zoom applies.
    WHERE g.z = ${Number(z)} AND g.geom && ST_Expand(tile.env, tile.cell)
  )`;

/**
 * The tile from the grid: same layer name, geometry and property names as sites-points.sql
 * (single-site properties joined from `sites` for cells of one site).
 */
export async function gridTile(knex: Knex, z: number, x: number, y: number): Promise<number> {
  const r = await knex.raw(
    `WITH ${gridFeatures(z)}
     SELECT ST_AsMVT(m, 'sites', ${TILE_EXTENT}, 'mvtgeom') AS mvt FROM (
       SELECT ST_AsMVTGeom(f.geom, tile.env, ${TILE_EXTENT}, ${TILE_BUFFER}, true) AS mvtgeom, to_jsonb(f) - 'geom' AS props
       FROM f, tile) m WHERE m.mvtgeom IS NOT NULL`,
    [z, x, y, z, x, y, z, x, y, CLUSTER_CELLS],
  );
  return (r.rows[0]?.mvt as Uint8Array | null)?.byteLength ?? 0;
}

/** Plots the grid puts in the tile (sum of the counts of its cells), for the check. */
export async function gridPlots(knex: Knex, z: number, x: number, y: number): Promise<number> {
  const r = await knex.raw(
    `WITH ${gridFeatures(z)} SELECT coalesce(sum(count), 0)::int AS n FROM f, tile WHERE ST_Intersects(f.geom, tile.env)`,
    [z, x, y, z, x, y, z, x, y, CLUSTER_CELLS],
  );
  return Number(r.rows[0].n);
}

/** Plots under the same tile counted the product's way (anchors in the tile), for the check. */
export async function plotsInTile(knex: Knex, z: number, x: number, y: number): Promise<number> {
  const r = await knex.raw(
    'SELECT count(*)::int AS n FROM sites WHERE published AND anchor_3857 && ST_TileEnvelope(?, ?, ?)',
    [z, x, y],
  );
  return Number(r.rows[0].n);
}

/** Drops the grid. */
export async function dropGrid(knex: Knex): Promise<void> {
  await knex.raw(`DROP TABLE IF EXISTS ${GRID}`);
}
