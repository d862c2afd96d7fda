/**
 * What the matching engine of landmatch-match/2 reads (modules/matching/README.md):
 *
 * - `sites` gains the facts an expert asks for before signing a ranking: the PLU zone's local
 *   label and CNIG dominant destination (an industrial zone vs a housing one), the end of an
 *   option or commitment (`reserved_until`, with the new status `committed`), who stated the
 *   site's power (`power_source`) and the grid evidence for a new connection (hosting capacity
 *   with its source and date, connection study status).
 * - `site_match` (migration 0005) carries every column the criteria score, so the exact
 *   ranking is computed in SQL over one narrow row per site: the extra facts above, the
 *   utilities and risk columns the scores read, and columns derived once per site write instead
 *   of once per match: readiness counts (items done or not required among the six, the last
 *   entry of an item winning, as criteria/readiness.ts counts them), the project-independent
 *   legal bans as one flag, the risks score and the project-independent part of the zoning
 *   score. Their SQL is frozen here; matching.store.pg.test.ts checks each against its
 *   TypeScript twin on every site, so a change of factors needs a migration.
 * - The substation access kinds no longer answer with RTE tapping points ("Poste de
 *   piquage"): their partial indexes are rebuilt with the new predicate and the substation
 *   rows of the sites whose nearest one was a tapping point are recomputed.
 */
import type { Knex } from 'knex';
import { ACCESS_SPECS } from '../../modules/access/access-kinds.ts';
import { ACCESS_KINDS, MATCH_COLUMNS } from './0005_match_facts_tile_cells.ts';

const SITE_COLUMNS: ReadonlyArray<[name: string, definition: string]> = [
  ['plu_zone_label', 'text CHECK (length(plu_zone_label) <= 30)'],
  [
    'plu_destination',
    "text CHECK (plu_destination IN ('00', '01', '02', '03', '04', '05', '07', '08', '09', '10', '99'))",
  ],
  ['reserved_until', 'date'],
  ['power_source', 'text CHECK (length(power_source) <= 300)'],
  ['grid_hosting_capacity_mw', 'double precision CHECK (grid_hosting_capacity_mw >= 0)'],
  ['grid_hosting_capacity_source', 'text CHECK (length(grid_hosting_capacity_source) <= 300)'],
  ['grid_hosting_capacity_date', 'date'],
  ['grid_study_status', "text CHECK (grid_study_status IN ('none', 'exploratory', 'offer', 'agreement'))"],
];

