/**
 * The precomputed cluster grid (site_tile_cells, migration 0005) must equal a rebuild from
 * `sites` after any write, by any writer (plain SQL here), and the tile cache must never serve
 * a tile older than the last committed write. Runs on the test engine (PostGIS server when
 * DATABASE_URL is set, else embedded PGlite) over the demo data.
 */
import { VectorTile } from '@mapbox/vector-tile';
import type { Knex } from 'knex';
import { PbfReader } from 'pbf';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, engineName, type TestDatabase } from '../../../../tests/helpers/test-db.ts';
import { JsGeojsonVtEncoder, PostgisMvtEncoder } from './tiles.encoder.pg.ts';
import type { TileLayerDef } from './tiles.encoder.ts';
import { TILE_LAYERS, TilesService } from './tiles.service.ts';

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase('demo');
});
afterAll(async () => {
  await db?.drop();
});

/** The grid as comparable rows (sums rounded: a rebuild adds them in another order). */
async function cells(knex: Knex) {
  const r = await knex.raw(`
    SELECT z, cx, cy, n, rail_true, rail_false, quay_true, quay_false, site_id::text AS site_id,
           round(area::numeric, 6)::text AS area, round(sum_x::numeric, 3)::text AS sx,
           round(sum_y::numeric, 3)::text AS sy, dirty
    FROM site_tile_cells ORDER BY z, cx, cy`);
  return r.rows as Array<Record<string, unknown>>;
}

/** The grid rebuilt from scratch, in a transaction rolled back afterwards. */
async function rebuilt(knex: Knex) {
  let out: Array<Record<string, unknown>> = [];
  await knex
    .transaction(async (trx) => {
      await trx.raw('SELECT lm_rebuild_site_tile_cells()');
      out = await cells(trx);
      throw new Error('rollback');
    })
    .catch((e: Error) => {
      if (e.message !== 'rollback') throw e;
    });
  return out;
}

async function version(knex: Knex, name: string): Promise<number> {
  const r = await knex.raw('SELECT version FROM data_versions WHERE name = ?', [name]);
  return Number(r.rows[0].version);
}

async function publishedSite(knex: Knex): Promise<string> {
  const r = await knex.raw('SELECT id::text AS id FROM sites WHERE published ORDER BY site_nom LIMIT 1');
  return r.rows[0].id;
}

function tileOf(lon: number, lat: number, z: number) {
  const n = 2 ** z;
  const x = Math.floor(((lon + 180) / 360) * n);
  const r = (lat * Math.PI) / 180;
  const y = Math.floor(((1 - Math.log(Math.tan(r) + 1 / Math.cos(r)) / Math.PI) / 2) * n);
  return { z, x, y };
}

function features(buf: Uint8Array) {
  const l = new VectorTile(new PbfReader(buf)).layers.sites;
  if (!l) return [];
  return Array.from({ length: l.length }, (_, i) => {
    const f = l.feature(i);
    const [p] = f.loadGeometry()[0];
    return { ...(f.properties as Record<string, unknown>), x: p.x, y: p.y };
  });
}

