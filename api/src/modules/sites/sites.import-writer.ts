/**
 * How imported sites reach the `sites` table. The import runner (module `import`) parses and
 * validates rows, then hands batches to a `SiteImportWriter` inside its transaction; this
 * module owns the port and its implementation, `SitesImportWriter` (required fields, region and
 * département derivation).
 *
 * The implementation: one multi-row upsert per batch, the whole batch bound as a single JSON
 * parameter and unpacked by `jsonb_to_recordset` (fast on both engines, no per-row round
 * trips). Keyed on (source, source_id); a row whose values did not change is left alone
 * (`IS DISTINCT FROM`), so re-importing a file changes nothing. Each batch also records the
 * values the file brought as the sites' import baseline (`import_baseline`, migration 0012:
 * what `sites.import-diff.ts` compares with to tell hand edits), and returns before/after
 * snapshots of the sites it changed, which the import service writes to the audit log (one
 * row per site). A row may name fields to `keep`: their current values stay (a conflict the
 * user resolved in favour of the hand edit) while the baseline still takes the file's value.
 */
import type { Knex } from 'knex';
import { FORMULA_MESSAGE, looksLikeFormula } from '../../shared/csv.ts';
import type { MultiPolygonGeometry } from '../../shared/geo.ts';
import { departmentOfCommune } from '../../shared/regions.ts';
import { propertiesToColumns } from './site.columns.ts';
import { FIELD_BY_KEY } from './site.fields.ts';
import type { SiteDetail } from './sites.schemas.ts';
import { PgSitesStore } from './sites.store.pg.ts';

/**
 * One site to create or update, keyed by `properties.source` + `properties.sourceId`.
 * `properties` uses the JSON keys of `site.fields.ts`, already checked against each field's own
 * zod schema; the writer still owns required fields and region derivation.
 */
export interface SiteImportRow {
  properties: Record<string, unknown> & { source: string; sourceId: string; name: string };
  geometry: MultiPolygonGeometry;
  /** Field keys (or 'geometry') whose current value an existing site keeps instead of the file's. */
  keep?: string[];
}

/** One site a batch created (`before` null) or changed, as `GET /api/sites/:id` shows it to an admin. */
export interface SiteWriteChange {
  id: string;
  before: SiteDetail | null;
  after: SiteDetail;
}

export interface SiteBatchResult {
  inserted: number;
  updated: number;
  unchanged: number;
  /** Ids of the inserted or updated sites. */
  ids: string[];
  /** Snapshots of those sites before and after the batch (for the audit log). */
  changes?: SiteWriteChange[];
}

/** The port the import runner writes sites through (a test double stands in for it in import tests). */
export interface SiteImportWriter {
  /**
   * Optional row checks before writing (e.g. unknown commune): returned indexes point into
   * `rows` and are reported with their file lines as invalid rows.
   */
  check?(trx: Knex.Transaction, rows: SiteImportRow[]): Promise<Array<{ index: number; reason: string }>>;
  /** Upserts on (source, source_id); must write nothing else outside `trx`. */
  upsert(trx: Knex.Transaction, rows: SiteImportRow[]): Promise<SiteBatchResult>;
}

let columnTypes: Map<string, string> | undefined;

/** The pg type of every writable `sites` column, read once from the catalogue. */
async function sitesColumnTypes(db: Knex): Promise<Map<string, string>> {
  if (!columnTypes) {
    const r = await db.raw(
      `SELECT a.attname AS name, format_type(a.atttypid, a.atttypmod) AS type
       FROM pg_attribute a WHERE a.attrelid = 'sites'::regclass AND a.attnum > 0 AND NOT a.attisdropped
         AND a.attgenerated = ''`,
    );
    columnTypes = new Map(r.rows.map((x: { name: string; type: string }) => [x.name, x.type]));
  }
  return columnTypes;
}

const NEVER_IMPORTED = new Set(['id', 'geom', 'created_at', 'updated_at', 'import_baseline', 'imported_at']);
/** Every site and field, whatever the caller (audit snapshots). */
const ALL_FIELDS = { unpublished: true, confidential: true, confidentialTerritories: 'all' } as const;

