/** The sites store over PostGIS (server or embedded: the same SQL). */
import type { Knex } from 'knex';
import { knexOf, type Tx } from '../../db/transaction.ts';
import type { PolygonalGeometry } from '../../shared/geo.ts';
import type { CurrentVersion } from '../../shared/versioning.ts';
import { type AuditEntry, recordAudit } from '../audit/audit.store.ts';
import type { SiteDocument } from './documents/documents.schemas.ts';
import { PgSiteDocumentsStore } from './documents/documents.store.pg.ts';
import { SITE_FIELDS, type SiteField } from './site.fields.ts';
import { compileSiteFilter } from './sites.filter.ts';
import type {
  AccessEntry,
  DeletedSites,
  LabourPoolEntry,
  SiteDetail,
  SiteListFeature,
  SiteListQuery,
} from './sites.schemas.ts';
import { LIST_COUNT_CAP, VIEW_COUNT_CAP } from './sites.schemas.ts';
import type {
  DeletedSite,
  SiteAuditRow,
  SiteColumns,
  SitePage,
  SitesStore,
  Visibility,
} from './sites.store.ts';
import * as tomb from './sites.tombstone.pg.ts';

const visibleFields = (vis: Visibility, listOnly: boolean): SiteField[] =>
  SITE_FIELDS.filter((f) => (vis.confidential || f.access === 'public') && (!listOnly || f.list));

const JSON_COLUMNS = new Set(['readiness', 'parcels', 'facts_as_of']);

/** Outlines with more positions than this are simplified in lists (sites.schemas.ts `geometry`). */
export const SIMPLIFY_ABOVE_POSITIONS = 1000;
/** A site's outline as lists send it (`geometry=simplified`), as column `geometry`. */
export const SIMPLIFIED_GEOJSON = `CASE WHEN ST_NPoints(sites.geom) <= ${SIMPLIFY_ABOVE_POSITIONS}
    THEN ST_AsGeoJSON(sites.geom, 6)::json
    ELSE ST_AsGeoJSON(ST_SimplifyPreserveTopology(sites.geom,
      greatest(ST_XMax(sites.geom) - ST_XMin(sites.geom), ST_YMax(sites.geom) - ST_YMin(sites.geom)) / 2000.0), 6)::json
  END as geometry`;
const DEFAULTED_COLUMNS = new Set(SITE_FIELDS.filter((f) => f.dbDefault).map((f) => f.column));

function geomSql(knex: Knex, geometry: PolygonalGeometry): Knex.Raw {
  return knex.raw('ST_Multi(ST_Force2D(ST_SetSRID(ST_GeomFromGeoJSON(?), 4326)))', [
    JSON.stringify(geometry),
  ]);
}

function areaHaSql(knex: Knex, geometry: PolygonalGeometry): Knex.Raw {
  return knex.raw('ST_Area(ST_Transform(ST_SetSRID(ST_GeomFromGeoJSON(?), 4326), 2154)) / 10000.0', [
    JSON.stringify(geometry),
  ]);
}

function toDbValue(db: Knex, column: string, value: unknown): unknown {
  // Clearing a NOT NULL column with a default (labels, published, status…) restores the default.
  if ((value === undefined || value === null) && DEFAULTED_COLUMNS.has(column)) return db.raw('DEFAULT');
  if (value === undefined || value === null) return null;
  if (JSON_COLUMNS.has(column)) return JSON.stringify(value);
  return value;
}

/** A row as a feature of the fields read (`F`: the list's or the detail's shape, which `fields` match). */
function rowToFeature<F extends SiteListFeature>(row: Record<string, unknown>, fields: SiteField[]): F {
  const properties: Record<string, unknown> = {};
  const hideConfidential = row.confidential_hidden === true;
  for (const f of fields) {
    if (hideConfidential && f.access !== 'public') continue;
    const v = row[f.key];
    properties[f.key] = v instanceof Date ? v.toISOString() : (v ?? null);
  }
  return {
    type: 'Feature',
    id: String(row.id),
    geometry: row.geometry as PolygonalGeometry,
    properties,
  } as F;
}

export class PgSitesStore implements SitesStore {
  constructor(
    private readonly knex: Knex,
    /** Lists count up to this many matches unless asked for the exact count. */
    private readonly countCap = LIST_COUNT_CAP,
  ) {}

  private select(db: Knex, fields: SiteField[], vis: Visibility, simplified = false) {
    const limited = vis.confidential && vis.confidentialTerritories !== 'all';
    const territories = limited ? ((vis.confidentialTerritories as string[] | undefined) ?? []) : [];
    // Outside the caller's territories an unpublished site's confidential values never leave
    // the database: NULL in SQL, then the keys dropped (rowToFeature).
    const HIDDEN = 'NOT (sites.published OR coalesce(sites.site_epci_siren = ANY(?::text[]), false))';
    return [
      'sites.id',
      ...fields.map((f) =>
        limited && f.access !== 'public'
          ? db.raw(`CASE WHEN ${HIDDEN} THEN NULL ELSE ?? END as ??`, [
              territories,
              `sites.${f.column}`,
              f.key,
            ])
          : db.raw('?? as ??', [`sites.${f.column}`, f.key]),
      ),
      ...(limited ? [db.raw(`${HIDDEN} as confidential_hidden`, [territories])] : []),
      db.raw(simplified ? SIMPLIFIED_GEOJSON : 'ST_AsGeoJSON(sites.geom, 6)::json as geometry'),
    ];
  }

