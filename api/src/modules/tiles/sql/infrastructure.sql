-- Infrastructure points. Names from z8 (they weigh most), passenger stations from z10.
-- Expects a CTE `tile(env, z, cell)`; geometry column `geom` in EPSG:3857.
SELECT i.geom_3857 AS geom,
       i.id::text AS id,
       i.kind,
       CASE WHEN tile.z >= 8 THEN i.name END AS name,
       i.voltage_kv AS "voltageKv",
       i.size_class AS "sizeClass"
FROM infrastructure i, tile
WHERE i.geom_3857 && tile.env
  AND (i.kind <> 'rail_station' OR tile.z >= 10)
