/**
 * How imported infrastructure points reach the `infrastructure` table (the importers and the
 * road-graph import hand their rows here): one multi-row upsert per batch on (source, source_id).
 * A row is only rewritten when one of its columns differs (`IS DISTINCT FROM`), so re-importing
 * the same file touches nothing; `xmax = 0` in RETURNING tells a fresh insert from an update.
 * The whole batch travels as one jsonb parameter (no 65,535-parameter limit, one round trip).
 */
import type { Knex } from 'knex';
import type { InfrastructureKind, SizeClass } from './infrastructure.schemas.ts';

/** One row of the `infrastructure` table, before it is written. Points only. */
export interface InfrastructureRow {
  kind: InfrastructureKind;
  name: string;
  source: string;
  sourceId: string;
  sourceUrl: string | null;
  voltageKv: number | null;
  sizeClass: SizeClass | null;
  operator: string | null;
  attrs: Record<string, unknown>;
  lon: number;
  lat: number;
}

export interface InfrastructureBatchResult {
  inserted: number;
  updated: number;
  unchanged: number;
  /** One entry per inserted or updated row. */
  changed: Array<{
    id: string;
    kind: InfrastructureKind;
    previousKind: InfrastructureKind | null;
    /** [minLon, minLat, maxLon, maxLat] over the new and the previous position. */
    bbox: [number, number, number, number];
  }>;
}

const UPSERT_SQL = `
WITH input AS (
  SELECT * FROM jsonb_to_recordset(?::jsonb) AS t(
    kind text, name text, source text, source_id text, source_url text, voltage_kv double precision,
    size_class text, operator text, attrs jsonb, lon double precision, lat double precision)
),
previous AS (
  SELECT i.source, i.source_id, i.kind, i.geom
  FROM infrastructure i JOIN input t ON i.source = t.source AND i.source_id = t.source_id
),
up AS (
  INSERT INTO infrastructure AS i (kind, name, source, source_id, source_url, voltage_kv, size_class, operator, attrs, geom)
  SELECT kind, name, source, source_id, source_url, voltage_kv, size_class, operator, attrs,
         ST_SetSRID(ST_MakePoint(lon, lat), 4326)
  FROM input
  ON CONFLICT (source, source_id) DO UPDATE SET
    kind = excluded.kind, name = excluded.name, source_url = excluded.source_url,
    voltage_kv = excluded.voltage_kv, size_class = excluded.size_class, operator = excluded.operator,
    attrs = excluded.attrs, geom = excluded.geom, updated_at = now()
  WHERE (i.kind, i.name, i.source_url, i.voltage_kv, i.size_class, i.operator, i.attrs, i.geom)
    IS DISTINCT FROM
        (excluded.kind, excluded.name, excluded.source_url, excluded.voltage_kv, excluded.size_class,
         excluded.operator, excluded.attrs, excluded.geom)
  RETURNING i.id, i.source, i.source_id, i.kind, (i.xmax = 0) AS inserted, i.geom
)
SELECT up.id, up.inserted, up.kind, p.kind AS previous_kind,
       ST_XMin(e) AS xmin, ST_YMin(e) AS ymin, ST_XMax(e) AS xmax, ST_YMax(e) AS ymax
FROM up
LEFT JOIN previous p ON p.source = up.source AND p.source_id = up.source_id
CROSS JOIN LATERAL (SELECT ST_Envelope(ST_Collect(up.geom, p.geom))::box2d AS e) env`;

interface UpsertResultRow {
  id: string;
  inserted: boolean;
  kind: InfrastructureKind;
  previous_kind: InfrastructureKind | null;
  xmin: number;
  ymin: number;
  xmax: number;
  ymax: number;
}

export class InfrastructureImportWriter {
  /**
   * Upserts one batch (no two rows may share source + sourceId).
   * @example await new InfrastructureImportWriter().upsert(trx, rows) // { inserted: 3, updated: 0, unchanged: 0, changed: [...] }
   */
  async upsert(db: Knex | Knex.Transaction, rows: InfrastructureRow[]): Promise<InfrastructureBatchResult> {
    if (rows.length === 0) return { inserted: 0, updated: 0, unchanged: 0, changed: [] };
    const payload = rows.map((r) => ({
      kind: r.kind,
      name: r.name,
      source: r.source,
      source_id: r.sourceId,
      source_url: r.sourceUrl,
      voltage_kv: r.voltageKv,
      size_class: r.sizeClass,
      operator: r.operator,
      attrs: r.attrs,
      lon: r.lon,
      lat: r.lat,
    }));
    const res = await db.raw<{ rows: UpsertResultRow[] }>(UPSERT_SQL, [JSON.stringify(payload)]);
    let inserted = 0;
    const changed: InfrastructureBatchResult['changed'] = [];
    for (const r of res.rows) {
      if (r.inserted) inserted++;
      changed.push({
        id: r.id,
        kind: r.kind,
        previousKind: r.previous_kind,
        bbox: [Number(r.xmin), Number(r.ymin), Number(r.xmax), Number(r.ymax)],
      });
    }
    const updated = res.rows.length - inserted;
    return { inserted, updated, unchanged: rows.length - res.rows.length, changed };
  }
}
