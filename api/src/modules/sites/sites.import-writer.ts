/**
 * How imported sites reach the `sites` table. The import runner (module `import`) parses and
 * validates rows, then hands batches to a `SiteImportWriter` inside its transaction; this
 * module owns the port and its implementation, `SitesImportWriter` (required fields, region and
 * département derivation).
 *
 * The implementation: one statement per batch, the whole batch bound as a single JSON
 * parameter and unpacked by `jsonb_to_recordset` (fast on both engines, no per-row round
 * trips), each outline as hex EWKB (`outlineEwkb`: no GeoJSON parse in the database) decoded
 * once per row. Keyed on (source, source_id); a row whose values did not change is left alone
 * (`IS DISTINCT FROM`), so re-importing a file changes nothing. Each batch also records the
 * values the file brought as the sites' import baseline (`import_baseline`, migration 0012:
 * what `sites.import-diff.ts` compares with to tell hand edits), and, when the caller names
 * who imports (`audit`), writes one audit row per site it created or changed with before/after
 * snapshots, in the same statement: the snapshots are built by the database (`snapshotSql`,
 * the JSON `GET /api/sites/:id` gives an admin) instead of being read into the process,
 * serialised and sent back. A row may name fields to `keep`: their current values stay (a
 * conflict the user resolved in favour of the hand edit) while the baseline still takes the
 * file's value.
 */
import type { Knex } from 'knex';
import { FORMULA_MESSAGE, looksLikeFormula } from '../../shared/csv.ts';
import type { MultiPolygonGeometry } from '../../shared/geo.ts';
import { departmentOfCommune } from '../../shared/regions.ts';
import { propertiesToColumns } from './site.columns.ts';
import { FIELD_BY_KEY, SITE_FIELDS } from './site.fields.ts';
import type { SiteDetail } from './sites.schemas.ts';

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

/** Who an import's audit rows name (`audit_log`: one row per site created or changed). */
export interface SiteImportAudit {
  userId: string | null;
  requestId: string | null;
}

export interface SiteBatchResult {
  inserted: number;
  updated: number;
  unchanged: number;
  /** Ids of the inserted or updated sites. */
  ids: string[];
  /**
   * Snapshots of those sites before and after the batch, from a writer that leaves the audit
   * log to its caller (the runner hands them to `onSitesWritten`). `SitesImportWriter` writes
   * the audit rows itself when given `audit`, and returns none.
   */
  changes?: SiteWriteChange[];
}

/** The port the import runner writes sites through (a test double stands in for it in import tests). */
export interface SiteImportWriter {
  /**
   * Optional row checks before writing (e.g. unknown commune): returned indexes point into
   * `rows` and are reported with their file lines as invalid rows.
   */
  check?(trx: Knex.Transaction, rows: SiteImportRow[]): Promise<Array<{ index: number; reason: string }>>;
  /**
   * Upserts on (source, source_id); must write nothing else outside `trx`. With `audit`, one
   * audit row per site created or changed (action 'import', before/after snapshots) goes in
   * with the batch.
   */
  upsert(
    trx: Knex.Transaction,
    rows: SiteImportRow[],
    opts?: { audit?: SiteImportAudit },
  ): Promise<SiteBatchResult>;
}

let columnTypes: { writable: Map<string, string>; all: Map<string, string> } | undefined;

/** The pg type of every `sites` column (`all`) and of the writable ones, read once from the catalogue. */
async function sitesColumns(db: Knex): Promise<{ writable: Map<string, string>; all: Map<string, string> }> {
  if (!columnTypes) {
    const r = await db.raw(
      `SELECT a.attname AS name, format_type(a.atttypid, a.atttypmod) AS type, a.attgenerated <> '' AS generated
       FROM pg_attribute a WHERE a.attrelid = 'sites'::regclass AND a.attnum > 0 AND NOT a.attisdropped`,
    );
    const rows = r.rows as Array<{ name: string; type: string; generated: boolean }>;
    columnTypes = {
      writable: new Map(rows.filter((x) => !x.generated).map((x) => [x.name, x.type])),
      all: new Map(rows.map((x) => [x.name, x.type])),
    };
  }
  return columnTypes;
}

const NEVER_IMPORTED = new Set(['id', 'geom', 'created_at', 'updated_at', 'import_baseline', 'imported_at']);

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
 * `outline: 'ewkb'` carries each outline as hex EWKB (`v.wkb`) instead of GeoJSON (`v.geometry`).
 */
export interface SiteRecordset {
  columns: string[];
  def: string;
  values: string[];
  geometry: string;
  payload: string;
}

