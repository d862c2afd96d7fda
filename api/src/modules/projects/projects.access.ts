/**
 * Who may see and change a project. Projects are confidential: only admins and staff (never
 * editors, who maintain sites, nor anonymous callers) reach the module at all, and a staff
 * member sees a project when
 *   - one of their territories is one of the project's owner territories, or
 *   - they belong to the project's owner organisation and either side has no territory
 *     (an agency-wide colleague, or a project not tied to a territory), or
 *   - they created it (so a staff account without territory or organisation keeps its work).
 * The same rule exists as SQL (`visibilitySql`) for lists and the observatory.
 */
import type { Knex } from 'knex';
import type { Actor } from '../auth/auth.types.ts';

export interface ProjectOwner {
  ownerOrganisation: string | null;
  territories: string[];
  createdBy: string | null;
}

/**
 * `mayAccessProject(staffOf('200059889'), { territories: ['200059889'], … })` → true;
 * the same project for staff of another territory → false.
 */
export function mayAccessProject(actor: Actor, p: ProjectOwner): boolean {
  if (actor.role === 'admin') return true;
  if (actor.role !== 'staff') return false;
  if (p.createdBy !== null && p.createdBy === actor.userId) return true;
  if (p.territories.some((t) => actor.territories.includes(t))) return true;
  const sameOrganisation = actor.organisation !== null && actor.organisation === p.ownerOrganisation;
  return sameOrganisation && (p.territories.length === 0 || actor.territories.length === 0);
}

/**
 * Restricts a query on `projects` (under `alias`) to what the actor may see; admins see all.
 * Identifiers are constants; the actor's values are bound.
 */
export function whereVisible(q: Knex.QueryBuilder, actor: Actor, alias = 'projects'): Knex.QueryBuilder {
  if (actor.role === 'admin') return q;
  if (actor.role !== 'staff') return q.whereRaw('false');
  return q.where((w) => {
    w.where(`${alias}.created_by`, actor.userId);
    if (actor.territories.length > 0)
      w.orWhereRaw(`${alias}.owner_territories && ?::text[]`, [actor.territories]);
    if (actor.organisation !== null) {
      w.orWhere((o) => {
        o.where(`${alias}.owner_organisation`, actor.organisation);
        if (actor.territories.length > 0) o.whereRaw(`cardinality(${alias}.owner_territories) = 0`);
      });
    }
  });
}