/** Columns of `sites` copied into `site_match` on top of migration 0005's. */
const EXTRA_MATCH_COLUMNS: ReadonlyArray<[name: string, type: string]> = [
  ['reserved_until', 'date'],
  ['power_voltage_kv', 'double precision'],
  ['power_connection_delay_months', 'integer'],
  ['grid_hosting_capacity_mw', 'double precision'],
  ['reseau_eau_potable', 'boolean'],
  ['reseau_assainissement', 'boolean'],
  ['soil_pollution', 'text'],
  ['seveso_neighbour', 'boolean'],
  ['plu_destination', 'text'],
];
const READINESS_ITEMS = ['urbanism', 'archaeology', 'environment', 'icpe', 'networks', 'land_control'];
/** Derived columns: [name, type, expression over `s` (a sites row)]. */
const DERIVED_MATCH_COLUMNS: ReadonlyArray<[name: string, type: string, expr: string]> = [
  [
    'readiness_done',
    'smallint',
    `(SELECT count(*) FROM (
       SELECT DISTINCT ON (e->>'item') e->>'status' AS status
       FROM jsonb_array_elements(s.readiness) WITH ORDINALITY AS x(e, o)
       WHERE e->>'item' IN (${READINESS_ITEMS.map((i) => `'${i}'`).join(', ')})
       ORDER BY e->>'item', o DESC) d
     WHERE d.status IN ('done', 'not_required'))::smallint`,
  ],
  ['readiness_stated', 'boolean', 'jsonb_array_length(s.readiness) > 0'],
  // The legal bans that do not depend on the project (knockouts/legal-flood.ts,
  // legal-technological.ts, legal-plu.ts): one flag the stage reads instead of four conditions.
  [
    'banned',
    'boolean',
    `coalesce(s.ppri_zone = 'red', false) OR coalesce(s.pprt_zone IN ('light_red', 'dark_red'), false)
     OR coalesce(s.plu_zone IN ('A', 'N'), false)
     OR coalesce(s.plu_destination IN ('01', '04', '05', '07', '08', '09', '10'), false)`,
  ],
  // criteria/risks.ts, the same factors multiplied in the same order, clamped and rounded as
  // criteria/common.ts result() does (the risks criterion reads this column in SQL).
  [
    'risk_score',
    'double precision',
    `(CASE WHEN s.ppri_zone IS NULL AND s.pprt_zone IS NULL AND s.natura2000 IS NULL
            AND s.soil_pollution IS NULL AND s.seveso_neighbour IS NULL THEN 0::float8
       ELSE round(LEAST(1::float8, GREATEST(0::float8,
         ((((1::float8
           * (CASE s.ppri_zone WHEN 'none' THEN 1 WHEN 'blue' THEN 0.6 WHEN 'red' THEN 0 ELSE 0.5 END)::float8)
           * (CASE s.pprt_zone WHEN 'none' THEN 1 WHEN 'blue' THEN 0.6 WHEN 'light_red' THEN 0.1 WHEN 'dark_red' THEN 0 ELSE 0.5 END)::float8)
           * (CASE s.natura2000 WHEN 'none' THEN 1 WHEN 'adjacent' THEN 0.7 WHEN 'inside' THEN 0.2 ELSE 0.5 END)::float8)
           * (CASE s.soil_pollution WHEN 'inexistante' THEN 1 WHEN 'peu_probable' THEN 0.9 WHEN 'supposee' THEN 0.6 WHEN 'averee' THEN 0.4 ELSE 0.8 END)::float8)
           * (CASE WHEN s.seveso_neighbour THEN 0.8 WHEN NOT s.seveso_neighbour THEN 1 ELSE 0.8 END)::float8
       )) * 1e12::float8) / 1e12::float8 END)`,
  ],
  // criteria/zoning.ts, the part that does not depend on the project: PLU zone factor × zone
  // destination factor (the ICPE and Seveso fits are multiplied in at query time).
  [
    'zoning_base',
    'double precision',
    `((1::float8 * (CASE s.plu_zone WHEN 'U' THEN 1 WHEN 'AUc' THEN 0.9 WHEN 'AUs' THEN 0.4 WHEN 'A' THEN 0 WHEN 'N' THEN 0 ELSE 0.5 END)::float8)
      * (CASE s.plu_destination WHEN '02' THEN 1 WHEN '03' THEN 0.7 WHEN '00' THEN 0.9 WHEN '99' THEN 0.9
           WHEN '01' THEN 0 WHEN '04' THEN 0 WHEN '05' THEN 0 WHEN '07' THEN 0 WHEN '08' THEN 0 WHEN '09' THEN 0
           WHEN '10' THEN 0 ELSE 0.9 END)::float8)`,
  ],
];

const OLD_STATUSES = "('available', 'in_preparation', 'under_option', 'taken')";
const NEW_STATUSES = "('available', 'in_preparation', 'under_option', 'committed', 'taken')";

function upsertFunction(withExtras: boolean): string {
  const copied = [...MATCH_COLUMNS, ...(withExtras ? EXTRA_MATCH_COLUMNS : [])].map(([c]) => c);
  const derived = withExtras ? DERIVED_MATCH_COLUMNS : [];
  const accessCols = ACCESS_KINDS.flatMap((k) => [`${k}_m`, `${k}_id`]);
  const all = [...copied, ...derived.map(([c]) => c), ...accessCols];
  return `CREATE OR REPLACE FUNCTION lm_upsert_site_match(ids uuid[]) RETURNS void LANGUAGE sql AS $$
  INSERT INTO site_match AS m (site_id, ${all.join(', ')})
  SELECT s.id, ${[...copied.map((c) => `s.${c}`), ...derived.map(([, , e]) => e), ...accessCols.map((c) => `acc.${c}`)].join(', ')}
  FROM sites s
  CROSS JOIN LATERAL (
    SELECT ${ACCESS_KINDS.map(
      (k) =>
        `min(a.distance_m) FILTER (WHERE a.kind = '${k}') AS ${k}_m, (array_agg(a.infrastructure_id) FILTER (WHERE a.kind = '${k}'))[1] AS ${k}_id`,
    ).join(',\n           ')}
    FROM site_access a WHERE a.site_id = s.id
  ) acc
  WHERE s.id = ANY(ids)
  -- A rebuild lays rows out by région and département: a match scoped to a few départements
  -- (the usual case) reads their pages, not every page of a national inventory.
  ORDER BY s.region, s.departement, s.id
  ON CONFLICT (site_id) DO UPDATE SET ${all.map((c) => `${c} = excluded.${c}`).join(', ')}
  WHERE (${all.map((c) => `m.${c}`).join(', ')}) IS DISTINCT FROM (${all.map((c) => `excluded.${c}`).join(', ')})
$$`;
}

