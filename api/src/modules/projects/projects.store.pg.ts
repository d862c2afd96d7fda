/** The projects store over PostGIS (server or embedded: the same SQL). */
import type { Knex } from 'knex';
import { knexOf, type Tx } from '../../db/transaction.ts';
import { type AuditEntry, recordAudit } from '../audit/audit.store.ts';
import type { Actor } from '../auth/auth.types.ts';
import { SITE_FIELDS } from '../sites/site.fields.ts';
import type { LabourPoolEntry } from '../sites/sites.store.ts';
import type { PlotGeometry } from './pdf/shortlist-document.ts';
import { whereVisible } from './projects.access.ts';
import type { Project, ProjectListQuery, ProjectStatus, StatusChange } from './projects.schemas.ts';
import type {
  AccessEntry,
  LiveSite,
  MapContext,
  NearbyInfrastructure,
  NewShortlistRow,
  NewStatusChange,
  ObservatoryRow,
  ProjectColumns,
  ProjectsStore,
  ShortlistRow,
} from './projects.store.ts';

/** Neighbouring plots drawn on a PDF mini-map: within this distance, at most this many. */
export const NEIGHBOUR_RADIUS_M = 2000;
export const NEIGHBOUR_LIMIT = 15;

const iso = (v: unknown): string => (v instanceof Date ? v.toISOString() : String(v));
const json = <T>(v: unknown): T => (typeof v === 'string' ? JSON.parse(v) : v) as T;

const PROJECT_COLUMNS = [
  'id',
  'name',
  'company',
  'sector',
  'origin_country',
  'jobs',
  'investment_eur',
  'contact',
  'needs',
  'notes',
  'status',
  'loss_reason',
  'loss_note',
  'status_changed_at',
  'owner_organisation',
  'owner_territories',
  'created_by',
  'created_at',
  'updated_at',
  'version',
  'shortlist_version',
  'updated_by',
  'deleted_at',
].map((c) => `projects.${c}`);
/** The last writer's display name, next to PROJECT_COLUMNS. */
const UPDATED_BY_NAME =
  '(SELECT coalesce(u.name, u.email) FROM users u WHERE u.id = projects.updated_by) AS updated_by_name';

function rowToProject(r: Record<string, unknown>): Project {
  return {
    id: String(r.id),
    name: String(r.name),
    company: (r.company as string | null) ?? null,
    sector: r.sector as Project['sector'],
    originCountry: (r.origin_country as string | null) ?? null,
    jobs: r.jobs === null || r.jobs === undefined ? null : Number(r.jobs),
    investmentEur:
      r.investment_eur === null || r.investment_eur === undefined ? null : Number(r.investment_eur),
    contact: r.contact ? json(r.contact) : null,
    needs: r.needs ? json(r.needs) : null,
    notes: (r.notes as string | null) ?? null,
    status: r.status as ProjectStatus,
    lossReason: (r.loss_reason as Project['lossReason']) ?? null,
    lossNote: (r.loss_note as string | null) ?? null,
    statusChangedAt: iso(r.status_changed_at),
    ownerOrganisation: (r.owner_organisation as string | null) ?? null,
    territories: (r.owner_territories as string[] | null) ?? [],
    createdBy: (r.created_by as string | null) ?? null,
    createdAt: iso(r.created_at),
    updatedAt: iso(r.updated_at),
    shortlistCount: Number(r.shortlist_count ?? 0),
    version: Number(r.version),
    shortlistVersion: Number(r.shortlist_version),
    updatedBy: r.updated_by
      ? { id: String(r.updated_by), name: (r.updated_by_name as string | null) ?? null }
      : null,
    deletedAt: r.deleted_at ? iso(r.deleted_at) : null,
  };
}

function toDbValues(columns: ProjectColumns): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [c, v] of Object.entries(columns)) {
    if (v === undefined) continue;
    out[c] = (c === 'contact' || c === 'needs') && v !== null ? JSON.stringify(v) : v;
  }
  return out;
}

export class PgProjectsStore implements ProjectsStore {
  constructor(private readonly knex: Knex) {}

