/**
 * Precomputed read models for the two hot paths on a large inventory (1,000,000 plots measured
 * in bench/README.md), kept current by triggers so that every writer (API, importers, seed,
 * plain SQL) on both engines keeps them true:
 *
 * - `site_match`: one narrow row per site with the columns the hard constraints read and the
 *   `site_access` rows pivoted into a distance and a feature id per kind. The matching stage
 *   walks it in id order (bounded, see modules/matching/matching.store.pg.ts) instead of scoring
 *   every wide `sites` row joined once per access kind to `site_access`.
 * - `site_tile_cells`: the 64×64-per-tile cluster grid of the low-zoom sites tiles
 *   (tiles/sql/sites-points.sql) for z0–z11, precomputed: count, coordinate sums (centroid),
 *   summed available area, rail/quay flags and the site of a one-site cell. A z6 tile then
 *   reads ≤ 66×66 cells instead of grouping ~100k sites.
 * - `data_versions`: a counter per tile source (`sites`, `infrastructure`) bumped by every
 *   committed change, part of the in-process tile cache key (modules/tiles/tiles.service.ts).
 *
 * How changes flow (why it is built this way):
 * 1. Statement-level triggers with transition tables on `sites` / `site_access` /
 *    `infrastructure` only append to pending tables (site ids to refresh, per-cell deltas at
 *    z11) and mark the transaction. A 1M-row INSERT fires them once, not a million times, and
 *    nothing shared is locked while the writing transaction runs (a z0 cell holds every site:
 *    updating it at statement time would serialise every site write for its whole transaction
 *    and could deadlock two multi-statement writers).
 * 2. A deferred constraint trigger on the mark applies the pending work at commit, under one
 *    transaction-scoped advisory lock: appliers run one at a time, each statement then reads
 *    every change committed before it (READ COMMITTED), so recomputing from `sites` and
 *    `site_access` cannot lose a concurrent commit, and the lock is held for the apply only.
 * 3. Large pending sets (bulk loads) rebuild instead of applying row by row.
 */
import type { Knex } from 'knex';

/** Zooms with precomputed cells: below SITE_POLYGON_MINZOOM (12) tiles cluster points. */
const CELL_MAX_ZOOM = 11;
/** Web Mercator world width in metres (2 × 20037508.342789244). */
const WORLD_M = 40075016.685578488;
/** Above this many pending z11 deltas (bulk loads), rebuilding the grid is cheaper than upserts. */
const CELL_REBUILD_THRESHOLD = 20000;
/** Key of the transaction-scoped advisory lock that serialises the commit-time apply. */
const APPLY_LOCK = 4_224_005;

/** Columns of `sites` that hard constraints read (hard-constraints.ts ConditionField), copied as is. */
export const MATCH_COLUMNS: ReadonlyArray<[name: string, type: string]> = [
  ['published', 'boolean NOT NULL'],
  ['status', 'text NOT NULL'],
  ['region', 'text NOT NULL'],
  ['departement', 'text NOT NULL'],
  ['site_epci_siren', 'text'],
  ['site_surf_comm_dispo', 'double precision NOT NULL'],
  ['min_lot_ha', 'double precision'],
  ['power_available_mw', 'double precision'],
  ['reseau_electrique', 'boolean'],
  ['reseau_gaz', 'boolean'],
  ['gas_capacity_mwh_per_day', 'double precision'],
  ['water_m3_per_day', 'double precision'],
  ['wastewater_m3_per_day', 'double precision'],
  ['reseau_fret_ferroviaire', 'boolean'],
  ['reseau_fluvial', 'boolean'],
  ['reseau_fibre_optique', 'boolean'],
  ['icpe_max_regime', 'text'],
  ['seveso_allowed', 'text'],
  ['plu_zone', 'text'],
  ['available_from', 'date'],
  ['price_eur_m2', 'double precision'],
  ['brownfield', 'boolean'],
  ['site_evol_urba', 'text'],
  ['ppri_zone', 'text'],
  ['pprt_zone', 'text'],
  ['natura2000', 'text'],
];
/**
 * Per access kind, the distance (`<kind>_m`) and the nearest feature (`<kind>_id`, its name read
 * from `infrastructure` when the stage returns the picked sites), NULL when the site has no row
 * of that kind: one narrow row instead of 7 `site_access` rows on 7 different pages.
 */
