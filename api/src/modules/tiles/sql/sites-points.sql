-- Low zooms: published sites as points, clustered on a 64×64 grid per tile so a tile over a
-- dense region stays small. A cell holding one site carries that site's properties; a cell
-- holding several carries `count` and the summed available area.
-- Expects a CTE `tile(env, z, cell)`; geometry column `geom` in EPSG:3857. The FILTERS marker is
-- replaced by the allow-listed tile filters (tiles.filters.ts, compiled by sites/sites.filter.ts), values bound.
SELECT ST_Centroid(ST_Collect(s.anchor_3857)) AS geom,
       count(*)::int AS count,
       CASE WHEN count(*) = 1 THEN min(s.id::text) END AS id,
       CASE WHEN count(*) = 1 THEN min(s.site_nom) END AS name,
       CASE WHEN count(*) = 1 THEN min(s.status) END AS status,
       CASE WHEN count(*) = 1 THEN min(array_to_string(s.labels, ',')) END AS labels,
       round(sum(s.site_surf_comm_dispo)::numeric, 2)::float8 AS "availableAreaHa",
       CASE WHEN count(*) = 1 THEN max(s.power_available_mw) END AS "powerAvailableMw",
       bool_or(s.reseau_fret_ferroviaire) AS "railSiding",
       bool_or(s.reseau_fluvial) AS quay,
       CASE WHEN count(*) = 1 THEN bool_or(s.brownfield) END AS brownfield,
       CASE WHEN count(*) = 1 THEN min(s.departement) END AS department,
       CASE WHEN count(*) = 1 THEN min(s.region) END AS region
FROM sites s, tile
WHERE s.published AND s.anchor_3857 && ST_Expand(tile.env, tile.cell) /*FILTERS*/
GROUP BY floor(ST_X(s.anchor_3857) / tile.cell), floor(ST_Y(s.anchor_3857) / tile.cell)
