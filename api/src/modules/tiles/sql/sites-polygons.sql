-- High zooms: published site polygons with their public list properties.
-- Expects a CTE `tile(env, z, cell)`; geometry column `geom` in EPSG:3857. The FILTERS marker is
-- replaced by the allow-listed tile filters (tiles.filters.ts, compiled by sites/sites.filter.ts), values bound.
SELECT s.geom_3857 AS geom,
       1 AS count,
       s.id::text AS id,
       s.site_nom AS name,
       s.status,
       array_to_string(s.labels, ',') AS labels,
       round(s.site_surf_comm_dispo::numeric, 2)::float8 AS "availableAreaHa",
       s.power_available_mw AS "powerAvailableMw",
       s.reseau_fret_ferroviaire AS "railSiding",
       s.reseau_fluvial AS quay,
       s.brownfield,
       s.departement AS department,
       s.region
FROM sites s, tile
WHERE s.published AND s.geom_3857 && tile.env /*FILTERS*/
