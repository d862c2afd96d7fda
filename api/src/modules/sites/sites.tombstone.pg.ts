/**
 * Deleted sites as tombstones (migration 0011): the row leaves `sites` for `deleted_sites` so
 * that no reader of `sites` can show it, and comes back with its id on restore. Also the
 * version lock and the audit rows the history is derived from. Both engines, the same SQL.
 */
import type { Knex } from 'knex';
import type { CurrentVersion, Editor } from '../../shared/versioning.ts';
import type { DeletedSites } from './sites.schemas.ts';
import type { DeletedSite, SiteAuditRow } from './sites.store.ts';

const iso = (v: unknown): string => (v instanceof Date ? v.toISOString() : String(v));
const json = (v: unknown): unknown => (typeof v === 'string' ? JSON.parse(v) : v);
const editor = (id: unknown, name: unknown): Editor | null =>
  id ? { id: String(id), name: (name as string | null) ?? null } : null;
/** `users u` joined on `<col>`: its display name. */
const USER_NAME = 'coalesce(u.name, u.email)';

/** Columns of `sites` an INSERT may write (not generated), read once per process. */
let insertable: Promise<Set<string>> | undefined;
function insertableColumns(db: Knex): Promise<Set<string>> {
  insertable ??= db
    .raw(
      `SELECT column_name FROM information_schema.columns
       WHERE table_schema = current_schema() AND table_name = 'sites' AND is_generated = 'NEVER'`,
    )
    .then((r) => new Set((r.rows as Array<{ column_name: string }>).map((c) => c.column_name)))
    .catch((e) => {
      insertable = undefined;
      throw e;
    });
  return insertable;
}

export async function lockVersion(db: Knex, id: string): Promise<CurrentVersion | undefined> {
  const r = await db.raw(
    `SELECT s.version, s.updated_at, s.updated_by, ${USER_NAME} AS name
     FROM sites s LEFT JOIN users u ON u.id = s.updated_by
     WHERE s.id = ? FOR UPDATE OF s`,
    [id],
  );
  const row = r.rows[0];
  if (!row) return undefined;
  return {
    version: Number(row.version),
    updatedAt: row.updated_at ? iso(row.updated_at) : null,
    updatedBy: editor(row.updated_by, row.name),
  };
}

export async function softDelete(db: Knex, id: string, by: string | null): Promise<void> {
  // The JSON keeps every column but the outline (kept as geometry, not rounded) and the
  // generated ones (recomputed on the way back).
  const generated = await db.raw(
    `SELECT coalesce(array_agg(column_name::text), '{}') AS cols FROM information_schema.columns
     WHERE table_schema = current_schema() AND table_name = 'sites' AND is_generated <> 'NEVER'`,
  );
  const drop = [...(generated.rows[0].cols as string[]), 'geom'];
  await db.raw(
    `INSERT INTO deleted_sites (id, row_data, geom, name, commune_insee, territory_siren, source, source_id, version, deleted_by)
     SELECT s.id, to_jsonb(s) - ?::text[], s.geom, s.site_nom, s.site_comm_insee, s.site_epci_siren,
            s.source, s.source_id, s.version, ?
     FROM sites s WHERE s.id = ?`,
    [drop, by, id],
  );
  await db('sites').delete().where('id', id);
}

export async function restore(db: Knex, id: string, by: string | null): Promise<void> {
  const r = await db.raw('SELECT row_data FROM deleted_sites WHERE id = ? FOR UPDATE', [id]);
  const data = json(r.rows[0]?.row_data) as Record<string, unknown> | undefined;
  if (!data) return;
  const columns = await insertableColumns(db);
  const own = new Set(['geom', 'version', 'updated_by', 'updated_at']);
  // Columns added since the delete take their defaults (absent keys are not written).
  const kept = Object.keys(data).filter((c) => columns.has(c) && !own.has(c));
  await db.raw(
    // `??` with an array binds a list of identifiers.
    `INSERT INTO sites (??, geom, version, updated_by, updated_at)
     SELECT ??, d.geom, d.version + 1, ?, now()
     FROM deleted_sites d CROSS JOIN LATERAL jsonb_populate_record(NULL::sites, d.row_data) r
     WHERE d.id = ?`,
    [kept, kept.map((c) => `r.${c}`), by, id],
  );
  await db('deleted_sites').delete().where('id', id);
}

/** `lock`: inside a write, the tombstone stays locked (two restores: the second finds none). */
export async function deletedSite(db: Knex, id: string, lock: boolean): Promise<DeletedSite | undefined> {
  const r = await db.raw(
    `SELECT d.territory_siren, coalesce((d.row_data->>'published')::boolean, false) AS published,
            d.source, d.source_id, d.deleted_at, d.deleted_by, ${USER_NAME} AS name
     FROM deleted_sites d LEFT JOIN users u ON u.id = d.deleted_by WHERE d.id = ?${lock ? ' FOR UPDATE OF d' : ''}`,
    [id],
  );
  const row = r.rows[0];
  if (!row) return undefined;
  return {
    id,
    territorySiren: row.territory_siren ?? null,
    published: row.published === true,
    source: row.source ?? null,
    sourceId: row.source_id ?? null,
    deletedAt: iso(row.deleted_at),
    deletedBy: editor(row.deleted_by, row.name),
  };
}

export async function listDeleted(
  db: Knex,
  territories: 'all' | string[],
): Promise<DeletedSites['features']> {
  const q = db('deleted_sites as d')
    .leftJoin('users as u', 'u.id', 'd.deleted_by')
    .select(
      'd.id',
      'd.name',
      'd.commune_insee',
      'd.territory_siren',
      'd.deleted_at',
      'd.deleted_by',
      db.raw(`${USER_NAME} AS user_name`),
    )
    .orderBy([
      { column: 'd.deleted_at', order: 'desc' },
      { column: 'd.id', order: 'asc' },
    ]);
  if (territories !== 'all') q.whereRaw('d.territory_siren = ANY(?::text[])', [territories]);
  const rows: Array<Record<string, unknown>> = await q;
  return rows.map((r) => ({
    id: String(r.id),
    name: String(r.name),
    communeInsee: (r.commune_insee as string | null) ?? null,
    territorySiren: (r.territory_siren as string | null) ?? null,
    deletedAt: iso(r.deleted_at),
    deletedBy: editor(r.deleted_by, r.user_name),
  }));
}

export async function auditRows(db: Knex, id: string): Promise<SiteAuditRow[]> {
  const rows: Array<Record<string, unknown>> = await db('audit_log as a')
    .leftJoin('users as u', 'u.id', 'a.user_id')
    .select(
      'a.at',
      'a.user_id',
      'a.action',
      'a.request_id',
      'a.before',
      'a.after',
      db.raw(`${USER_NAME} AS name`),
    )
    .where({ 'a.entity': 'site', 'a.entity_id': id })
    .orderBy('a.id', 'desc');
  return rows.map((r) => ({
    at: iso(r.at),
    actor: editor(r.user_id, r.name),
    action: String(r.action),
    requestId: (r.request_id as string | null) ?? null,
    before: json(r.before) ?? null,
    after: json(r.after) ?? null,
  }));
}
