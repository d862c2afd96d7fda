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
  await lockSites(db, ids);
  await db.raw('DELETE FROM site_access WHERE site_id = ANY(?::uuid[])', [ids]);
  for (const sql of INSERT_BY_KIND) await db.raw(sql, [ids]);
  const snapped = await recomputeSiteDriveTimes(db, ids);
  if (opts.labourPool !== false) await recomputeSiteLabourPool(db, ids, undefined, snapped);
  await settleFeatureReferences(db, ids);
}

/**
 * The derived tables have no foreign keys (migration 0018: ~30 row-level checks per site); the
 * parents' rules hold through statement triggers on `sites` and `infrastructure` and these two
 * steps. First the sites are locked once (`FOR KEY SHARE`, what each RI check took): a
 * concurrent delete of one of them waits for this transaction, and its trigger then removes
 * the rows written here; a site deleted before the lock is no longer seen by the inserts.
 */
export async function lockSites(db: Knex, ids: readonly string[]): Promise<void> {
  await db.raw('SELECT count(*) FROM (SELECT 1 FROM sites WHERE id = ANY(?::uuid[]) FOR KEY SHARE) l', [
    [...ids],
  ]);
}

/**
 * Then the features the new rows name are locked the same way; when one was deleted between
 * the nearest-feature search and the lock (fewer locked than named), the rows naming a feature
 * that no longer exists get NULL, as ON DELETE SET NULL gave, and the next infrastructure
 * change recomputes them (`sitesAffectedBy` takes rows without a feature).
 */
export async function settleFeatureReferences(db: Knex, ids: readonly string[]): Promise<void> {
  const r = await db.raw(
    `WITH named AS (
       SELECT infrastructure_id AS id FROM site_access WHERE site_id = ANY(:ids::uuid[]) AND infrastructure_id IS NOT NULL
       UNION
       SELECT infrastructure_id FROM site_drive_times WHERE site_id = ANY(:ids::uuid[]) AND infrastructure_id IS NOT NULL
     ), locked AS (
       SELECT i.id FROM infrastructure i WHERE i.id IN (SELECT id FROM named) FOR KEY SHARE
     )
     SELECT (SELECT count(*) FROM named)::int AS named, (SELECT count(*) FROM locked)::int AS locked`,
    { ids: [...ids] },
  );
  if (r.rows[0].named === r.rows[0].locked) return;
  for (const table of ['site_access', 'site_drive_times'])
    await db.raw(
      `UPDATE ?? t SET infrastructure_id = NULL
       WHERE t.site_id = ANY(?::uuid[]) AND t.infrastructure_id IS NOT NULL
         AND NOT EXISTS (SELECT 1 FROM infrastructure i WHERE i.id = t.infrastructure_id)`,
      [table, [...ids]],
    );
}

/**
 * For a batch recompute in its own transaction: the derived tables' triggers queue nothing
 * (migration 0018), and `site_match` of these sites is refreshed once at the end instead.
 */
export async function beginDirectSiteMatch(db: Knex): Promise<void> {
  await db.raw("SELECT set_config('lm.site_match_direct', 'on', true)");
}

/** `site_match` of the given sites from their rows (the work the commit-time queue would do). */
export async function refreshSiteMatch(db: Knex, ids: readonly string[]): Promise<void> {
  await db.raw('SELECT lm_upsert_site_match(?::uuid[])', [[...ids]]);
  await db.raw('SELECT lm_update_site_match_road(?::uuid[])', [[...ids]]);
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
