/**
 * Nearest infrastructure per site and access kind, stored in `site_access`. One INSERT per
 * kind so each lateral KNN probe (`ORDER BY geom_l93 <-> site LIMIT 1`) can use that kind's
 * partial GiST index (migration 0002); distances are straight lines in Lambert-93 metres.
 */
import type { Knex } from 'knex';
import { recomputeSiteDriveTimes, recomputeSiteLabourPool } from '../roads/drive-times.store.ts';
import { ACCESS_SPECS } from './access-kinds.ts';

// Per kind, the statement text is built once from constants (ACCESS_SPECS); only ids are bound.
const INSERT_BY_KIND = ACCESS_SPECS.map(
  (s) => `
  INSERT INTO site_access (site_id, kind, infrastructure_id, name, distance_m, computed_at)
  SELECT s.id, '${s.kind}', n.id, n.name, ST_Distance(s.geom_l93, n.geom_l93), now()
  FROM sites s
  CROSS JOIN LATERAL (
    SELECT i.id, i.name, i.geom_l93 FROM infrastructure i
    WHERE ${s.predicate('i')}
    ORDER BY i.geom_l93 <-> s.geom_l93
    LIMIT 1
  ) n
  WHERE s.id = ANY(?::uuid[])`,
);

/**
 * Recomputes every access row of the given sites (inside the caller's transaction), then
 * their drive times and, unless `labourPool: false` (an infrastructure change leaves it
 * alone), their labour pools.
 */
export async function recomputeSiteAccess(
  db: Knex,
  siteIds: readonly string[],
  opts: { labourPool?: boolean } = {},
): Promise<void> {
  if (siteIds.length === 0) return;
  const ids = [...siteIds];
  await db.raw('DELETE FROM site_access WHERE site_id = ANY(?::uuid[])', [ids]);
  for (const sql of INSERT_BY_KIND) await db.raw(sql, [ids]);
  const snapped = await recomputeSiteDriveTimes(db, ids);
  if (opts.labourPool !== false) await recomputeSiteLabourPool(db, ids, undefined, snapped);
}

/**
 * Every site id in spatial order (geohash of the anchor point), so each batch probes one
 * neighbourhood of the infrastructure indexes: measured ~30 % faster than id order on 100k
 * plots (bench/experiments/access-variants.ts, variant B).
 */
export async function allSiteIds(db: Knex): Promise<string[]> {
  const r = await db.raw(
    'SELECT id::text AS id FROM sites ORDER BY ST_GeoHash(ST_Transform(anchor_3857, 4326), 12), id',
  );
  return r.rows.map((x: { id: string }) => x.id);
}

/**
 * Sites whose nearest feature may change after infrastructure `ids` changed: those whose
 * stored nearest is one of them (moved, renamed or deleted), those with a changed feature of a
 * matching kind closer than their stored distance, and those missing a row of that kind.
 */
export async function sitesAffectedBy(db: Knex, infraIds: readonly string[]): Promise<string[]> {
  if (infraIds.length === 0) return [];
  const ids = [...infraIds];
  const parts = [
    'SELECT site_id AS id FROM site_access WHERE infrastructure_id = ANY(:ids::uuid[]) OR infrastructure_id IS NULL',
  ];
  for (const s of ACCESS_SPECS) {
    // Constant predicates from ACCESS_SPECS; ids are bound.
    parts.push(`
      SELECT s.id FROM sites s
      JOIN infrastructure i ON i.id = ANY(:ids::uuid[]) AND ${s.predicate('i')}
      LEFT JOIN site_access sa ON sa.site_id = s.id AND sa.kind = '${s.kind}'
      WHERE sa.site_id IS NULL OR ST_DWithin(s.geom_l93, i.geom_l93, sa.distance_m)`);
  }
  const r = await db.raw(parts.join('\nUNION\n'), { ids });
  return r.rows.map((x: { id: string }) => String(x.id));
}