  async list(query: SiteListQuery, vis: Visibility, opts: { detail?: boolean } = {}): Promise<SitePage> {
    const k = this.knex;
    const fields = visibleFields(vis, !opts.detail);
    // Anonymous callers see published sites whatever `published` asks for.
    const { limit, offset, geometry, withBbox, exactCount, ...filters } = query;
    const filter = compileSiteFilter(vis.unpublished ? filters : { ...filters, published: true }, 'sites');
    const q = k('sites');
    if (filter.sql) q.whereRaw(filter.sql, filter.bindings);
    const cap = filters.bbox ? Math.min(this.countCap, VIEW_COUNT_CAP) : this.countCap;
    // The page is chosen on (site_nom, id) alone, then only its rows are read in full: a
    // window count over the whole select list made PostgreSQL build the GeoJSON of every
    // filtered row before the LIMIT (1M plots: seconds per page). The count runs on its own.
    const page = q
      .clone()
      .select('sites.id', 'sites.site_nom')
      .orderBy([{ column: 'site_nom' }, { column: 'sites.id' }])
      .limit(limit)
      .offset(offset)
      .as('page');
    const [rows, counted] = await Promise.all([
      k
        .from(page)
        .join('sites', 'sites.id', 'page.id')
        .select(this.select(k, fields, vis, !opts.detail && geometry !== 'full'))
        .orderBy([{ column: 'page.site_nom' }, { column: 'page.id' }]) as Promise<
        Array<Record<string, unknown>>
      >,
      // The box of every match (for fitting a map to the results) rides on the count's scan,
      // which stops after cap + 1 rows unless the caller asks for the exact count.
      k
        .from(
          (exactCount
            ? q.clone().select('sites.geom')
            : q
                .clone()
                .select('sites.geom')
                .limit(cap + 1)
          ).as('matched'),
        )
        .select(
          k.raw(
            withBbox
              ? 'count(*) AS n, ST_XMin(ST_Extent(geom)) AS w, ST_YMin(ST_Extent(geom)) AS s, ST_XMax(ST_Extent(geom)) AS e, ST_YMax(ST_Extent(geom)) AS nn'
              : 'count(*) AS n',
          ),
        ) as Promise<Array<{ n: number; w?: number | null; s?: number; e?: number; nn?: number }>>,
    ]);
    const c = counted[0];
    const capped = !exactCount && Number(c.n) > cap;
    const bbox =
      withBbox && !capped && c.w !== null && c.w !== undefined
        ? ([Number(c.w), Number(c.s), Number(c.e), Number(c.nn)] as [number, number, number, number])
        : undefined;
    return {
      features: rows.map((r) => rowToFeature(r, fields)),
      numberMatched: capped ? cap : Number(c.n),
      ...(capped ? { numberMatchedCapped: true as const } : {}),
      ...(bbox ? { bbox } : {}),
    };
  }

  async get(id: string, vis: Visibility, tx?: Tx): Promise<SiteDetail | undefined> {
    const db = knexOf(tx, this.knex);
    const fields = visibleFields(vis, false);
    const q = db('sites')
      .select([
        ...this.select(db, fields, vis),
        'sites.version as lm_version',
        'sites.updated_by as lm_updated_by',
        db.raw(
          '(SELECT coalesce(u.name, u.email) FROM users u WHERE u.id = sites.updated_by) AS lm_updated_by_name',
        ),
      ])
      .where('sites.id', id);
    if (!vis.unpublished) q.where('published', true);
    const row = await q.first();
    if (!row) return undefined;
    const site = rowToFeature<SiteDetail>(row, fields);
    site.properties.version = Number(row.lm_version);
    // Who edited: signed-in callers only.
    if (vis.unpublished) {
      site.properties.updatedBy = row.lm_updated_by
        ? { id: String(row.lm_updated_by), name: row.lm_updated_by_name ?? null }
        : null;
    }
    return site;
  }

  /** Several sites as `get` reads them, by id (import snapshots for the audit log). */
  async getMany(ids: string[], vis: Visibility, tx?: Tx): Promise<Map<string, SiteDetail>> {
    if (ids.length === 0) return new Map();
    const db = knexOf(tx, this.knex);
    const fields = visibleFields(vis, false);
    const rows = await db('sites')
      .select(this.select(db, fields, vis))
      .whereIn('sites.id', ids);
    return new Map(
      rows.map((r: Record<string, unknown>) => [String(r.id), rowToFeature<SiteDetail>(r, fields)]),
    );
  }

