-- Low zooms without filters: the clusters of sites-points.sql read from the precomputed grid
-- (site_tile_cells, migration 0005, kept current by triggers) instead of grouping every site
-- under the tile at request time (a z6 tile over Lyon holds ~100k plots on 1M). Same cells
-- (64×64 per tile, plus the ring of cells around the tile that sites-points.sql reaches with
-- ST_Expand(env, cell)), same properties; a one-site cell reads its site's properties here.
-- Cell indices at zoom z start at -32·2^z on both axes (origin at the Web Mercator centre),
-- x growing east and y north, so the tile's cells are integer ranges of its x and y.
-- Expects a CTE `tile(env, z, x, y, cell)`; geometry column `geom` in EPSG:3857.
SELECT CASE WHEN c.n = 1 THEN s.anchor_3857
            ELSE ST_SetSRID(ST_MakePoint(c.sum_x / c.n, c.sum_y / c.n), 3857) END AS geom,
       c.n AS count,
       s.id::text AS id,
       s.site_nom AS name,
       s.status,
       array_to_string(s.labels, ',') AS labels,
       round((CASE WHEN c.n = 1 THEN s.site_surf_comm_dispo ELSE c.area END)::numeric, 2)::float8 AS "availableAreaHa",
       s.power_available_mw AS "powerAvailableMw",
       CASE WHEN c.rail_true > 0 THEN true WHEN c.rail_false > 0 THEN false END AS "railSiding",
       CASE WHEN c.quay_true > 0 THEN true WHEN c.quay_false > 0 THEN false END AS quay,
       s.brownfield,
       s.departement AS department,
       s.region
FROM tile
JOIN site_tile_cells c ON c.z = tile.z
  -- One index range per column of cells (= ANY): a BETWEEN on cx too would walk every cell of
  -- those columns, north to south across the country, and filter on cy (z9 at 1M plots: 14 ms
  -- of index pages for 4,333 cells against 1.2 ms).
  AND c.cx = ANY (ARRAY(SELECT generate_series(64 * tile.x - 32 * (1 << tile.z) - 1, 64 * tile.x - 32 * (1 << tile.z) + 64)))
  AND c.cy BETWEEN 32 * (1 << tile.z) - 64 * tile.y - 65 AND 32 * (1 << tile.z) - 64 * tile.y
LEFT JOIN sites s ON s.id = c.site_id
