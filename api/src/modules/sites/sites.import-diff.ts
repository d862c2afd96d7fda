/**
 * What an import would do to the sites it names, field by field, without writing: for each
 * row, the existing site (same source and source id) and, per field the file carries, the
 * current value, the file's value as the writer would store it, and whether the current value
 * was edited by hand since the site's last import (it differs from `import_baseline`, migration
 * 0012). Used by the import review (preview and commit). Values are compared as `to_jsonb`
 * gives them on both sides, so types (numeric scale, dates, arrays) compare alike; outlines are
 * compared by the MD5 of their WKB and reported as areas (ha).
 */
import type { Knex } from 'knex';
import { SITE_FIELDS } from './site.fields.ts';
import { baselineOf, type SiteImportRow, siteRecordset } from './sites.import-writer.ts';

/** A field the file would change on an existing site. */
export interface SiteFieldDiff {
  /** Field key of site.fields.ts, or 'geometry' (values are then areas in ha). */
  field: string;
  before: unknown;
  after: unknown;
  /** The current value differs from the value the last import brought. */
  handEdited: boolean;
}

export interface SiteRowDiff {
  /** The existing site, or null when the row would create one. */
  siteId: string | null;
  currentName: string | null;
  /** The existing site's territory (EPCI/EPT SIREN). */
  territory: string | null;
  changes: SiteFieldDiff[];
}

/** Columns reported as fields (département and région follow the commune and are not listed). */
const KEY_OF_COLUMN = new Map(SITE_FIELDS.filter((f) => !f.readOnly).map((f) => [f.column, f.key]));

/** Equality of two JSON values, key order aside. */
export function sameJson(a: unknown, b: unknown): boolean {
  return stable(a ?? null) === stable(b ?? null);
}
function stable(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(stable).join(',')}]`;
  if (v && typeof v === 'object')
    return `{${Object.keys(v)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${stable((v as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  return JSON.stringify(v);
}

/**
 * Diffs rows against the sites they would write, in row order.
 * @example const [d] = await diffSiteImportRows(trx, [row]); d.changes // [{ field: 'name', before, after, handEdited }]
 */
export async function diffSiteImportRows(db: Knex, rows: SiteImportRow[]): Promise<SiteRowDiff[]> {
  if (rows.length === 0) return [];
  const rs = await siteRecordset(db, rows);
  const res = await db.raw<{
    rows: Array<{
      ord: number;
      site_id: string | null;
      current_name: string | null;
      territory: string | null;
      baseline: Record<string, unknown> | null;
      incoming: Record<string, unknown>;
      current: Record<string, unknown> | null;
      incoming_area: number;
      current_area: number | null;
    }>;
  }>(
    `SELECT v.ord, s.id::text AS site_id, s.site_nom AS current_name, s.site_epci_siren AS territory,
       s.import_baseline AS baseline, ${baselineOf(rs)} AS incoming,
       CASE WHEN s.id IS NULL THEN NULL ELSE
         coalesce((SELECT jsonb_object_agg(e.key, e.value) FROM jsonb_each(to_jsonb(s)) e
                   WHERE e.key = ANY(?::text[])), '{}'::jsonb)
         || jsonb_build_object('geom', md5(ST_AsBinary(s.geom))) END AS current,
       round((ST_Area(ST_Transform(${rs.geometry}, 2154)) / 10000.0)::numeric, 2)::float8 AS incoming_area,
       round(s.area_ha::numeric, 2)::float8 AS current_area
     FROM jsonb_to_recordset(?::jsonb) AS v(${rs.def})
     LEFT JOIN sites s ON s.source = v.source AND s.source_id = v.source_id
     ORDER BY v.ord`,
    [rs.columns, rs.payload],
  );
  return res.rows.map((r) => {
    const changes: SiteFieldDiff[] = [];
    if (r.current) {
      const current = r.current;
      const baseline = r.baseline;
      for (const column of [...rs.columns, 'geom']) {
        const field = column === 'geom' ? 'geometry' : KEY_OF_COLUMN.get(column);
        if (!field || sameJson(current[column], r.incoming[column])) continue;
        // Without a recorded import value, any value the site holds was set by hand.
        const handEdited =
          baseline && column in baseline
            ? !sameJson(current[column], baseline[column])
            : current[column] !== null && current[column] !== undefined;
        changes.push(
          column === 'geom'
            ? { field, before: r.current_area, after: r.incoming_area, handEdited }
            : { field, before: current[column] ?? null, after: r.incoming[column] ?? null, handEdited },
        );
      }
    }
    return { siteId: r.site_id, currentName: r.current_name, territory: r.territory, changes };
  });
}

/**
 * The last hand edit of a site's field in the audit log (`create`/`update`/`restore` rows whose
 * snapshots differ on it), with its author.
 */
export async function lastHandEdit(
  db: Knex,
  siteId: string,
  field: string,
): Promise<{ at: string; by: { id: string; name: string | null } | null } | null> {
  const path = field === 'geometry' ? ['geometry'] : ['properties', field];
  const row = await db('audit_log as a')
    .leftJoin('users as u', 'u.id', 'a.user_id')
    .select('a.at', 'u.id as user_id', 'u.name', 'u.email')
    .where({ 'a.entity': 'site', 'a.entity_id': siteId })
    .whereNot('a.action', 'import')
    .whereRaw('(a.before #> ?::text[]) IS DISTINCT FROM (a.after #> ?::text[])', [path, path])
    .orderBy([
      { column: 'a.at', order: 'desc' },
      { column: 'a.id', order: 'desc' },
    ])
    .first();
  if (!row) return null;
  return {
    at: new Date(row.at).toISOString(),
    by: row.user_id ? { id: String(row.user_id), name: row.name ?? row.email ?? null } : null,
  };
}