/** The stored outline of a row: 2D MultiPolygon, SRID 4326, from its GeoJSON or its EWKB. */
const GEOMETRY_FROM_GEOJSON = 'ST_Multi(ST_Force2D(ST_SetSRID(ST_GeomFromGeoJSON(v.geometry::text), 4326)))';
const GEOMETRY_FROM_EWKB = "ST_GeomFromEWKB(decode(v.wkb, 'hex'))";

/** Each column's stored value over `v`, `geometry` standing for the row's outline. */
function columnValues(columns: string[], geometry: string): string[] {
  return columns.map((c) =>
    c === 'site_surf_comm_dispo'
      ? `coalesce(v."${c}", ST_Area(ST_Transform(${geometry}, 2154)) / 10000.0)`
      : c === 'readiness'
        ? `coalesce(v."${c}", '[]'::jsonb)`
        : c === 'labels' || c === 'illustrative_fields'
          ? `coalesce(v."${c}", '{}')`
          : c === 'published'
            ? `coalesce(v."${c}", false)`
            : `v."${c}"`,
  );
}

export async function siteRecordset(
  db: Knex,
  rows: SiteImportRow[],
  outline: 'geojson' | 'ewkb' = 'geojson',
): Promise<SiteRecordset> {
  const types = (await sitesColumns(db)).writable;
  const records = rows.map((r) => propertiesToColumns(r.properties));
  // The available surface is always written: absent, it defaults to the polygon's area.
  const present = new Set<string>(['site_surf_comm_dispo']);
  for (const r of records) for (const k in r) present.add(k);
  const columns = [...present].filter((c) => c !== 'geometry' && types.has(c) && !NEVER_IMPORTED.has(c));
  const ewkb = outline === 'ewkb';
  const def = [
    ...columns.map((c) => `"${c}" ${types.get(c)}`),
    ewkb ? 'wkb text' : 'geometry jsonb',
    'ord integer',
    'keep text[]',
  ].join(', ');
  // The area default reads the outline as the GeoJSON path always did: ST_Multi/ST_Force2D
  // leave a 2D outline's area alone, so both forms give the same value.
  const values = columnValues(
    columns,
    ewkb ? GEOMETRY_FROM_EWKB : 'ST_SetSRID(ST_GeomFromGeoJSON(v.geometry::text), 4326)',
  );
  const payload = records.map((r, i) => {
    const o: Record<string, unknown> = ewkb
      ? { wkb: outlineEwkb(rows[i].geometry), ord: i }
      : { geometry: rows[i].geometry, ord: i };
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
    geometry: ewkb ? GEOMETRY_FROM_EWKB : GEOMETRY_FROM_GEOJSON,
    payload: JSON.stringify(payload),
  };
}

/**
 * The baseline a recordset's rows record: each column's value as the file brings it, the
 * outline as the MD5 of its WKB (as `to_jsonb` of the stored row would give them).
 */
export const baselineOf = (rs: SiteRecordset): string =>
  baselineSql(rs.columns, (_, i) => rs.values[i], rs.geometry);

/** The baseline JSON of `columns` (each one's stored value as SQL) and an outline. */
function baselineSql(
  columns: string[],
  valueSql: (column: string, i: number) => string,
  geometry: string,
): string {
  return jsonbObject([
    ...columns.map((c, i): JsonbPair => [c, valueSql(c, i)]),
    ['geom', `md5(ST_AsBinary(${geometry}))`],
  ]);
}

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

const EWKB_CACHE = new WeakMap<MultiPolygonGeometry, string>();

/**
 * An outline as hex EWKB (little-endian, SRID 4326, 2D MultiPolygon): the geometry PostGIS
 * builds from its GeoJSON (`ST_Multi(ST_Force2D(ST_SetSRID(ST_GeomFromGeoJSON(…), 4326)))`),
 * ordinate for ordinate, without a JSON parse in the database. −0 is written as 0, as its JSON
 * would be. Cached per geometry object: the runner's validity check and the writer share it.
 * @example outlineEwkb({ type: 'MultiPolygon', coordinates: [] }) // '0106000020e610000000000000'
 */
export function outlineEwkb(geometry: MultiPolygonGeometry): string {
  const cached = EWKB_CACHE.get(geometry);
  if (cached) return cached;
  const polygons = geometry.coordinates;
  let size = 13;
  for (const polygon of polygons) {
    size += 9;
    for (const ring of polygon) size += 4 + 16 * ring.length;
  }
  const buf = Buffer.allocUnsafe(size);
  buf.writeUInt8(1, 0);
  buf.writeUInt32LE(0x20000006, 1); // MultiPolygon with an SRID
  buf.writeUInt32LE(4326, 5);
  buf.writeUInt32LE(polygons.length, 9);
  let at = 13;
  for (const polygon of polygons) {
    buf.writeUInt8(1, at);
    buf.writeUInt32LE(3, at + 1); // Polygon
    buf.writeUInt32LE(polygon.length, at + 5);
    at += 9;
    for (const ring of polygon) {
      buf.writeUInt32LE(ring.length, at);
      at += 4;
      for (const p of ring) {
        // `+ 0` turns −0 into 0 (JSON writes −0 as 0).
        buf.writeDoubleLE(p[0] + 0, at);
        buf.writeDoubleLE(p[1] + 0, at + 8);
        at += 16;
      }
    }
  }
  const hex = buf.toString('hex');
  EWKB_CACHE.set(geometry, hex);
  return hex;
}

/** A key of a jsonb object (a constant of this module, never input) and its value as SQL. */
type JsonbPair = [key: string, valueSql: string];

/**
 * jsonb's own order of an object's keys: shorter first, then byte by byte.
 * @example ['geom', 'id', 'name'].sort((a, b) => jsonbKeyOrder(a, b)) // ['id', 'geom', 'name']
 */
export function jsonbKeyOrder(a: string, b: string): number {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length - y.length || Buffer.compare(x, y);
}

/**
 * A jsonb object of `[key, value]` pairs, in chunks joined by `||` (jsonb_build_object takes
 * at most 100 arguments). jsonb keeps an object's keys sorted, and sorts them whenever it
 * builds or concatenates one: the pairs go in that order, chunk after chunk, so each of those
 * sorts finds its input already sorted and ends after one pass (the key sort was a quarter of
 * the snapshot's cost in a CPU profile of an import). The object is the same in any order.
 */
function jsonbObject(pairs: JsonbPair[]): string {
  const sorted = [...pairs].sort((a, b) => jsonbKeyOrder(a[0], b[0]));
  const chunks: string[] = [];
  for (let i = 0; i < sorted.length; i += 40)
    chunks.push(
      `jsonb_build_object(${sorted
        .slice(i, i + 40)
        .map(([k, v]) => `'${k}', ${v}`)
        .join(', ')})`,
    );
  return chunks.join(' || ');
}

/** `timestamptz` as `Date.toISOString()` writes it (milliseconds, UTC); infinite ones as null, like JSON. */
const isoTimestamp = (c: string) =>
  `CASE WHEN isfinite(${c}) THEN to_char(${c} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') END`;

/**
 * The JSON value of a column as `PgSitesStore.getMany` + `JSON.stringify` give it: numbers that
 * are not finite become null, timestamps ISO strings; the other types map alike.
 */
function snapshotValue(column: string, type: string): string {
  if (type === 'double precision' || type === 'real')
    return `CASE WHEN ${column} - ${column} = 0 THEN ${column} END`;
  if (type === 'timestamp with time zone') return isoTimestamp(column);
  if (['text', 'boolean', 'integer', 'smallint', 'date', 'jsonb', 'text[]', 'uuid'].includes(type))
    return column;
  throw new Error(`site snapshot: no JSON mapping for column type ${type}`);
}

/**
 * A site as `GET /api/sites/:id` shows it to an admin (`PgSitesStore.getMany` with every
 * field), as one jsonb built by the database from the row `alias`: the audit log's before and
 * after snapshots of an import. Equal, value for value, to the JSON the process built from
 * the same row (sites.import-writer.test.ts compares them).
 */
export function snapshotSql(alias: string, types: Map<string, string>): string {
  const pairs = SITE_FIELDS.map((f): JsonbPair => {
    const type = types.get(f.column);
    if (!type) throw new Error(`site snapshot: no column ${f.column}`);
    return [f.key, snapshotValue(`${alias}."${f.column}"`, type)];
  });
  return `jsonb_build_object('type', 'Feature', 'id', ${alias}.id::text, 'geometry', ST_AsGeoJSON(${alias}.geom, 6)::jsonb,
    'properties', ${jsonbObject(pairs)})`;
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

  async upsert(
    trx: Knex.Transaction,
    rows: SiteImportRow[],
    opts: { audit?: SiteImportAudit } = {},
  ): Promise<SiteBatchResult> {
    if (rows.length === 0) return { inserted: 0, updated: 0, unchanged: 0, ids: [] };
    const rs = await siteRecordset(trx, rows, 'ewkb');
    const keeping = rows.some((r) => r.keep && r.keep.length > 0);
    const audit = opts.audit;
    // The batch, once: each outline decoded and each stored value computed a single time
    // (MATERIALIZED, and OFFSET 0 so the planner does not copy the outline's expression into
    // every place that reads it), then read by the upsert, the baseline and the audit rows.
    const values = columnValues(rs.columns, 'v.g');
    const withInput = `WITH x AS MATERIALIZED (
        SELECT v.ord, v.keep, ${values.map((e, i) => `${e} AS "${rs.columns[i]}"`).join(', ')}, v.g AS geom
        FROM (SELECT v.*, ${GEOMETRY_FROM_EWKB} AS g FROM jsonb_to_recordset(?::jsonb) AS v(${rs.def}) OFFSET 0) v)`;
    const all = [...rs.columns, 'geom'];
    // The file's values as the baseline records them, read from the batch's computed values.
    const baseline = baselineSql(rs.columns, (c) => `x."${c}"`, 'x.geom');
    // A kept column takes the existing site's value (`cur`), the others the file's.
    const kept = (column: string) =>
      keeping
        ? `CASE WHEN '${column}' = ANY(x.keep) THEN cur."${column}" ELSE x."${column}" END`
        : `x."${column}"`;
    const types = (await sitesColumns(trx)).all;
    // `sites.version` grows by the row trigger of migration 0011 on every changed row. The
    // file's values become the baseline in the same write (kept fields included: the next
    // import asks again), so a created or changed site is written once, not twice.
    const upsert = `w AS (
      INSERT INTO sites (${all.map((c) => `"${c}"`).join(', ')}, import_baseline, imported_at)
      SELECT ${all.map(kept).join(', ')}, ${baseline}, now()
      FROM x${keeping ? ' LEFT JOIN sites cur ON cur.source = x.source AND cur.source_id = x.source_id' : ''}
      ORDER BY x.ord
      ON CONFLICT (source, source_id) WHERE source_id IS NOT NULL
      DO UPDATE SET ${all.map((c) => `"${c}" = EXCLUDED."${c}"`).join(', ')}, updated_at = now(),
        import_baseline = coalesce(sites.import_baseline, '{}'::jsonb) || EXCLUDED.import_baseline, imported_at = now()
      WHERE (${all.map((c) => `sites."${c}"`).join(', ')}) IS DISTINCT FROM (${all.map((c) => `EXCLUDED."${c}"`).join(', ')})
      RETURNING sites.id, (sites.xmax = 0) AS inserted, sites.source, sites.source_id${audit ? `, ${snapshotSql('sites', types)} AS snap` : ''})`;
    // Every part of one statement reads the rows as they were before it: `s` is the site as the
    // batch found it (the before snapshot of a changed site).
    const auditRows = audit
      ? `, a AS (
      INSERT INTO audit_log (user_id, action, entity, entity_id, before, after, request_id)
      SELECT ?::uuid, 'import', 'site', w.id::text, CASE WHEN s.id IS NULL THEN NULL ELSE ${snapshotSql('s', types)} END, w.snap, ?::text
      FROM w JOIN x ON x.source = w.source AND x.source_id = w.source_id
      LEFT JOIN sites s ON s.id = w.id AND NOT w.inserted
      ORDER BY x.ord)`
      : '';
    const res = await trx.raw<{ rows: Array<{ id: string; inserted: boolean }> }>(
      `${withInput}, ${upsert}${auditRows}
      SELECT w.id::text AS id, w.inserted FROM w JOIN x ON x.source = w.source AND x.source_id = w.source_id ORDER BY x.ord`,
      audit ? [rs.payload, audit.userId, audit.requestId] : [rs.payload],
    );
    // Unchanged rows whose baseline is not the file's yet (e.g. seeded sites, or a hand value
    // kept): the baseline alone is written. Skipped when every row was created or changed.
    if (res.rows.length < rows.length) {
      await trx.raw(
        `${withInput}
         UPDATE sites s SET import_baseline = coalesce(s.import_baseline, '{}'::jsonb) || y.b, imported_at = now()
         FROM (SELECT x.source, x.source_id, ${baseline} AS b FROM x) y
         WHERE s.source = y.source AND s.source_id = y.source_id
           AND s.import_baseline IS DISTINCT FROM coalesce(s.import_baseline, '{}'::jsonb) || y.b`,
        [rs.payload],
      );
    }
    const ids = res.rows.map((x) => x.id);
    const inserted = res.rows.filter((x) => x.inserted).length;
    return { inserted, updated: res.rows.length - inserted, unchanged: rows.length - res.rows.length, ids };
  }
}
