/**
 * What the matching engine of landmatch-match/2 reads (modules/matching/README.md):
 *
 * - `sites` gains the facts an expert asks for before signing a ranking: the PLU zone's local
 *   label and CNIG dominant destination (an industrial zone vs a housing one), the end of an
 *   option or commitment (`reserved_until`, with the new status `committed`), who stated the
 *   site's power (`power_source`) and the grid evidence for a new connection (hosting capacity
 *   with its source and date, connection study status).
 * - `site_match` (migration 0005) is rebuilt with every column the criteria score, so the exact
 *   ranking is computed in SQL over one narrow row per site, laid out in the order a match reads
 *   them (see ORDERED): the extra facts above, the utilities and risk columns the scores read,
 *   and columns derived once per site write instead of once per match: readiness counts (items done or not required among the six, the last
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
import { ACCESS_KINDS, MATCH_COLUMNS, MATCH_INDEXES } from './0005_match_facts_tile_cells.ts';

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

const READINESS_ITEMS = ['urbanism', 'archaeology', 'environment', 'icpe', 'networks', 'land_control'];
/** Derived columns: [name, type, expression over `s` (a sites row)]. */
const DERIVED_LIST: ReadonlyArray<[name: string, type: string, expr: string]> = [
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

const DERIVED = new Map(DERIVED_LIST.map(([name, type, expr]) => [name, { type, expr }]));
const derivedCol = (name: string, notNull = false): [string, string, string] => {
  const d = DERIVED.get(name);
  if (!d) throw new Error(`0007: no derived column ${name}`);
  return [name, `${d.type}${notNull ? ' NOT NULL' : ''}`, notNull ? `coalesce(${d.expr}, false)` : d.expr];
};
const copied = (name: string, type: string): [string, string, string] => [name, type, `s.${name}`];
const nearest = (name: string, type: string): [string, string, string] => [name, type, `acc.${name}`];

/**
 * The columns of the rebuilt `site_match`, [name, type, source expression], in the order a match
 * reads them: deforming a row walks its columns one by one up to the last one read, so what every
 * match reads (visibility, bans, area, status, zoning, the always-on scores) comes first and the
 * nearest-feature ids (read for the few rows returned) last. Measured on 1,000,000 plots, reading
 * a column at the end of the old layout cost about 0.2 µs per site, the largest part of a match.
 */
const ORDERED: ReadonlyArray<[name: string, type: string, expr: string]> = [
  copied('published', 'boolean NOT NULL'),
  derivedCol('banned', true),
  copied('site_surf_comm_dispo', 'double precision NOT NULL'),
  copied('status', 'text NOT NULL'),
  copied('plu_zone', 'text'),
  nearest('motorway_access_m', 'double precision'),
  derivedCol('risk_score'),
  derivedCol('zoning_base'),
  derivedCol('readiness_done'),
  derivedCol('readiness_stated'),
  copied('min_lot_ha', 'double precision'),
  copied('region', 'text NOT NULL'),
  copied('departement', 'text NOT NULL'),
  copied('power_available_mw', 'double precision'),
  copied('power_voltage_kv', 'double precision'),
  copied('power_connection_delay_months', 'integer'),
  copied('grid_hosting_capacity_mw', 'double precision'),
  copied('reseau_electrique', 'boolean'),
  nearest('substation_63kv_m', 'double precision'),
  nearest('substation_225kv_m', 'double precision'),
  nearest('substation_400kv_m', 'double precision'),
  nearest('rail_freight_m', 'double precision'),
  copied('reseau_fret_ferroviaire', 'boolean'),
  nearest('port_m', 'double precision'),
  copied('reseau_fluvial', 'boolean'),
  nearest('airport_m', 'double precision'),
  copied('available_from', 'date'),
  copied('reserved_until', 'date'),
  copied('icpe_max_regime', 'text'),
  copied('seveso_allowed', 'text'),
  copied('natura2000', 'text'),
  copied('reseau_gaz', 'boolean'),
  copied('gas_capacity_mwh_per_day', 'double precision'),
  copied('reseau_eau_potable', 'boolean'),
  copied('water_m3_per_day', 'double precision'),
  copied('reseau_assainissement', 'boolean'),
  copied('wastewater_m3_per_day', 'double precision'),
  copied('reseau_fibre_optique', 'boolean'),
  copied('price_eur_m2', 'double precision'),
  copied('brownfield', 'boolean'),
  copied('site_evol_urba', 'text'),
  copied('ppri_zone', 'text'),
  copied('pprt_zone', 'text'),
  copied('soil_pollution', 'text'),
  copied('seveso_neighbour', 'boolean'),
  copied('plu_destination', 'text'),
  copied('site_epci_siren', 'text'),
  ...ACCESS_KINDS.map((k) => nearest(`${k}_id`, 'uuid')),
];
// Every column of migration 0005's site_match is kept, once.
for (const c of [
  ...MATCH_COLUMNS.map(([name]) => name),
  ...ACCESS_KINDS.flatMap((k) => [`${k}_m`, `${k}_id`]),
]) {
  if (ORDERED.filter(([name]) => name === c).length !== 1) throw new Error(`0007: site_match column ${c}`);
}
/**
 * The indexes the stage uses: a scope of régions or départements reads their rows only. 0005's
 * other indexes served bounded walks the one-scan stage no longer does, and would only slow
 * writes.
 */
const INDEXES: ReadonlyArray<readonly [name: string, definition: string]> = [
  ['site_match_departement_idx', '(departement, site_id)'],
  ['site_match_region_idx', '(region, site_id)'],
];
/** 0005's layout, for `down`. */
const OLD_ORDER: ReadonlyArray<[name: string, type: string, expr: string]> = [
  ...MATCH_COLUMNS.map(([name, type]) => copied(name, type)),
  ...ACCESS_KINDS.flatMap((k) => [nearest(`${k}_m`, 'double precision'), nearest(`${k}_id`, 'uuid')]),
];

const OLD_STATUSES = "('available', 'in_preparation', 'under_option', 'taken')";
const NEW_STATUSES = "('available', 'in_preparation', 'under_option', 'committed', 'taken')";

const ACCESS_LATERAL = `CROSS JOIN LATERAL (
    SELECT ${ACCESS_KINDS.map(
      (k) =>
        `min(a.distance_m) FILTER (WHERE a.kind = '${k}') AS ${k}_m, (array_agg(a.infrastructure_id) FILTER (WHERE a.kind = '${k}'))[1] AS ${k}_id`,
    ).join(',\n           ')}
    FROM site_access a WHERE a.site_id = s.id
  ) acc`;

function upsertFunction(
  columns: ReadonlyArray<[name: string, type: string, expr: string]>,
  order: string,
): string {
  const names = columns.map(([c]) => c);
  return `CREATE OR REPLACE FUNCTION lm_upsert_site_match(ids uuid[]) RETURNS void LANGUAGE sql AS $$
  INSERT INTO site_match AS m (site_id, ${names.join(', ')})
  SELECT s.id, ${columns.map(([, , e]) => e).join(', ')}
  FROM sites s
  ${ACCESS_LATERAL}
  WHERE s.id = ANY(ids)
  ORDER BY ${order}
  ON CONFLICT (site_id) DO UPDATE SET ${names.map((c) => `${c} = excluded.${c}`).join(', ')}
  WHERE (${names.map((c) => `m.${c}`).join(', ')}) IS DISTINCT FROM (${names.map((c) => `excluded.${c}`).join(', ')})
$$`;
}

/** Drops and recreates `site_match` with these columns and indexes and refills it. */
async function recreateSiteMatch(
  knex: Knex,
  columns: ReadonlyArray<[name: string, type: string, expr: string]>,
  indexes: ReadonlyArray<readonly [name: string, definition: string]>,
  order: string,
): Promise<void> {
  await knex.raw('DROP TABLE site_match');
  await knex.raw(
    `CREATE TABLE site_match (
      site_id uuid PRIMARY KEY REFERENCES sites(id) ON DELETE CASCADE,
      ${columns.map(([c, t]) => `${c} ${t}`).join(',\n      ')}
    )`,
  );
  for (const [name, def] of indexes) await knex.raw(`CREATE INDEX ${name} ON site_match ${def}`);
  await knex.raw(upsertFunction(columns, order));
  await knex.raw('SELECT lm_rebuild_site_match()');
  await knex.raw('ANALYZE site_match');
}

export async function up(knex: Knex): Promise<void> {
  // One statement per call (the embedded engine's extended protocol); every identifier and
  // literal below is a constant of this file.
  for (const [name, def] of SITE_COLUMNS) await knex.raw(`ALTER TABLE sites ADD COLUMN ${name} ${def}`);
  await knex.raw('ALTER TABLE sites DROP CONSTRAINT sites_status_check');
  await knex.raw(`ALTER TABLE sites ADD CONSTRAINT sites_status_check CHECK (status IN ${NEW_STATUSES})`);

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
  // The read model in its new layout. A rebuild lays rows out by région and département: a match
  // scoped to a few départements (the usual case) reads their pages, not every page.
  await recreateSiteMatch(knex, ORDERED, INDEXES, 's.region, s.departement, s.id');
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw("UPDATE sites SET status = 'under_option' WHERE status = 'committed'");
  await recreateSiteMatch(
    knex,
    OLD_ORDER,
    MATCH_INDEXES.map(([name, def]) => [name, def] as const),
    's.id',
  );
  await knex.raw('ALTER TABLE sites DROP CONSTRAINT sites_status_check');
  await knex.raw(`ALTER TABLE sites ADD CONSTRAINT sites_status_check CHECK (status IN ${OLD_STATUSES})`);
  for (const [name] of SITE_COLUMNS) await knex.raw('ALTER TABLE sites DROP COLUMN IF EXISTS ??', [name]);
}