export const ACCESS_KINDS = [
  'motorway_access',
  'rail_freight',
  'port',
  'airport',
  'substation_63kv',
  'substation_225kv',
  'substation_400kv',
];

/**
 * Indexes of `site_match` ([name, definition, why]). The stage's bounds walk the primary key in
 * id order; these give the planner a bitmap path when a knock-out is selective (a walk would
 * then visit most of the table before finding enough rows). Distance columns change on every
 * access recomputation, so only the kinds whose maximum distance is usually selective are
 * indexed.
 */
export const MATCH_INDEXES: ReadonlyArray<[name: string, definition: string, why: string]> = [
  ['site_match_area_idx', '(site_surf_comm_dispo)', 'surfaceHa: every match has a minimum surface'],
  ['site_match_power_idx', '(power_available_mw)', 'powerMw: large needs are rare'],
  ['site_match_available_idx', '(available_from)', 'availableBy: an early date is selective'],
  // Keyed by site_id too: with one value, a walk in id order within the scope.
  ['site_match_departement_idx', '(departement, site_id)', 'scope: a few départements'],
  ['site_match_region_idx', '(region, site_id)', 'scope: a few régions'],
  // Keyed by area, not site_id, on purpose: an id-ordered partial index invites the planner to
  // walk it expecting to stop early, and when few sites qualify that walk visits every site
  // with a siding (measured 140 ms on 1M plots, vs 40 ms for the bitmap this allows).
  ['site_match_rail_idx', '(site_surf_comm_dispo) WHERE reseau_fret_ferroviaire', 'railSiding required'],
  ['site_match_quay_idx', '(site_surf_comm_dispo) WHERE reseau_fluvial', 'quay required'],
  ['site_match_rail_freight_idx', '(rail_freight_m)', 'maxDistanceKm.railFreight'],
  ['site_match_port_idx', '(port_m)', 'maxDistanceKm.port'],
  ['site_match_airport_idx', '(airport_m)', 'maxDistanceKm.airport'],
];

const siteCols = MATCH_COLUMNS.map(([c]) => c);
const accessCols = ACCESS_KINDS.flatMap((k) => [`${k}_m`, `${k}_id`]);
const allCols = [...siteCols, ...accessCols];

/** The values a site contributes to its cell, compared to skip updates that leave the grid alone. */
const cellInputs = (r: string) =>
  `(${r}.published, ST_X(${r}.anchor_3857), ST_Y(${r}.anchor_3857), ${r}.site_surf_comm_dispo, ${r}.reseau_fret_ferroviaire, ${r}.reseau_fluvial)`;

/**
 * Queues the z${CELL_MAX_ZOOM} cell deltas of `source` (rows of `sites` with a `sign` column: +1 added,
 * -1 removed); unpublished rows contribute nothing.
 */
const queueCellDeltas = (source: string) => `
  INSERT INTO site_tile_cell_pending (cx, cy, n, sum_x, sum_y, area, rail_true, rail_false, quay_true, quay_false)
  SELECT floor(x / lm_tile_cell_size(${CELL_MAX_ZOOM}))::int, floor(y / lm_tile_cell_size(${CELL_MAX_ZOOM}))::int,
         sum(sign), sum(sign * x), sum(sign * y), sum(sign * area),
         coalesce(sum(sign) FILTER (WHERE rail), 0), coalesce(sum(sign) FILTER (WHERE NOT rail), 0),
         coalesce(sum(sign) FILTER (WHERE quay), 0), coalesce(sum(sign) FILTER (WHERE NOT quay), 0)
  FROM (
    SELECT c.sign, ST_X(c.anchor_3857) AS x, ST_Y(c.anchor_3857) AS y, c.site_surf_comm_dispo AS area,
           c.reseau_fret_ferroviaire AS rail, c.reseau_fluvial AS quay
    FROM (${source}) c
    WHERE c.published
  ) d
  GROUP BY 1, 2;`;