/**
 * The columns a field key writes ('geometry' → geom; the commune also derives département and
 * région, so keeping it keeps them).
 * @example columnsOfField('communeInsee') // ['site_comm_insee', 'departement', 'region']
 */
export function columnsOfField(key: string): string[] {
  if (key === 'geometry') return ['geom'];
  const column = FIELD_BY_KEY.get(key)?.column;
  if (!column) return [];
  return key === 'communeInsee' ? [column, 'departement', 'region'] : [column];
}

/**
 * A batch as one JSON parameter unpacked by `jsonb_to_recordset(?::jsonb) AS v(<def>)`, with
 * the value the writer stores for each column (`values`, expressions over `v`) and the outline
 * (`geometry`). Column names and types come from the catalogue (allow-listed), never from the file.
 */
export interface SiteRecordset {
  columns: string[];
  def: string;
  values: string[];
  geometry: string;
  payload: string;
}

export async function siteRecordset(db: Knex, rows: SiteImportRow[]): Promise<SiteRecordset> {
  const types = await sitesColumnTypes(db);
  const records = rows.map((r) => ({ ...propertiesToColumns(r.properties), geometry: r.geometry }));
  // The available surface is always written: absent, it defaults to the polygon's area.
  const columns = [...new Set(['site_surf_comm_dispo', ...records.flatMap((r) => Object.keys(r))])].filter(
    (c) => c !== 'geometry' && types.has(c) && !NEVER_IMPORTED.has(c),
  );
  const def = [
    ...columns.map((c) => `"${c}" ${types.get(c)}`),
    'geometry jsonb',
    'ord integer',
    'keep text[]',
  ].join(', ');
  const values = columns.map((c) =>
    c === 'site_surf_comm_dispo'
      ? `coalesce(v."${c}", ST_Area(ST_Transform(ST_SetSRID(ST_GeomFromGeoJSON(v.geometry::text), 4326), 2154)) / 10000.0)`
      : c === 'readiness'
        ? `coalesce(v."${c}", '[]'::jsonb)`
        : c === 'labels' || c === 'illustrative_fields'
          ? `coalesce(v."${c}", '{}')`
          : c === 'published'
            ? `coalesce(v."${c}", false)`
            : `v."${c}"`,
  );
  const payload = records.map((r, i) => {
    const o: Record<string, unknown> = { geometry: r.geometry, ord: i };
    for (const c of columns) {
      const v = (r as Record<string, unknown>)[c];
      o[c] = v === undefined ? null : v;
    }
    const keep = rows[i].keep?.flatMap(columnsOfField);
    if (keep && keep.length > 0) o.keep = keep;
    return o;
  });
  return {
    columns,
    def,
    values,
    geometry: 'ST_Multi(ST_Force2D(ST_SetSRID(ST_GeomFromGeoJSON(v.geometry::text), 4326)))',
    payload: JSON.stringify(payload),
  };
}

/**
 * The baseline a recordset's rows record: each column's value as the file brings it, the
 * outline as the MD5 of its WKB (as `to_jsonb` of the stored row would give them).
 */
export const baselineOf = (rs: SiteRecordset): string =>
  `(SELECT to_jsonb(b) FROM (SELECT ${rs.values.map((e, i) => `${e} AS "${rs.columns[i]}"`).join(', ')},
     md5(ST_AsBinary(${rs.geometry})) AS geom) b)`;

/**
 * Baseline of the sites' current values (sites that came from a file without one, e.g. the
 * demo seed); the same expression as migration 0012's.
 */
export async function recordCurrentAsBaseline(db: Knex): Promise<void> {
  await db.raw(
    `UPDATE sites SET import_baseline = (to_jsonb(sites) - 'geom' - 'geom_l93' - 'geom_3857' - 'anchor_3857'
       - 'search_text' - 'import_baseline' - 'imported_at') || jsonb_build_object('geom', md5(ST_AsBinary(geom))),
       imported_at = now()
     WHERE source_id IS NOT NULL AND import_baseline IS NULL`,
  );
}

