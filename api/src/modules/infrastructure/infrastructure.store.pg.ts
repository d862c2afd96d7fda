/**
 * Reads of the `infrastructure` table as GeoJSON features (the HTTP list and the OGC
 * collection); rows are written by `infrastructure.import-writer.ts`.
 */
import type { Knex } from 'knex';
import type {
  InfrastructureFeature,
  InfrastructureKind,
  InfrastructureQuery,
  SizeClass,
} from './infrastructure.schemas.ts';

const COLUMNS = [
  'id',
  'kind',
  'name',
  'voltage_kv',
  'size_class',
  'operator',
  'source',
  'source_id',
  'source_url',
  'attrs',
] as const;

const selectColumns = (knex: Knex) => [...COLUMNS, knex.raw('ST_AsGeoJSON(geom, 6)::json as geometry')];

function rowToFeature(r: Record<string, unknown>): InfrastructureFeature {
  return {
    type: 'Feature',
    id: String(r.id),
    geometry: r.geometry as InfrastructureFeature['geometry'],
    properties: {
      kind: r.kind as InfrastructureKind,
      name: r.name as string | null,
      voltageKv: r.voltage_kv as number | null,
      sizeClass: r.size_class as SizeClass | null,
      operator: r.operator as string | null,
      source: r.source as string,
      sourceId: r.source_id as string,
      sourceUrl: r.source_url as string | null,
      attrs: r.attrs as Record<string, unknown> | null,
    },
  };
}

export async function listInfrastructure(
  knex: Knex,
  q: InfrastructureQuery,
): Promise<{ features: InfrastructureFeature[]; numberMatched: number }> {
  const base = knex('infrastructure').where((w) => {
    if (q.kind) w.whereIn('kind', q.kind);
    if (q.bbox) w.whereRaw('geom && ST_MakeEnvelope(?, ?, ?, ?, 4326)', q.bbox);
    if (q.minVoltageKv !== undefined) w.where('voltage_kv', '>=', q.minVoltageKv);
  });
  const rows = await base
    .clone()
    .select(...selectColumns(knex), knex.raw('count(*) over () as total'))
    .orderBy(['kind', 'name', 'id'])
    .limit(q.limit)
    .offset(q.offset);
  const features = rows.map(rowToFeature);
  // The window count rides on the rows: a page past the end has none, so count separately.
  let numberMatched = rows.length ? Number(rows[0].total) : 0;
  if (rows.length === 0 && q.offset > 0) {
    const c = await base.clone().count<{ n: number }[]>({ n: '*' });
    numberMatched = Number(c[0].n);
  }
  return { features, numberMatched };
}

/** One feature by id, with the properties of the list. */
export async function getInfrastructure(knex: Knex, id: string): Promise<InfrastructureFeature | undefined> {
  const r = await knex('infrastructure').select(selectColumns(knex)).where('id', id).first();
  return r ? rowToFeature(r) : undefined;
}