/** Statement triggers (transition tables where the change is read): [table, name, event, function]. */
const TRIGGERS: ReadonlyArray<[table: string, name: string, event: string, fn: string]> = [
  ['sites', 'sites_inserted', 'INSERT ON sites REFERENCING NEW TABLE AS new_rows', 'lm_sites_inserted'],
  [
    'sites',
    'sites_updated',
    'UPDATE ON sites REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows',
    'lm_sites_updated',
  ],
  ['sites', 'sites_deleted', 'DELETE ON sites REFERENCING OLD TABLE AS old_rows', 'lm_sites_deleted'],
  ['sites', 'sites_truncated', 'TRUNCATE ON sites', 'lm_sites_truncated'],
  [
    'site_access',
    'site_access_inserted',
    'INSERT ON site_access REFERENCING NEW TABLE AS new_rows',
    'lm_site_access_changed',
  ],
  [
    'site_access',
    'site_access_updated',
    'UPDATE ON site_access REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows',
    'lm_site_access_changed',
  ],
  [
    'site_access',
    'site_access_deleted',
    'DELETE ON site_access REFERENCING OLD TABLE AS old_rows',
    'lm_site_access_changed',
  ],
  [
    'infrastructure',
    'infrastructure_changed',
    'INSERT OR UPDATE OR DELETE OR TRUNCATE ON infrastructure',
    'lm_infrastructure_changed',
  ],
];

