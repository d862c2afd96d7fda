/**
 * Issue 15, bulk writes: the commit-time apply of the cluster grid (migration 0005) found the
 * site of every one-site cell it touched with one probe of `sites` per cell and per zoom. A
 * write of N new sites touches up to 12·N cells (z0–z11), and each probe needs the GiST index
 * on `anchor_3857`: a load that rebuilds the secondary indexes after its INSERT (the bench
 * does, as any bulk loader would) paid 12·N sequential scans of `sites` at commit — 2,000
 * plots in 5 s, 6,000 in 64 s, 20,000 unfinished after 20 minutes.
 *
 * Now only z11 cells probe `sites`; a coarser one-site cell takes the site of its only
 * non-empty child (its n = 1 is the sum of its children's counts, and empty cells are
 * deleted), one primary-key probe of `site_tile_cells`, zoom by zoom from z10 up to z0 —
 * the same rule as `lm_rebuild_site_tile_cells`. The result is the same grid (tiles/
 * tile-cells.test.ts compares it with a rebuild after every kind of write).
 */
import type { Knex } from 'knex';

/** As in migration 0005: the finest clustered zoom and the pending size above which the grid is rebuilt. */
const CELL_MAX_ZOOM = 11;
const CELL_REBUILD_THRESHOLD = 20000;

const applyTileCells = (siteOfCell: 'children' | 'probe-every-zoom') => `
CREATE OR REPLACE FUNCTION lm_apply_tile_cells() RETURNS void LANGUAGE plpgsql AS $$
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
  WHERE c.dirty${siteOfCell === 'children' ? ` AND c.z = ${CELL_MAX_ZOOM}` : ''};${
    siteOfCell === 'children'
      ? `
  -- Coarser zooms, finest first: a one-site cell's only non-empty child holds the site.
  FOR zz IN REVERSE ${CELL_MAX_ZOOM - 1}..0 LOOP
    UPDATE site_tile_cells c SET dirty = false, site_id = CASE WHEN c.n = 1 THEN (
        SELECT k.site_id FROM site_tile_cells k
        WHERE k.z = zz + 1 AND k.cx BETWEEN c.cx * 2 AND c.cx * 2 + 1 AND k.cy BETWEEN c.cy * 2 AND c.cy * 2 + 1
          AND k.n = 1
        LIMIT 1) END
    WHERE c.dirty AND c.z = zz;
  END LOOP;`
      : ''
  }
END $$`;

export async function up(knex: Knex): Promise<void> {
  await knex.raw(applyTileCells('children'));
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(applyTileCells('probe-every-zoom'));
}
