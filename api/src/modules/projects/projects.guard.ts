/**
 * The checks every projects use case starts with, shared by the projects, shortlist and
 * export services: the id parses, the caller is staff or admin, the project exists and the
 * caller may see it (400 malformed id, 403 wrong role, 404 none, 403 not theirs, in that order).
 */
import type { Tx } from '../../db/transaction.ts';
import { GoneError, NotAllowedError, NotFoundError } from '../../shared/errors.ts';
import { parseInput } from '../../shared/validation.ts';
import type { Actor } from '../auth/auth.types.ts';
import { type Needs, needsSchema } from '../matching/needs.schema.ts';
import { mayAccessProject } from './projects.access.ts';
import { type Project, uuidSchema } from './projects.schemas.ts';
import type { ProjectsStore } from './projects.store.ts';

export class ProjectGuard {
  constructor(private readonly store: ProjectsStore) {}

  parseId(raw: string): string {
    return parseInput(uuidSchema, raw, 'project id', 'id');
  }

  assertStaff(actor: Actor): void {
    if (actor.role !== 'admin' && actor.role !== 'staff') {
      throw new NotAllowedError('Projects are for staff and admins only.');
    }
  }

  /** Staff may give a project only territories they work for; admins any. */
  assertMayAssign(actor: Actor, territories: readonly string[]): void {
    if (actor.role === 'admin') return;
    const foreign = territories.filter((t) => !actor.territories.includes(t));
    if (foreign.length > 0) {
      throw new NotAllowedError(
        `Staff may only assign their own territories (${actor.territories.join(', ') || 'none'}); not ${foreign.join(', ')}.`,
      );
    }
  }

  /** The project if the id parses, it exists and the actor may see it (a read outside a transaction). */
  async load(rawId: string, actor: Actor): Promise<Project> {
    const id = this.parseId(rawId);
    this.assertStaff(actor);
    return this.visible(await this.store.get(id, undefined, { includeDeleted: true }), id, actor);
  }

  /**
   * The same inside a write: the row stays locked until the transaction ends. A deleted
   * project is a 410 unless `deleted` (a restore) asks for it.
   */
  async loadForUpdate(tx: Tx, id: string, actor: Actor, deleted = false): Promise<Project> {
    const p = await this.store.get(id, tx, { forUpdate: true, includeDeleted: true });
    return this.visible(p, id, actor, deleted);
  }

  /** 404 none, 403 not theirs, then 410 when deleted (only those who could see it learn that). */
  private visible(p: Project | undefined, id: string, actor: Actor, deleted = false): Project {
    if (!p) throw new NotFoundError(`No project ${id}.`);
    if (!mayAccessProject(actor, p)) {
      throw new NotAllowedError('This project belongs to another territory or organisation.');
    }
    if (p.deletedAt && !deleted) {
      throw new GoneError(
        'project_deleted',
        `Project ${id} was deleted at ${p.deletedAt}; POST /api/projects/${id}/restore brings it back.`,
        { deletedAt: p.deletedAt },
      );
    }
    return p;
  }
}

/** Stored needs back into the engine's type; needs saved under an older schema that no longer parse count as absent. */
export function parsedNeeds(p: Project): Needs | null {
  if (!p.needs) return null;
  const r = needsSchema.safeParse(p.needs);
  return r.success ? r.data : null;
}