// Every identifier below comes from the constants above, never from input.
const STATEMENTS: string[] = [
  `CREATE TABLE data_versions (
  name text PRIMARY KEY,
  version bigint NOT NULL DEFAULT 0
)`,
  `INSERT INTO data_versions (name) VALUES ('sites'), ('infrastructure')`,
  `-- One row per writing transaction and source: its insert queues the commit-time apply once.
CREATE TABLE data_change_marks (
  xid xid8 NOT NULL DEFAULT pg_current_xact_id(),
  name text NOT NULL,
  PRIMARY KEY (xid, name)
)`,
  `CREATE TABLE site_match (
  site_id uuid PRIMARY KEY REFERENCES sites(id) ON DELETE CASCADE,
  ${MATCH_COLUMNS.map(([c, t]) => `${c} ${t}`).join(',\n  ')},
  ${accessCols.map((c) => `${c} ${c.endsWith('_m') ? 'double precision' : 'uuid'}`).join(',\n  ')}
)`,
  ...MATCH_INDEXES.map(([name, def, why]) => `-- ${why}\nCREATE INDEX ${name} ON site_match ${def}`),
  `CREATE TABLE site_match_pending (site_id uuid NOT NULL)`,
  `CREATE TABLE site_tile_cells (
  z smallint NOT NULL,
  cx integer NOT NULL,
  cy integer NOT NULL,
  n integer NOT NULL,
  sum_x double precision NOT NULL,
  sum_y double precision NOT NULL,
  area double precision NOT NULL,
  rail_true integer NOT NULL,
  rail_false integer NOT NULL,
  quay_true integer NOT NULL,
  quay_false integer NOT NULL,
  -- The site of a one-site cell (its properties are read from sites at tile time).
  site_id uuid,
  -- Touched by the running apply; only ever true inside one applier's transaction.
  dirty boolean NOT NULL DEFAULT false,
  PRIMARY KEY (z, cx, cy)
)`,
  `CREATE INDEX site_tile_cells_dirty_idx ON site_tile_cells (z, cx, cy) WHERE dirty`,
  `-- Deltas at z${CELL_MAX_ZOOM}, the finest clustered zoom; coarser cells are their quadtree parents.
CREATE TABLE site_tile_cell_pending (
  cx integer NOT NULL,
  cy integer NOT NULL,
  n integer NOT NULL,
  sum_x double precision NOT NULL,
  sum_y double precision NOT NULL,
  area double precision NOT NULL,
  rail_true integer NOT NULL,
  rail_false integer NOT NULL,
  quay_true integer NOT NULL,
  quay_false integer NOT NULL
)`,
  `-- Cell side at zoom z: tile width / 64 (tiles.store.ts CLUSTER_CELLS). Halving is exact in
-- floating point, so the z cell of a point is its z${CELL_MAX_ZOOM} cell shifted right by ${CELL_MAX_ZOOM} - z.
CREATE FUNCTION lm_tile_cell_size(z integer) RETURNS double precision
  LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$ SELECT ${WORLD_M} / 64 / 2 ^ z $$`,
  `CREATE FUNCTION lm_mark_change(source text) RETURNS void LANGUAGE sql AS $$
  INSERT INTO data_change_marks (name) VALUES (source) ON CONFLICT DO NOTHING
$$`,
  `-- ---------------------------------------------------------------------------------------
-- site_match from sites and site_access (ids: the sites to refresh)

CREATE FUNCTION lm_upsert_site_match(ids uuid[]) RETURNS void LANGUAGE sql AS $$
  INSERT INTO site_match AS m (site_id, ${allCols.join(', ')})
  SELECT s.id, ${siteCols.map((c) => `s.${c}`).join(', ')}, ${accessCols.map((c) => `acc.${c}`).join(', ')}
  FROM sites s
  CROSS JOIN LATERAL (
    SELECT ${ACCESS_KINDS.map(
      (k) =>
        `min(a.distance_m) FILTER (WHERE a.kind = '${k}') AS ${k}_m, (array_agg(a.infrastructure_id) FILTER (WHERE a.kind = '${k}'))[1] AS ${k}_id`,
    ).join(',\n           ')}
    FROM site_access a WHERE a.site_id = s.id
  ) acc
  WHERE s.id = ANY(ids)
  -- In id order, so the stage's ORDER BY site_id walks read the heap nearly sequentially.
  ORDER BY s.id
  ON CONFLICT (site_id) DO UPDATE SET ${allCols.map((c) => `${c} = excluded.${c}`).join(', ')}
  WHERE (${allCols.map((c) => `m.${c}`).join(', ')}) IS DISTINCT FROM (${allCols.map((c) => `excluded.${c}`).join(', ')})
$$`,
  `CREATE FUNCTION lm_refresh_site_match() RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  ids uuid[];
BEGIN
  WITH d AS (DELETE FROM site_match_pending RETURNING site_id)
  SELECT array_agg(DISTINCT site_id) INTO ids FROM d;
  IF ids IS NOT NULL THEN
    -- Deleted sites left site_match through the FK cascade.
    PERFORM lm_upsert_site_match(ids);
  END IF;
END $$`,
  `CREATE FUNCTION lm_rebuild_site_match() RETURNS void LANGUAGE sql AS $$
  DELETE FROM site_match_pending;
  DELETE FROM site_match;
  SELECT lm_upsert_site_match(array_agg(id)) FROM sites;
$$`,
  `-- ---------------------------------------------------------------------------------------
-- site_tile_cells

CREATE FUNCTION lm_rebuild_site_tile_cells() RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM site_tile_cell_pending;
  DELETE FROM site_tile_cells;
  INSERT INTO site_tile_cells (z, cx, cy, n, sum_x, sum_y, area, rail_true, rail_false, quay_true, quay_false, site_id)
  SELECT ${CELL_MAX_ZOOM}, cx, cy, count(*), sum(x), sum(y), sum(area),
         count(*) FILTER (WHERE rail), count(*) FILTER (WHERE NOT rail),
         count(*) FILTER (WHERE quay), count(*) FILTER (WHERE NOT quay),
         CASE WHEN count(*) = 1 THEN (array_agg(id))[1] END
  FROM (
    SELECT id, ST_X(anchor_3857) AS x, ST_Y(anchor_3857) AS y, site_surf_comm_dispo AS area,
           reseau_fret_ferroviaire AS rail, reseau_fluvial AS quay,
           floor(ST_X(anchor_3857) / lm_tile_cell_size(${CELL_MAX_ZOOM}))::int AS cx,
           floor(ST_Y(anchor_3857) / lm_tile_cell_size(${CELL_MAX_ZOOM}))::int AS cy
    FROM sites WHERE published
  ) s
  GROUP BY cx, cy;
  FOR zz IN REVERSE ${CELL_MAX_ZOOM - 1}..0 LOOP
    INSERT INTO site_tile_cells (z, cx, cy, n, sum_x, sum_y, area, rail_true, rail_false, quay_true, quay_false, site_id)
    SELECT zz, cx >> 1, cy >> 1, sum(n), sum(sum_x), sum(sum_y), sum(area),
           sum(rail_true), sum(rail_false), sum(quay_true), sum(quay_false),
           CASE WHEN sum(n) = 1 THEN (array_agg(site_id) FILTER (WHERE site_id IS NOT NULL))[1] END
    FROM site_tile_cells WHERE z = zz + 1
    GROUP BY cx >> 1, cy >> 1;
  END LOOP;
END $$`,
  `CREATE FUNCTION lm_apply_tile_cells() RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  pending bigint;
BEGIN
  SELECT count(*) INTO pending FROM site_tile_cell_pending;
  IF pending = 0 THEN
    RETURN;
  END IF;
  IF pending > ${CELL_REBUILD_THRESHOLD} THEN
    PERFORM lm_rebuild_site_tile_cells();
    RETURN;
  END IF;
  WITH d AS (DELETE FROM site_tile_cell_pending RETURNING *)
  INSERT INTO site_tile_cells AS c (z, cx, cy, n, sum_x, sum_y, area, rail_true, rail_false, quay_true, quay_false, dirty)
  SELECT zz, d.cx >> (${CELL_MAX_ZOOM} - zz), d.cy >> (${CELL_MAX_ZOOM} - zz), sum(d.n), sum(d.sum_x), sum(d.sum_y),
         sum(d.area), sum(d.rail_true), sum(d.rail_false), sum(d.quay_true), sum(d.quay_false), true
  FROM d CROSS JOIN generate_series(0, ${CELL_MAX_ZOOM}) zz
  GROUP BY 1, 2, 3
  ORDER BY 1, 2, 3
  ON CONFLICT (z, cx, cy) DO UPDATE SET
    n = c.n + excluded.n, sum_x = c.sum_x + excluded.sum_x, sum_y = c.sum_y + excluded.sum_y,
    area = c.area + excluded.area, rail_true = c.rail_true + excluded.rail_true,
    rail_false = c.rail_false + excluded.rail_false, quay_true = c.quay_true + excluded.quay_true,
    quay_false = c.quay_false + excluded.quay_false, site_id = NULL, dirty = true;
  DELETE FROM site_tile_cells WHERE dirty AND n <= 0;
  -- A one-site cell names its site: found through the anchor index, checked with the same
  -- floor() arithmetic as the deltas so a point on a cell edge lands in one cell only.
  UPDATE site_tile_cells c SET dirty = false, site_id = CASE WHEN c.n = 1 THEN (
      SELECT s.id FROM sites s
      WHERE s.published
        AND s.anchor_3857 && ST_MakeEnvelope(c.cx * lm_tile_cell_size(c.z), c.cy * lm_tile_cell_size(c.z),
              (c.cx + 1) * lm_tile_cell_size(c.z), (c.cy + 1) * lm_tile_cell_size(c.z), 3857)
        AND floor(ST_X(s.anchor_3857) / lm_tile_cell_size(${CELL_MAX_ZOOM}))::int >> (${CELL_MAX_ZOOM} - c.z) = c.cx
        AND floor(ST_Y(s.anchor_3857) / lm_tile_cell_size(${CELL_MAX_ZOOM}))::int >> (${CELL_MAX_ZOOM} - c.z) = c.cy
      LIMIT 1) END
  WHERE c.dirty;
END $$`,
  `-- ---------------------------------------------------------------------------------------
-- Commit-time apply

CREATE FUNCTION lm_apply_pending_changes() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_advisory_xact_lock(${APPLY_LOCK});
  PERFORM lm_refresh_site_match();
  PERFORM lm_apply_tile_cells();
  UPDATE data_versions v SET version = v.version + 1
  WHERE v.name IN (SELECT m.name FROM data_change_marks m);
  DELETE FROM data_change_marks;
  RETURN NULL;
END $$`,
  `CREATE CONSTRAINT TRIGGER data_change_marks_apply AFTER INSERT ON data_change_marks
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION lm_apply_pending_changes()`,
  // Statement triggers: they only queue work and mark the transaction.
  `CREATE FUNCTION lm_sites_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO site_match_pending (site_id) SELECT id FROM new_rows;
  ${queueCellDeltas('SELECT 1 AS sign, r.* FROM new_rows r')}
  PERFORM lm_mark_change('sites');
  RETURN NULL;
END $$`,
  `CREATE FUNCTION lm_sites_updated() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO site_match_pending (site_id) SELECT id FROM new_rows;
  -- Only rows whose cell contribution changed: a renamed site leaves the grid alone (its
  -- properties are read from sites at tile time).
  ${queueCellDeltas(`
    SELECT -1 AS sign, o.* FROM old_rows o LEFT JOIN new_rows n ON n.id = o.id
    WHERE n.id IS NULL OR ${cellInputs('o')} IS DISTINCT FROM ${cellInputs('n')}
    UNION ALL
    SELECT 1, n.* FROM new_rows n LEFT JOIN old_rows o ON o.id = n.id
    WHERE o.id IS NULL OR ${cellInputs('o')} IS DISTINCT FROM ${cellInputs('n')}`)}
  PERFORM lm_mark_change('sites');
  RETURN NULL;
END $$`,
  `CREATE FUNCTION lm_sites_deleted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  -- site_match rows go with the FK cascade.
  ${queueCellDeltas('SELECT -1 AS sign, r.* FROM old_rows r')}
  PERFORM lm_mark_change('sites');
  RETURN NULL;
END $$`,
  `CREATE FUNCTION lm_sites_truncated() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  -- TRUNCATE sites holds an exclusive lock until commit: no concurrent writer to account for.
  DELETE FROM site_match_pending;
  DELETE FROM site_tile_cell_pending;
  DELETE FROM site_tile_cells;
  PERFORM lm_mark_change('sites');
  RETURN NULL;
END $$`,
  `CREATE FUNCTION lm_site_access_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    INSERT INTO site_match_pending (site_id) SELECT site_id FROM new_rows;
  END IF;
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    INSERT INTO site_match_pending (site_id) SELECT site_id FROM old_rows;
  END IF;
  PERFORM lm_mark_change('site_access');
  RETURN NULL;
END $$`,
  `CREATE FUNCTION lm_infrastructure_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM lm_mark_change('infrastructure');
  RETURN NULL;
END $$`,
  ...TRIGGERS.map(
    ([, name, event, fn]) =>
      `CREATE TRIGGER ${name} AFTER ${event} FOR EACH STATEMENT EXECUTE FUNCTION ${fn}()`,
  ),
  // The read models of the rows already there.
  `SELECT lm_rebuild_site_match()`,
  `SELECT lm_rebuild_site_tile_cells()`,
  `ANALYZE site_match`,
  `ANALYZE site_tile_cells`,
];