describe(`precomputed site tile cells (${engineName})`, () => {
  it('hold every published site at every clustered zoom after the demo seed', async () => {
    const r = await db.knex.raw('SELECT z, sum(n)::int AS n FROM site_tile_cells GROUP BY z ORDER BY z');
    const published = await db.knex.raw('SELECT count(*)::int AS n FROM sites WHERE published');
    expect(r.rows.map((x: { z: number }) => x.z)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
    for (const row of r.rows) expect(row.n).toBe(published.rows[0].n);
    expect(await cells(db.knex)).toEqual(await rebuilt(db.knex));
  });

  it('stay equal to a rebuild after inserts, moves, renames, unpublishing and deletes', async () => {
    const k = db.knex;
    const id = await publishedSite(k);
    const before = await version(k, 'sites');
    // A copy 30 m away (same low-zoom cells, maybe another z11 cell), inserted by plain SQL.
    const copy = await k.raw(
      `INSERT INTO sites (site_nom, site_comm_insee, departement, region, site_surf_comm_dispo, published,
         reseau_fret_ferroviaire, reseau_fluvial, geom)
       SELECT 'Copie test', site_comm_insee, departement, region, site_surf_comm_dispo + 1, true, true, false,
              ST_Multi(ST_Translate(geom, 0.0004, 0))
       FROM sites WHERE id = ? RETURNING id::text AS id`,
      [id],
    );
    expect(await cells(k)).toEqual(await rebuilt(k));
    // Several statements in one transaction: moved far away, renamed, then the copy unpublished.
    await k.transaction(async (trx) => {
      await trx.raw('UPDATE sites SET geom = ST_Multi(ST_Translate(geom, 0.7, 0.3)) WHERE id = ?', [id]);
      await trx.raw("UPDATE sites SET site_nom = 'Renamed' WHERE id = ?", [id]);
      await trx.raw('UPDATE sites SET published = false WHERE id = ?', [copy.rows[0].id]);
    });
    expect(await cells(k)).toEqual(await rebuilt(k));
    await k.raw('DELETE FROM sites WHERE id = ?', [copy.rows[0].id]);
    await k.raw('UPDATE sites SET published = NOT published WHERE site_nom <> ?', ['Renamed']);
    expect(await cells(k)).toEqual(await rebuilt(k));
    expect(await version(k, 'sites')).toBe(before + 4);
    // A rolled-back write leaves grid and version alone.
    const v = await version(k, 'sites');
    await k
      .transaction(async (trx) => {
        await trx.raw('DELETE FROM sites WHERE id = ?', [id]);
        throw new Error('rollback');
      })
      .catch(() => {});
    expect(await version(k, 'sites')).toBe(v);
    expect(await cells(k)).toEqual(await rebuilt(k));
    const pending = await k.raw(
      'SELECT (SELECT count(*) FROM site_tile_cell_pending)::int AS cells, (SELECT count(*) FROM data_change_marks)::int AS marks',
    );
    expect(pending.rows[0]).toEqual({ cells: 0, marks: 0 });
  });

  it('serve the same clusters as grouping the sites live', async () => {
    const live: TileLayerDef = { ...TILE_LAYERS.sites, sqlFor: () => 'sites-points.sql' };
    const encoder = db.capabilities.mvt ? new PostgisMvtEncoder(db.knex) : new JsGeojsonVtEncoder(db.knex);
    const p = await db.knex.raw(
      'SELECT ST_X(ST_PointOnSurface(geom)) AS lon, ST_Y(ST_PointOnSurface(geom)) AS lat FROM sites WHERE published LIMIT 1',
    );
    let compared = 0;
    for (const z of [0, 4, 6, 8, 10, 11]) {
      const t = tileOf(p.rows[0].lon, p.rows[0].lat, z);
      const sort = (fs: Array<Record<string, unknown>>) => fs.map((f) => JSON.stringify(f)).sort();
      const fromCells = sort(features(await encoder.encode(TILE_LAYERS.sites, t)));
      expect(fromCells).toEqual(sort(features(await encoder.encode(live, t))));
      compared += fromCells.length;
    }
    expect(compared).toBeGreaterThan(0);
  });

  it('invalidate cached tiles and their ETags on the next committed write', async () => {
    const k = db.knex;
    const tiles = new TilesService(
      db.capabilities.mvt ? new PostgisMvtEncoder(k) : new JsGeojsonVtEncoder(k),
      1024 * 1024,
    );
    const first = await tiles.tile('sites', '0', '0', '0');
    const again = await tiles.tile('sites', '0', '0', '0');
    expect(again?.etag).toBe(first?.etag);
    expect(tiles.cache.hits).toBe(1);
    await k.raw('UPDATE sites SET site_surf_comm_dispo = site_surf_comm_dispo + 3 WHERE published');
    const after = await tiles.tile('sites', '0', '0', '0');
    expect(after?.etag).not.toBe(first?.etag);
    // Infrastructure tiles follow their own source's version.
    await tiles.tile('infrastructure', '0', '0', '0');
    await tiles.tile('infrastructure', '0', '0', '0');
    expect(tiles.cache.misses).toBe(3);
    await k.raw("UPDATE infrastructure SET name = name || ' (renamed)' WHERE kind = 'port'");
    await tiles.tile('infrastructure', '0', '0', '0');
    expect(tiles.cache.misses).toBe(4);
  });
});