  async access(id: string, tx?: Tx): Promise<AccessEntry[]> {
    const db = knexOf(tx, this.knex);
    const rows = await db('site_access as a')
      .leftJoin('site_drive_times as d', function () {
        this.on('d.site_id', '=', 'a.site_id').andOn('d.kind', '=', 'a.kind');
      })
      .select(
        'a.kind',
        'a.name',
        'a.distance_m',
        'a.infrastructure_id',
        'd.car_minutes',
        'd.truck_minutes',
        'd.method',
        'd.name as drive_name',
        'd.infrastructure_id as drive_infrastructure_id',
      )
      .where('a.site_id', id)
      .orderBy('a.kind');
    const minutes = (v: unknown) => (v === null || v === undefined ? null : Math.round(Number(v) * 10) / 10);
    return rows.map((r) => ({
      kind: r.kind as AccessEntry['kind'],
      name: r.name,
      distanceM: Math.round(Number(r.distance_m)),
      infrastructureId: r.infrastructure_id,
      driveMinutes: minutes(r.car_minutes),
      truckMinutes: minutes(r.truck_minutes),
      method: r.method ?? null,
      driveTarget: r.method ? { name: r.drive_name, infrastructureId: r.drive_infrastructure_id } : null,
    }));
  }

  async labourPool(id: string, tx?: Tx): Promise<LabourPoolEntry[]> {
    const db = knexOf(tx, this.knex);
    const rows = await db('site_labour_pool')
      .select('minutes', 'population', 'active', 'unemployed', 'communes', 'method')
      .where('site_id', id)
      .orderBy('minutes');
    return rows.map((r) => ({
      minutes: Number(r.minutes) as LabourPoolEntry['minutes'],
      population: Number(r.population),
      active: Number(r.active),
      unemployed: Number(r.unemployed),
      communes: Number(r.communes),
      method: r.method,
    }));
  }

  documents(id: string, tx?: Tx): Promise<SiteDocument[]> {
    return new PgSiteDocumentsStore(this.knex).list(id, tx);
  }

  async invalidReason(geometry: PolygonalGeometry): Promise<string | null> {
    const r = await this.knex.raw('select ST_IsValidReason(ST_GeomFromGeoJSON(?)) as reason', [
      JSON.stringify(geometry),
    ]);
    const reason = String(r.rows[0].reason);
    return reason === 'Valid Geometry' ? null : reason;
  }

  async insert(tx: Tx, columns: SiteColumns, geometry: PolygonalGeometry): Promise<string> {
    const trx = knexOf(tx, this.knex);
    const values: Record<string, unknown> = {};
    for (const [c, v] of Object.entries(columns)) values[c] = toDbValue(trx, c, v);
    values.geom = geomSql(trx, geometry);
    // Available surface defaults to the polygon's own area.
    if (values.site_surf_comm_dispo === null || values.site_surf_comm_dispo === undefined) {
      values.site_surf_comm_dispo = areaHaSql(trx, geometry);
    }
    const [row] = await trx('sites').insert(values).returning('id');
    return String(row.id);
  }

  async update(tx: Tx, id: string, columns: SiteColumns, geometry?: PolygonalGeometry): Promise<void> {
    const trx = knexOf(tx, this.knex);
    const values: Record<string, unknown> = { updated_at: trx.fn.now() };
    for (const [c, v] of Object.entries(columns)) values[c] = toDbValue(trx, c, v);
    if (geometry) values.geom = geomSql(trx, geometry);
    if ('site_surf_comm_dispo' in values && values.site_surf_comm_dispo === null) {
      values.site_surf_comm_dispo = geometry ? areaHaSql(trx, geometry) : trx.raw('area_ha');
    }
    await trx('sites').update(values).where('id', id);
  }

  lockVersion(tx: Tx, id: string): Promise<CurrentVersion | undefined> {
    return tomb.lockVersion(knexOf(tx, this.knex), id);
  }

  softDelete(tx: Tx, id: string, by: string | null): Promise<void> {
    return tomb.softDelete(knexOf(tx, this.knex), id, by);
  }

  restore(tx: Tx, id: string, by: string | null): Promise<void> {
    return tomb.restore(knexOf(tx, this.knex), id, by);
  }

  deleted(id: string, tx?: Tx): Promise<DeletedSite | undefined> {
    return tomb.deletedSite(knexOf(tx, this.knex), id, tx !== undefined);
  }

  listDeleted(territories: 'all' | string[]): Promise<DeletedSites['features']> {
    return tomb.listDeleted(this.knex, territories);
  }

  async siteWithSource(tx: Tx, source: string, sourceId: string): Promise<string | undefined> {
    const row = await knexOf(tx, this.knex)('sites').first('id').where({ source, source_id: sourceId });
    return row ? String(row.id) : undefined;
  }

  auditRows(id: string): Promise<SiteAuditRow[]> {
    return tomb.auditRows(this.knex, id);
  }

  async recordAudit(entry: AuditEntry, tx: Tx): Promise<void> {
    await recordAudit(knexOf(tx, this.knex), entry);
  }
}
