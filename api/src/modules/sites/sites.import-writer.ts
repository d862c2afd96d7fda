/**
 * How imported sites reach the `sites` table. The import runner (module `import`) parses and
 * validates rows, then hands batches to a `SiteImportWriter` inside its transaction; this
 * module owns the port and its implementation, `SitesImportWriter` (required fields, region and
 * département derivation).
 *
 * The implementation: one multi-row upsert per batch, the whole batch bound as a single JSON
 * parameter and unpacked by `jsonb_to_recordset` (fast on both engines, no per-row round
 * trips). Keyed on (source, source_id); a row whose values did not change is left alone
 * (`IS DISTINCT FROM`), so re-importing a file changes nothing. The import as a whole is
 * audited once by the import service (not per row: a 100,000-row import would drown the log).
 */
import type { Knex } from 'knex';
import { FORMULA_MESSAGE, looksLikeFormula } from '../../shared/csv.ts';
import type { MultiPolygonGeometry } from '../../shared/geo.ts';
import { departmentOfCommune } from '../../shared/regions.ts';
import { propertiesToColumns } from './site.columns.ts';

/**
 * One site to create or update, keyed by `properties.source` + `properties.sourceId`.
 * `properties` uses the JSON keys of `site.fields.ts`, already checked against each field's own
 * zod schema; the writer still owns required fields and region derivation.
 */
export interface SiteImportRow {
  properties: Record<string, unknown> & { source: string; sourceId: string; name: string };
  geometry: MultiPolygonGeometry;
}

export interface SiteBatchResult {
  inserted: number;
  updated: number;
  unchanged: number;
  /** Ids of the inserted or updated sites. */
  ids: string[];
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

const NEVER_IMPORTED = new Set(['id', 'geom', 'created_at', 'updated_at']);

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
    if (rows.length === 0) return { inserted: 0, updated: 0, unchanged: 0, ids: [] };
    const types = await sitesColumnTypes(trx);
    const records = rows.map((r) => ({ ...propertiesToColumns(r.properties), geometry: r.geometry }));
    // The available surface is always written: absent, it defaults to the polygon's area.
    const columns = [...new Set(['site_surf_comm_dispo', ...records.flatMap((r) => Object.keys(r))])].filter(
      (c) => c !== 'geometry' && types.has(c) && !NEVER_IMPORTED.has(c),
    );
    // Column names and types come from the catalogue (allow-listed), never from the file.
    const def = [...columns.map((c) => `"${c}" ${types.get(c)}`), 'geometry jsonb'].join(', ');
    const select = columns.map((c) =>
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
    const all = [...columns, 'geom'];
    const sql = `
      INSERT INTO sites (${all.map((c) => `"${c}"`).join(', ')})
      SELECT ${select.join(', ')}, ST_Multi(ST_Force2D(ST_SetSRID(ST_GeomFromGeoJSON(v.geometry::text), 4326)))
      FROM jsonb_to_recordset(?::jsonb) AS v(${def})
      ON CONFLICT (source, source_id) WHERE source_id IS NOT NULL
      DO UPDATE SET ${all.map((c) => `"${c}" = EXCLUDED."${c}"`).join(', ')}, updated_at = now()
      WHERE (${all.map((c) => `sites."${c}"`).join(', ')}) IS DISTINCT FROM (${all.map((c) => `EXCLUDED."${c}"`).join(', ')})
      RETURNING id::text AS id, (xmax = 0) AS inserted`;
    const payload = records.map((r) => {
      const o: Record<string, unknown> = { geometry: r.geometry };
      for (const c of columns) {
        const v = (r as Record<string, unknown>)[c];
        o[c] = v === undefined ? null : v;
      }
      return o;
    });
    const res = await trx.raw(sql, [JSON.stringify(payload)]);
    const inserted = res.rows.filter((x: { inserted: boolean }) => x.inserted).length;
    const updated = res.rows.length - inserted;
    return {
      inserted,
      updated,
      unchanged: rows.length - res.rows.length,
      ids: res.rows.map((x: { id: string }) => x.id),
    };
  }
}