export class SitesImportWriter implements SiteImportWriter {
  // Outline validity is checked by the import runner before rows reach the writer.
  async check(_trx: Knex.Transaction, rows: SiteImportRow[]) {
    const issues: Array<{ index: number; reason: string }> = [];
    rows.forEach((row, index) => {
      const insee = row.properties.communeInsee;
      if (typeof insee !== 'string') issues.push({ index, reason: 'communeInsee is required' });
      else if (!departmentOfCommune(insee))
        issues.push({ index, reason: `no French département for commune ${insee}` });
      for (const [key, value] of Object.entries(row.properties))
        if (typeof value === 'string' && looksLikeFormula(value))
          issues.push({ index, reason: `${key} ${FORMULA_MESSAGE}` });
    });
    return issues;
  }

  async upsert(trx: Knex.Transaction, rows: SiteImportRow[]): Promise<SiteBatchResult> {
    if (rows.length === 0) return { inserted: 0, updated: 0, unchanged: 0, ids: [], changes: [] };
    const rs = await siteRecordset(trx, rows);
    const keeping = rows.some((r) => r.keep && r.keep.length > 0);
    // A kept column takes the existing site's value (`cur`), the others the file's.
    const kept = (column: string, value: string) =>
      keeping ? `CASE WHEN '${column}' = ANY(v.keep) THEN cur."${column}" ELSE ${value} END` : value;
    const select = [...rs.values.map((e, i) => kept(rs.columns[i], e)), kept('geom', rs.geometry)];
    const all = [...rs.columns, 'geom'];
    const source = `jsonb_to_recordset(?::jsonb) AS v(${rs.def})`;
    const existing = await trx.raw<{ rows: Array<{ id: string }> }>(
      `SELECT s.id::text AS id FROM ${source} JOIN sites s ON s.source = v.source AND s.source_id = v.source_id`,
      [rs.payload],
    );
    const store = new PgSitesStore(trx);
    const before = await store.getMany(
      existing.rows.map((r) => r.id),
      ALL_FIELDS,
    );
    // `sites.version` grows by the row trigger of migration 0011 on every changed row. The
    // file's values become the baseline in the same write (kept fields included: the next
    // import asks again), so a created or changed site is written once, not twice.
    const baseline = baselineOf(rs);
    const sql = `
      INSERT INTO sites (${all.map((c) => `"${c}"`).join(', ')}, import_baseline, imported_at)
      SELECT ${select.join(', ')}, ${baseline}, now()
      FROM ${source}${keeping ? ' LEFT JOIN sites cur ON cur.source = v.source AND cur.source_id = v.source_id' : ''}
      ON CONFLICT (source, source_id) WHERE source_id IS NOT NULL
      DO UPDATE SET ${all.map((c) => `"${c}" = EXCLUDED."${c}"`).join(', ')}, updated_at = now(),
        import_baseline = coalesce(sites.import_baseline, '{}'::jsonb) || EXCLUDED.import_baseline, imported_at = now()
      WHERE (${all.map((c) => `sites."${c}"`).join(', ')}) IS DISTINCT FROM (${all.map((c) => `EXCLUDED."${c}"`).join(', ')})
      RETURNING id::text AS id, (xmax = 0) AS inserted`;
    const res = await trx.raw(sql, [rs.payload]);
    // Unchanged rows whose baseline is not the file's yet (e.g. seeded sites, or a hand value
    // kept): the baseline alone is written. Skipped when every row was created or changed.
    if (res.rows.length < rows.length) {
      await trx.raw(
        `UPDATE sites s SET import_baseline = coalesce(s.import_baseline, '{}'::jsonb) || x.b, imported_at = now()
         FROM (SELECT v.source, v.source_id, ${baseline} AS b FROM ${source}) x
         WHERE s.source = x.source AND s.source_id = x.source_id
           AND s.import_baseline IS DISTINCT FROM coalesce(s.import_baseline, '{}'::jsonb) || x.b`,
        [rs.payload],
      );
    }
    const ids: string[] = res.rows.map((x: { id: string }) => x.id);
    const after = await store.getMany(ids, ALL_FIELDS);
    const inserted = res.rows.filter((x: { inserted: boolean }) => x.inserted).length;
    return {
      inserted,
      updated: res.rows.length - inserted,
      unchanged: rows.length - res.rows.length,
      ids,
      changes: ids.map((id) => ({ id, before: before.get(id) ?? null, after: after.get(id)! })),
    };
  }
}