const FUNCTIONS = [
  'lm_infrastructure_changed()',
  'lm_site_access_changed()',
  'lm_sites_truncated()',
  'lm_sites_deleted()',
  'lm_sites_updated()',
  'lm_sites_inserted()',
  'lm_apply_pending_changes()',
  'lm_apply_tile_cells()',
  'lm_rebuild_site_tile_cells()',
  'lm_rebuild_site_match()',
  'lm_refresh_site_match()',
  'lm_upsert_site_match(uuid[])',
  'lm_mark_change(text)',
  'lm_tile_cell_size(integer)',
];
const TABLES = [
  'site_tile_cell_pending',
  'site_tile_cells',
  'site_match_pending',
  'site_match',
  'data_change_marks',
  'data_versions',
];

export async function up(knex: Knex): Promise<void> {
  // One statement per call: the embedded engine's extended protocol takes one at a time.
  for (const sql of STATEMENTS) await knex.raw(sql);
}

export async function down(knex: Knex): Promise<void> {
  for (const [table, name] of TRIGGERS) await knex.raw('DROP TRIGGER IF EXISTS ?? ON ??', [name, table]);
  for (const t of TABLES) await knex.raw('DROP TABLE IF EXISTS ??', [t]);
  // Signatures (name + argument types) cannot be bound as identifiers; FUNCTIONS is a constant above.
  for (const f of FUNCTIONS) await knex.raw(`DROP FUNCTION IF EXISTS ${f}`);
}
