/**
 * The one read OGC needs beyond the sites service and the infrastructure store: collection
 * extents (the same SQL on both engines).
 */
import type { Knex } from 'knex';

export type Bbox = [number, number, number, number];

/**
 * Bounding box of a table's geometries in CRS84, or null when it is empty. `publishedOnly`
 * keeps unpublished sites from widening the extent anonymous callers see.
 */
export async function extentOf(
  knex: Knex,
  table: 'sites' | 'infrastructure',
  publishedOnly = false,
): Promise<Bbox | null> {
  const r = await knex.raw(
    `SELECT ST_XMin(e) AS x0, ST_YMin(e) AS y0, ST_XMax(e) AS x1, ST_YMax(e) AS y1
     FROM (SELECT ST_Extent(geom) AS e FROM ?? ${publishedOnly ? 'WHERE published' : ''}) t`,
    [table],
  );
  const row = r.rows[0];
  if (!row || row.x0 === null) return null;
  // Six decimals (~0.1 m) like the features' coordinates, rounded outwards so the box still holds them all.
  const down = (v: unknown) => Math.floor(Number(v) * 1e6) / 1e6;
  const up = (v: unknown) => Math.ceil(Number(v) * 1e6) / 1e6;
  return [down(row.x0), down(row.y0), up(row.x1), up(row.y1)];
}