  private shortlistCount(db: Knex) {
    return db.raw(
      '(SELECT count(*) FROM shortlist_items si WHERE si.project_id = projects.id)::int AS shortlist_count',
    );
  }

  async insert(tx: Tx, columns: ProjectColumns): Promise<string> {
    const [row] = await knexOf(tx, this.knex)('projects').insert(toDbValues(columns)).returning('id');
    return String(row.id);
  }

  async update(tx: Tx, id: string, columns: ProjectColumns): Promise<void> {
    const trx = knexOf(tx, this.knex);
    const dated =
      columns.status === undefined || columns.status_changed_at !== undefined
        ? {}
        : { status_changed_at: trx.fn.now() };
    await trx('projects')
      .update({
        ...toDbValues(columns),
        ...dated,
        updated_at: trx.fn.now(),
        version: trx.raw('version + 1'),
      })
      .where('id', id);
  }

  async touchShortlist(tx: Tx, id: string, by: string | null): Promise<void> {
    const trx = knexOf(tx, this.knex);
    await trx('projects')
      .update({
        shortlist_version: trx.raw('shortlist_version + 1'),
        shortlist_updated_at: trx.fn.now(),
        shortlist_updated_by: by,
        updated_at: trx.fn.now(),
      })
      .where('id', id);
  }

  async shortlistVersion(id: string, tx?: Tx) {
    const r = await knexOf(tx, this.knex).raw(
      `SELECT p.shortlist_version, p.shortlist_updated_at, p.shortlist_updated_by, coalesce(u.name, u.email) AS name
       FROM projects p LEFT JOIN users u ON u.id = p.shortlist_updated_by WHERE p.id = ?`,
      [id],
    );
    const row = r.rows[0];
    if (!row) return undefined;
    return {
      version: Number(row.shortlist_version),
      updatedAt: row.shortlist_updated_at ? iso(row.shortlist_updated_at) : null,
      updatedBy: row.shortlist_updated_by
        ? { id: String(row.shortlist_updated_by), name: row.name ?? null }
        : null,
    };
  }

  async softDelete(tx: Tx, id: string, by: string | null): Promise<void> {
    const trx = knexOf(tx, this.knex);
    await trx('projects')
      .update({ deleted_at: trx.fn.now(), deleted_by: by, version: trx.raw('version + 1') })
      .where('id', id);
  }

  async restore(tx: Tx, id: string, by: string | null): Promise<void> {
    const trx = knexOf(tx, this.knex);
    await trx('projects')
      .update({
        deleted_at: null,
        deleted_by: null,
        updated_by: by,
        updated_at: trx.fn.now(),
        version: trx.raw('version + 1'),
      })
      .where('id', id);
  }

  async get(id: string, tx?: Tx, opts: { forUpdate?: boolean; includeDeleted?: boolean } = {}) {
    const db = knexOf(tx, this.knex);
    const q = db('projects')
      .select([...PROJECT_COLUMNS, this.shortlistCount(db), db.raw(UPDATED_BY_NAME)])
      .where('projects.id', id);
    if (!opts.includeDeleted) q.whereNull('projects.deleted_at');
    if (opts.forUpdate) q.forUpdate();
    const row = await q.first();
    return row ? rowToProject(row) : undefined;
  }

