/**
 * Drive times and the labour pool (issue 11): a routable road graph imported from OSM
 * (`road_extracts`, `road_vertices`, `road_edges`, laid out as pgRouting expects: id, source,
 * target, cost, reverse_cost per profile, in seconds, −1 for a forbidden direction), the
 * nearest target of each access kind for the vertices sites join the graph at
 * (`road_vertex_access`, null seconds = none within reach), the INSEE communes (`communes`),
 * and the per-site read models the
 * API and the matching engine read: `site_drive_times` and `site_labour_pool`.
 * On the PostGIS server the pgRouting extension is created when the server has it; the
 * embedded engine routes with a JS library over the same tables (modules/roads/router.ts).
 */
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  const available = await knex.raw(
    "SELECT 1 FROM pg_available_extensions WHERE name = 'pgrouting' AND current_setting('server_version_num')::int > 0",
  );
  if (available.rows.length > 0) {
    // PGlite lists no pgrouting; on a server without the package the JS router is used.
    await knex.raw('CREATE EXTENSION IF NOT EXISTS pgrouting');
  }

  await knex.raw(`
    CREATE TABLE road_extracts (
      name text PRIMARY KEY,
      file text NOT NULL,
      imported_at timestamptz NOT NULL DEFAULT now(),
      ways integer NOT NULL,
      edges integer NOT NULL,
      vertices integer NOT NULL,
      coverage geometry(Polygon, 2154)
    )`);
  await knex.raw('CREATE INDEX road_extracts_coverage_gix ON road_extracts USING gist (coverage)');

  // Vertex ids are OSM node ids, so extracts that share border nodes connect.
  await knex.raw(`
    CREATE TABLE road_vertices (
      id bigint PRIMARY KEY,
      extract text NOT NULL REFERENCES road_extracts(name) ON DELETE CASCADE,
      snappable boolean NOT NULL,
      geom_l93 geometry(Point, 2154) NOT NULL
    )`);
  await knex.raw(
    'CREATE INDEX road_vertices_snap_gix ON road_vertices USING gist (geom_l93) WHERE snappable',
  );
  await knex.raw('CREATE INDEX road_vertices_gix ON road_vertices USING gist (geom_l93)');
  await knex.raw('CREATE INDEX road_vertices_extract_idx ON road_vertices (extract)');

  await knex.raw(`
    CREATE TABLE road_edges (
      id bigserial PRIMARY KEY,
      extract text NOT NULL REFERENCES road_extracts(name) ON DELETE CASCADE,
      osm_way_id bigint NOT NULL,
      source bigint NOT NULL,
      target bigint NOT NULL,
      highway text NOT NULL,
      length_m double precision NOT NULL CHECK (length_m >= 0),
      car_s double precision NOT NULL,
      car_reverse_s double precision NOT NULL,
      truck_s double precision NOT NULL,
      truck_reverse_s double precision NOT NULL,
      geom_l93 geometry(LineString, 2154) NOT NULL
    )`);
  await knex.raw('CREATE INDEX road_edges_geom_gix ON road_edges USING gist (geom_l93)');
  await knex.raw('CREATE INDEX road_edges_extract_idx ON road_edges (extract)');

  await knex.raw(`
    CREATE TABLE road_vertex_access (
      profile text NOT NULL CHECK (profile IN ('car', 'truck')),
      kind text NOT NULL,
      vertex_id bigint NOT NULL,
      seconds double precision,
      infrastructure_id uuid REFERENCES infrastructure(id) ON DELETE CASCADE,
      PRIMARY KEY (profile, kind, vertex_id)
    )`);

  await knex.raw(`
    CREATE TABLE communes (
      insee_com text PRIMARY KEY,
      name text NOT NULL,
      insee_dep text,
      insee_reg text,
      population integer NOT NULL CHECK (population >= 0),
      active integer NOT NULL CHECK (active >= 0),
      unemployed integer NOT NULL CHECK (unemployed >= 0),
      source text NOT NULL,
      geom_l93 geometry(Point, 2154) NOT NULL,
      vertex_id bigint,
      snap_m double precision
    )`);
  await knex.raw('CREATE INDEX communes_geom_gix ON communes USING gist (geom_l93)');
  await knex.raw('CREATE INDEX communes_vertex_idx ON communes (vertex_id)');

  await knex.raw(`
    CREATE TABLE site_drive_times (
      site_id uuid NOT NULL REFERENCES sites(id) ON DELETE CASCADE,
      kind text NOT NULL,
      infrastructure_id uuid REFERENCES infrastructure(id) ON DELETE SET NULL,
      name text,
      car_minutes double precision NOT NULL CHECK (car_minutes >= 0),
      truck_minutes double precision CHECK (truck_minutes >= 0),
      method text NOT NULL CHECK (method IN ('road', 'estimate')),
      computed_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (site_id, kind)
    )`);
  await knex.raw('CREATE INDEX site_drive_times_kind_idx ON site_drive_times (kind, car_minutes)');

  await knex.raw(`
    CREATE TABLE site_labour_pool (
      site_id uuid NOT NULL REFERENCES sites(id) ON DELETE CASCADE,
      minutes smallint NOT NULL CHECK (minutes IN (20, 30, 45)),
      population bigint NOT NULL,
      active bigint NOT NULL,
      unemployed bigint NOT NULL,
      communes integer NOT NULL,
      method text NOT NULL CHECK (method IN ('road', 'estimate')),
      computed_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (site_id, minutes)
    )`);
  await knex.raw('CREATE INDEX site_labour_pool_active_idx ON site_labour_pool (minutes, active)');
}

export async function down(knex: Knex): Promise<void> {
  for (const t of [
    'site_labour_pool',
    'site_drive_times',
    'communes',
    'road_vertex_access',
    'road_edges',
    'road_vertices',
    'road_extracts',
  ])
    await knex.raw('DROP TABLE IF EXISTS ??', [t]);
}
