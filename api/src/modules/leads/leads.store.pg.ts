/**
 * The leads store over knex, for both engines. Which requests a staff member sees is the
 * projects rule (`whereVisible` on the joined project): a request is its project.
 */
import type { Knex } from 'knex';
import { knexOf, type Tx } from '../../db/transaction.ts';
import type { Actor } from '../auth/auth.types.ts';
import { whereVisible } from '../projects/projects.access.ts';
import type { Lead, LeadListQuery } from './leads.schemas.ts';
import type { LeadsStore, NewLead } from './leads.store.ts';

/** Whether the actor (bound user id) has read the lead `l`. */
const READ = 'EXISTS (SELECT 1 FROM lead_reads r WHERE r.lead_id = l.id AND r.user_id = ?)';

const iso = (v: unknown) => (v instanceof Date ? v.toISOString() : new Date(String(v)).toISOString());

export class PgLeadsStore implements LeadsStore {
  constructor(private readonly knex: Knex) {}

  async insert(tx: Tx, lead: NewLead): Promise<string> {
    const [row] = await knexOf(
      tx,
      this.knex,
    )('leads')
      .insert({ project_id: lead.projectId, site_id: lead.siteId, territory: lead.territory })
      .returning('id');
    return String(row.id);
  }

  /** The leads the actor may see: their project is visible to them and not deleted. */
  private visible(actor: Actor): Knex.QueryBuilder {
    const q = this.knex('leads as l').join('projects as p', 'p.id', 'l.project_id').whereNull('p.deleted_at');
    return whereVisible(q, actor, 'p');
  }

  async list(actor: Actor, query: LeadListQuery): Promise<Lead[]> {
    const q = this.visible(actor)
      .leftJoin('sites as s', 's.id', 'l.site_id')
      .select(
        'l.id',
        'l.project_id',
        'p.name as project_name',
        'p.company',
        'p.status',
        'l.site_id',
        's.site_nom as site_name',
        'l.territory',
        'l.source',
        'l.created_at',
        this.knex.raw(`${READ} AS read`, [actor.userId]),
      )
      .orderBy('l.created_at', 'desc')
      .orderBy('l.id')
      .limit(query.limit);
    if (query.unread === 'true') q.whereRaw(`NOT ${READ}`, [actor.userId]);
    if (query.unread === 'false') q.whereRaw(READ, [actor.userId]);
    const rows = (await q) as Array<Record<string, unknown>>;
    return rows.map((r) => ({
      id: String(r.id),
      projectId: String(r.project_id),
      projectName: String(r.project_name),
      company: (r.company as string | null) ?? null,
      status: r.status as Lead['status'],
      siteId: String(r.site_id),
      siteName: (r.site_name as string | null) ?? null,
      territory: (r.territory as string | null) ?? null,
      source: 'public_map',
      createdAt: iso(r.created_at),
      read: r.read === true,
    }));
  }

  async unreadCount(actor: Actor): Promise<number> {
    const row = await this.visible(actor).whereRaw(`NOT ${READ}`, [actor.userId]).count({ n: '*' }).first();
    return Number(row?.n ?? 0);
  }

  async markRead(actor: Actor, ids: string[] | null): Promise<number> {
    const q = this.visible(actor).select('l.id');
    if (ids) q.whereIn('l.id', ids);
    const visible = ((await q) as Array<{ id: string }>).map((r) => String(r.id));
    if (visible.length === 0) return 0;
    await this.knex('lead_reads')
      .insert(visible.map((id) => ({ lead_id: id, user_id: actor.userId })))
      .onConflict(['user_id', 'lead_id'])
      .ignore();
    return visible.length;
  }

  async secret(name: string, make: () => string): Promise<string> {
    await this.knex('app_secrets').insert({ name, value: make() }).onConflict('name').ignore();
    const row = await this.knex('app_secrets').where({ name }).first('value');
    return String(row.value);
  }
}
