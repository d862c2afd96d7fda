/**
 * The few reads OGC needs beyond the sites service and the infrastructure list: collection
 * extents and one infrastructure feature by id (the same SQL on both engines).
 */
import type { Knex } from 'knex';
import type { InfrastructureFeature } from '../infrastructure/infrastructure.store.pg.ts';

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

/** One infrastructure feature with the properties of `GET /api/infrastructure`. */
export async function getInfrastructure(knex: Knex, id: string): Promise<InfrastructureFeature | undefined> {
  const r = await knex('infrastructure')
    .select(
      'id',
      'kind',
      'name',
      'voltage_kv',
      'size_class',
      'operator',
      'source',
      'source_id',
      'source_url',
      'attrs',
      knex.raw('ST_AsGeoJSON(geom, 6)::json as geometry'),
    )
    .where('id', id)
    .first();
  if (!r) return undefined;
  // Same property names as listInfrastructure (infrastructure.store.pg.ts), which has no by-id read.
  return {
    type: 'Feature',
    id: String(r.id),
    geometry: r.geometry,
    properties: {
      kind: r.kind,
      name: r.name,
      voltageKv: r.voltage_kv,
      sizeClass: r.size_class,
      operator: r.operator,
      source: r.source,
      sourceId: r.source_id,
      sourceUrl: r.source_url,
      attrs: r.attrs,
    },
  };
}
