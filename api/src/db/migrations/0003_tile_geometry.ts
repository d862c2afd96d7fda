/**
 * Stored Web-Mercator copies for vector tiles: the site polygon and an anchor point inside it
 * (ST_PointOnSurface, used for the clustered low-zoom layer), and the infrastructure point.
 * Generated columns, so every writer on both engines keeps them true.
 */
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.raw(
    'ALTER TABLE sites ADD COLUMN geom_3857 geometry(MultiPolygon, 3857) GENERATED ALWAYS AS (ST_Transform(geom, 3857)) STORED',
  );
  await knex.raw(
    'ALTER TABLE sites ADD COLUMN anchor_3857 geometry(Point, 3857) GENERATED ALWAYS AS (ST_Transform(ST_PointOnSurface(geom), 3857)) STORED',
  );
  await knex.raw('CREATE INDEX sites_geom_3857_gix ON sites USING gist (geom_3857) WHERE published');
  await knex.raw('CREATE INDEX sites_anchor_3857_gix ON sites USING gist (anchor_3857) WHERE published');
  await knex.raw(
    'ALTER TABLE infrastructure ADD COLUMN geom_3857 geometry(Geometry, 3857) GENERATED ALWAYS AS (ST_Transform(geom, 3857)) STORED',
  );
  await knex.raw('CREATE INDEX infrastructure_geom_3857_gix ON infrastructure USING gist (geom_3857)');
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('ALTER TABLE infrastructure DROP COLUMN geom_3857');
  await knex.raw('ALTER TABLE sites DROP COLUMN anchor_3857');
  await knex.raw('ALTER TABLE sites DROP COLUMN geom_3857');
}