  async list(query: ProjectListQuery, actor: Actor) {
    const k = this.knex;
    const filtered = () => {
      const q = whereVisible(k('projects'), actor).whereNull('projects.deleted_at');
      if (query.status?.length) q.whereIn('projects.status', query.status);
      if (query.sector?.length) q.whereIn('projects.sector', query.sector);
      if (query.q) {
        const needle = `%${query.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
        q.where((w) =>
          w
            .whereRaw("projects.name ILIKE ? ESCAPE '\\'", [needle])
            .orWhereRaw("projects.company ILIKE ? ESCAPE '\\'", [needle]),
        );
      }
      return q;
    };
    const rows: Array<Record<string, unknown>> = await filtered()
      .select([
        ...PROJECT_COLUMNS,
        this.shortlistCount(k),
        k.raw(UPDATED_BY_NAME),
        k.raw('count(*) over () AS total'),
      ])
      .orderBy([
        { column: 'projects.updated_at', order: 'desc' },
        { column: 'projects.id', order: 'asc' },
      ])
      .limit(query.limit)
      .offset(query.offset);
    let total = rows.length > 0 ? Number(rows[0].total) : 0;
    if (rows.length === 0 && query.offset > 0) {
      // Past the last page the window count went with the rows: count apart.
      const c = await filtered().count<{ n: number }[]>({ n: '*' });
      total = Number(c[0].n);
    }
    return { projects: rows.map(rowToProject), total };
  }

  async addStatusChange(tx: Tx, c: NewStatusChange): Promise<void> {
    await knexOf(
      tx,
      this.knex,
    )('project_status_history').insert({
      project_id: c.projectId,
      from_status: c.from,
      to_status: c.to,
      loss_reason: c.lossReason,
      note: c.note,
      changed_by: c.by,
      ...(c.effectiveOn ? { effective_on: c.effectiveOn } : {}),
    });
  }

  async history(projectId: string, tx?: Tx): Promise<StatusChange[]> {
    const rows = await knexOf(
      tx,
      this.knex,
    )('project_status_history as h')
      .leftJoin('users as u', 'u.id', 'h.changed_by')
      .select(
        'h.from_status',
        'h.to_status',
        'h.loss_reason',
        'h.note',
        'h.changed_at',
        knexOf(tx, this.knex).raw("to_char(h.effective_on, 'YYYY-MM-DD') AS effective_on"),
        'h.changed_by',
        'u.name',
        'u.email',
      )
      .where('h.project_id', projectId)
      .orderBy('h.id');
    return rows.map((r) => ({
      from: r.from_status ?? null,
      to: r.to_status,
      lossReason: r.loss_reason ?? null,
      note: r.note ?? null,
      at: iso(r.changed_at),
      effectiveOn: String(r.effective_on),
      by: r.changed_by ?? null,
      byName: r.name ?? r.email ?? null,
    }));
  }

  async shortlist(projectId: string, tx?: Tx): Promise<ShortlistRow[]> {
    const rows = await knexOf(
      tx,
      this.knex,
    )('shortlist_items')
      .select('site_id', 'rank', 'note', 'snapshot', 'added_at', 'added_by', 'updated_at')
      .where('project_id', projectId)
      .orderBy('rank');
    return rows.map((r) => ({
      siteId: String(r.site_id),
      rank: Number(r.rank),
      note: r.note ?? null,
      snapshot: json(r.snapshot),
      addedAt: iso(r.added_at),
      addedBy: r.added_by ?? null,
      updatedAt: iso(r.updated_at),
    }));
  }

  async replaceShortlist(tx: Tx, projectId: string, rows: NewShortlistRow[]): Promise<void> {
    const trx = knexOf(tx, this.knex);
    await trx('shortlist_items').delete().where('project_id', projectId);
    if (rows.length === 0) return;
    await trx('shortlist_items').insert(
      rows.map((r) => ({
        project_id: projectId,
        site_id: r.siteId,
        rank: r.rank,
        note: r.note,
        snapshot: JSON.stringify(r.snapshot),
        added_at: r.addedAt ?? trx.fn.now(),
        added_by: r.addedBy,
        updated_at: trx.fn.now(),
      })),
    );
  }

  async liveSites(ids: readonly string[], opts: { geometry?: boolean } = {}, tx?: Tx) {
    const db = knexOf(tx, this.knex);
    const out = new Map<string, LiveSite>();
    if (ids.length === 0) return out;
    const list = [...ids];
    const select = [
      'sites.id',
      ...SITE_FIELDS.map((f) => db.raw('?? as ??', [`sites.${f.column}`, f.key])),
      db.raw('ST_X(ST_PointOnSurface(sites.geom)) AS lm_lon'),
      db.raw('ST_Y(ST_PointOnSurface(sites.geom)) AS lm_lat'),
    ];
    if (opts.geometry) {
      select.push(
        db.raw('ST_AsGeoJSON(sites.geom, 6)::json AS lm_geometry'),
        // The PDF overview map is drawn in Lambert-93: the stored projection, not a JS one.
        db.raw('ST_X(ST_PointOnSurface(sites.geom_l93)) AS lm_x'),
        db.raw('ST_Y(ST_PointOnSurface(sites.geom_l93)) AS lm_y'),
      );
    }
    const rows: Array<Record<string, unknown>> = await db('sites')
      .select(select)
      .whereRaw('sites.id = ANY(?::uuid[])', [list]);
    const access = await db.raw(
      `SELECT a.site_id, a.kind, a.name, a.distance_m, a.infrastructure_id,
              d.car_minutes, d.truck_minutes, d.method
       FROM site_access a
       LEFT JOIN site_drive_times d ON d.site_id = a.site_id AND d.kind = a.kind
       WHERE a.site_id = ANY(?::uuid[])
       ORDER BY a.site_id, a.kind`,
      [list],
    );
    const accessBySite = new Map<string, AccessEntry[]>();
    for (const a of access.rows as Array<Record<string, unknown>>) {
      const entries = accessBySite.get(String(a.site_id)) ?? [];
      entries.push({
        kind: String(a.kind) as AccessEntry['kind'],
        name: (a.name as string | null) ?? null,
        distanceM: Math.round(Number(a.distance_m)),
        infrastructureId: (a.infrastructure_id as string | null) ?? null,
        ...(a.method
          ? {
              driveMinutes: minutes(a.car_minutes),
              truckMinutes: minutes(a.truck_minutes),
              method: a.method as 'road' | 'estimate',
            }
          : {}),
      });
      accessBySite.set(String(a.site_id), entries);
    }
    const pools = await db('site_labour_pool')
      .select('site_id', 'minutes', 'population', 'active', 'unemployed', 'communes', 'method')
      .whereRaw('site_id = ANY(?::uuid[])', [list])
      .orderBy(['site_id', 'minutes']);
    const poolsBySite = new Map<string, LabourPoolEntry[]>();
    for (const r of pools) {
      const entries = poolsBySite.get(String(r.site_id)) ?? [];
      entries.push({
        minutes: Number(r.minutes),
        population: Number(r.population),
        active: Number(r.active),
        unemployed: Number(r.unemployed),
        communes: Number(r.communes),
        method: r.method,
      });
      poolsBySite.set(String(r.site_id), entries);
    }
    const photos = opts.geometry ? await firstPhotos(db, list) : new Map<string, LiveSite['photo']>();
    for (const r of rows) {
      const facts: Record<string, unknown> = {};
      for (const f of SITE_FIELDS) {
        const v = r[f.key];
        facts[f.key] = v instanceof Date ? v.toISOString() : (v ?? null);
      }
      const id = String(r.id);
      out.set(id, {
        id,
        facts,
        access: accessBySite.get(id) ?? [],
        labourPool: poolsBySite.get(id) ?? [],
        location: r.lm_lon === null || r.lm_lon === undefined ? null : [Number(r.lm_lon), Number(r.lm_lat)],
        ...(opts.geometry
          ? {
              geometry: json<PlotGeometry>(r.lm_geometry),
              locationL93: r.lm_x === null || r.lm_x === undefined ? null : [Number(r.lm_x), Number(r.lm_y)],
              photo: photos.get(id) ?? null,
            }
          : {}),
      });
    }
    return out;
  }

  async mapContext(ids: readonly string[]): Promise<Map<string, MapContext>> {
    const out = new Map<string, MapContext>();
    if (ids.length === 0) return out;
    const list = [...ids];
    for (const id of list) out.set(id, { neighbours: [], infrastructure: [] });
    // Only published neighbours: the PDF leaves the agency, unpublished plots must not.
    const neighbours = await this.knex.raw(
      `SELECT s.id AS site_id, ST_AsGeoJSON(n.geom, 6)::json AS geometry
       FROM sites s
       CROSS JOIN LATERAL (
         SELECT o.geom FROM sites o
         WHERE o.id <> s.id AND o.published AND ST_DWithin(o.geom_l93, s.geom_l93, ?)
         ORDER BY o.geom_l93 <-> s.geom_l93
         LIMIT ?
       ) n
       WHERE s.id = ANY(?::uuid[])`,
      [NEIGHBOUR_RADIUS_M, NEIGHBOUR_LIMIT, list],
    );
    for (const r of neighbours.rows as Array<{ site_id: string; geometry: unknown }>) {
      out.get(String(r.site_id))?.neighbours.push(json<PlotGeometry>(r.geometry));
    }
    const infra = await this.knex.raw(
      `SELECT sa.site_id, sa.kind, sa.name, sa.distance_m, sa.infrastructure_id, i.voltage_kv,
              ST_X(ST_ClosestPoint(i.geom, s.geom)) AS lon, ST_Y(ST_ClosestPoint(i.geom, s.geom)) AS lat,
              d.car_minutes, d.truck_minutes, d.method
       FROM site_access sa
       JOIN sites s ON s.id = sa.site_id
       LEFT JOIN infrastructure i ON i.id = sa.infrastructure_id
       LEFT JOIN site_drive_times d ON d.site_id = sa.site_id AND d.kind = sa.kind
       WHERE sa.site_id = ANY(?::uuid[])
       ORDER BY sa.site_id, sa.kind`,
      [list],
    );
    for (const r of infra.rows as Array<Record<string, unknown>>) {
      const entry: NearbyInfrastructure = {
        kind: String(r.kind),
        name: (r.name as string | null) ?? null,
        distanceM: Math.round(Number(r.distance_m)),
        infrastructureId: (r.infrastructure_id as string | null) ?? null,
        voltageKv: r.voltage_kv === null || r.voltage_kv === undefined ? null : Number(r.voltage_kv),
        point: r.lon === null || r.lon === undefined ? null : [Number(r.lon), Number(r.lat)],
        driveMinutes: minutes(r.car_minutes),
        truckMinutes: minutes(r.truck_minutes),
        driveMethod: (r.method as 'road' | 'estimate' | null) ?? null,
      };
      out.get(String(r.site_id))?.infrastructure.push(entry);
    }
    return out;
  }

  async recordAudit(entry: AuditEntry, tx?: Tx): Promise<void> {
    await recordAudit(knexOf(tx, this.knex), entry);
  }

  async observatoryRows(actor: Actor): Promise<ObservatoryRow[]> {
    const rows = await whereVisible(this.knex('projects'), actor)
      .whereNull('projects.deleted_at')
      .select(
        'projects.id',
        'projects.sector',
        'projects.status',
        'projects.loss_reason',
        'projects.owner_territories',
        'projects.created_at',
        'projects.status_changed_at',
      );
    return rows.map((r: Record<string, unknown>) => ({
      id: String(r.id),
      sector: r.sector as ObservatoryRow['sector'],
      status: r.status as ProjectStatus,
      lossReason: (r.loss_reason as string | null) ?? null,
      territories: (r.owner_territories as string[] | null) ?? [],
      createdAt: iso(r.created_at),
      statusChangedAt: iso(r.status_changed_at),
    }));
  }
}

/** Minutes to one decimal, null when not computed. */
function minutes(v: unknown): number | null {
  return v === null || v === undefined ? null : Math.round(Number(v) * 10) / 10;
}

/** The first JPEG or PNG document of each site (what the PDF's site page shows; PDF embeds no WebP). */
async function firstPhotos(db: Knex, ids: string[]): Promise<Map<string, LiveSite['photo']>> {
  const res = await db.raw(
    `SELECT DISTINCT ON (site_id) site_id, mime, content FROM site_documents
     WHERE site_id = ANY(?::uuid[]) AND mime IN ('image/jpeg', 'image/png')
     ORDER BY site_id, created_at, id`,
    [ids],
  );
  return new Map(
    (res.rows as Array<{ site_id: string; mime: 'image/jpeg' | 'image/png'; content: Uint8Array }>).map(
      (r) => [String(r.site_id), { data: new Uint8Array(r.content), mime: r.mime }],
    ),
  );
}