export async function up(knex: Knex): Promise<void> {
  // One statement per call (the embedded engine's extended protocol); every identifier and
  // literal below is a constant of this file.
  for (const [name, def] of SITE_COLUMNS) await knex.raw(`ALTER TABLE sites ADD COLUMN ${name} ${def}`);
  await knex.raw('ALTER TABLE sites DROP CONSTRAINT sites_status_check');
  await knex.raw(`ALTER TABLE sites ADD CONSTRAINT sites_status_check CHECK (status IN ${NEW_STATUSES})`);
  for (const [name, type] of EXTRA_MATCH_COLUMNS)
    await knex.raw(`ALTER TABLE site_match ADD COLUMN ${name} ${type}`);
  for (const [name, type] of DERIVED_MATCH_COLUMNS)
    await knex.raw(`ALTER TABLE site_match ADD COLUMN ${name} ${type}`);
  await knex.raw(upsertFunction(true));

  // Tapping points no longer answer a substation kind.
  const stale = await knex.raw(
    `SELECT DISTINCT a.site_id::text AS id FROM site_access a
     JOIN infrastructure i ON i.id = a.infrastructure_id
     WHERE a.kind LIKE 'substation%' AND i.attrs->>'function' = 'Poste de piquage'`,
  );
  for (const s of ACCESS_SPECS.filter((x) => x.kind.startsWith('substation'))) {
    await knex.raw('DROP INDEX IF EXISTS ??', [`infrastructure_knn_${s.kind}`]);
    await knex.raw(
      `CREATE INDEX infrastructure_knn_${s.kind} ON infrastructure USING gist (geom_l93) WHERE ${s.predicate()}`,
    );
  }
  const ids: string[] = stale.rows.map((r: { id: string }) => r.id);
  for (let i = 0; i < ids.length; i += 5000) {
    const batch = ids.slice(i, i + 5000);
    await knex.raw(`DELETE FROM site_access WHERE site_id = ANY(?::uuid[]) AND kind LIKE 'substation%'`, [
      batch,
    ]);
    for (const s of ACCESS_SPECS.filter((x) => x.kind.startsWith('substation'))) {
      await knex.raw(
        `INSERT INTO site_access (site_id, kind, infrastructure_id, name, distance_m, computed_at)
         SELECT s.id, '${s.kind}', n.id, n.name, ST_Distance(s.geom_l93, n.geom_l93), now()
         FROM sites s
         CROSS JOIN LATERAL (
           SELECT i.id, i.name, i.geom_l93 FROM infrastructure i
           WHERE ${s.predicate('i')}
           ORDER BY i.geom_l93 <-> s.geom_l93 LIMIT 1
         ) n
         WHERE s.id = ANY(?::uuid[])`,
        [batch],
      );
    }
  }
  // Every row gets the new columns (the queued refresh of the recomputed sites runs at commit).
  await knex.raw('SELECT lm_rebuild_site_match()');
  await knex.raw('ANALYZE site_match');
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(upsertFunction(false));
  for (const [name] of [...DERIVED_MATCH_COLUMNS, ...EXTRA_MATCH_COLUMNS])
    await knex.raw('ALTER TABLE site_match DROP COLUMN IF EXISTS ??', [name]);
  await knex.raw("UPDATE sites SET status = 'under_option' WHERE status = 'committed'");
  await knex.raw('ALTER TABLE sites DROP CONSTRAINT sites_status_check');
  await knex.raw(`ALTER TABLE sites ADD CONSTRAINT sites_status_check CHECK (status IN ${OLD_STATUSES})`);
  for (const [name] of SITE_COLUMNS) await knex.raw('ALTER TABLE sites DROP COLUMN IF EXISTS ??', [name]);
}
