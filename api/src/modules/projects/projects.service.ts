/**
 * Use cases of investor projects: confidential CRUD with a status pipeline and its history,
 * and the relocation observatory. The shortlist is shortlist.service.ts, its downloads
 * shortlist.exports.service.ts. Every change is audited in the same transaction as the change.
 */
import type { Transactor, Tx } from '../../db/transaction.ts';
import { ConflictError, DomainError, InputError, NotFoundError } from '../../shared/errors.ts';
import { parseInput } from '../../shared/validation.ts';
import { assertVersion } from '../../shared/versioning.ts';
import type { Actor } from '../auth/auth.types.ts';
import { observatoryCsv, summarizeObservatory } from './observatory.ts';
import { ProjectGuard } from './projects.guard.ts';
import {
  canMove,
  isStepBack,
  type ObservatorySummary,
  type Project,
  type ProjectList,
  type ProjectStatus,
  type ProjectWithHistory,
  projectCreateSchema,
  projectListQuerySchema,
  projectPatchSchema,
  STATUS_TRANSITIONS,
} from './projects.schemas.ts';
import type { ProjectColumns, ProjectsStore } from './projects.store.ts';
import { attachment, type Download } from './shortlist.export.ts';
import { takeSnapshot } from './shortlist.snapshot.ts';

const FIELD_COLUMNS: ReadonlyArray<[key: string, column: string]> = [
  ['name', 'name'],
  ['company', 'company'],
  ['sector', 'sector'],
  ['originCountry', 'origin_country'],
  ['jobs', 'jobs'],
  ['investmentEur', 'investment_eur'],
  ['contact', 'contact'],
  ['needs', 'needs'],
  ['notes', 'notes'],
];

function columnsOf(input: Record<string, unknown>): ProjectColumns {
  const cols: ProjectColumns = {};
  for (const [key, column] of FIELD_COLUMNS) {
    if (input[key] !== undefined) cols[column] = input[key];
  }
  return cols;
}

/** A step back in the pipeline sent without its reason (`statusNote`). */
class StatusReasonRequiredError extends DomainError {
  constructor(from: ProjectStatus, to: ProjectStatus) {
    super(
      400,
      'status_reason_required',
      `Moving a project back from ${from} to ${to} needs a reason: send it as statusNote.`,
      [{ field: 'statusNote', code: 'required', message: 'required for a step back in the pipeline' }],
    );
  }
}

/** A status date in the future or before the previous change. */
class StatusDateError extends DomainError {
  constructor(message: string) {
    super(400, 'status_date_invalid', message, [{ field: 'statusDate', code: 'date_out_of_range', message }]);
  }
}

export class ProjectsService {
  private readonly guard: ProjectGuard;

  constructor(
    private readonly db: Transactor,
    private readonly store: ProjectsStore,
    private readonly clock: () => Date = () => new Date(),
  ) {
    this.guard = new ProjectGuard(store);
  }

  async create(body: unknown, actor: Actor, requestId?: string): Promise<ProjectWithHistory> {
    this.guard.assertStaff(actor);
    const input = parseInput(projectCreateSchema, body, 'project');
    const territories = input.territories ?? actor.territories;
    this.guard.assertMayAssign(actor, territories);
    return this.db.transaction(async (tx) => {
      const id = await this.store.insert(tx, {
        ...columnsOf(input),
        status: 'lead',
        owner_organisation: actor.organisation,
        owner_territories: territories,
        created_by: actor.userId,
        updated_by: actor.userId,
      });
      await this.store.addStatusChange(tx, {
        projectId: id,
        from: null,
        to: 'lead',
        lossReason: null,
        note: null,
        by: actor.userId,
        effectiveOn: this.clock().toISOString().slice(0, 10),
      });
      const after = await this.view(id, tx);
      await this.store.recordAudit(
        { actor, action: 'create', entity: 'project', entityId: id, after, requestId },
        tx,
      );
      return after;
    });
  }

  /**
   * A project from a visitor's request on the public map (modules/leads): nobody is signed in,
   * so it has no creator nor organisation and is owned by `territories` (the site's), which
   * decides which staff see it (projects.access.ts); the site is its shortlist's first item.
   * Runs in the caller's transaction so the request and its project commit together; the
   * input goes through the same schema as a staff member's `POST /api/projects`.
   */
  async createFromLead(
    tx: Tx,
    body: unknown,
    territories: string[],
    siteId: string,
    requestId?: string,
  ): Promise<string> {
    const input = parseInput(projectCreateSchema, body, 'project');
    const id = await this.store.insert(tx, {
      ...columnsOf(input),
      status: 'lead',
      owner_organisation: null,
      owner_territories: territories,
      created_by: null,
      updated_by: null,
    });
    await this.store.addStatusChange(tx, {
      projectId: id,
      from: null,
      to: 'lead',
      lossReason: null,
      note: null,
      by: null,
    });
    const live = (await this.store.liveSites([siteId], {}, tx)).get(siteId);
    if (!live) throw new NotFoundError(`No site ${siteId}.`);
    const snapshot = takeSnapshot(live, { siteId }, input.needs ?? null, this.clock());
    await this.store.replaceShortlist(tx, id, [{ siteId, rank: 1, note: null, snapshot, addedBy: null }]);
    await this.store.touchShortlist(tx, id, null);
    const after = await this.view(id, tx);
    await this.store.recordAudit({ action: 'create', entity: 'project', entityId: id, after, requestId }, tx);
    return id;
  }

  async list(rawQuery: unknown, actor: Actor): Promise<ProjectList> {
    this.guard.assertStaff(actor);
    const query = parseInput(projectListQuerySchema, rawQuery, 'query');
    return this.store.list(query, actor);
  }

  async get(rawId: string, actor: Actor): Promise<ProjectWithHistory> {
    const p = await this.guard.load(rawId, actor);
    return { ...p, statusHistory: await this.store.history(p.id) };
  }

  /** `ifMatch`: the version the caller last read (If-Match); a stale one is a 412. */
  async update(
    rawId: string,
    body: unknown,
    actor: Actor,
    requestId?: string,
    ifMatch?: number,
  ): Promise<ProjectWithHistory> {
    const id = this.guard.parseId(rawId);
    this.guard.assertStaff(actor);
    return this.db.transaction(async (tx) => {
      // Access first: a caller without access learns nothing from validation messages.
      const before = await this.guard.loadForUpdate(tx, id, actor);
      assertVersion('project', ifMatch, before);
      const input = parseInput(projectPatchSchema, body, 'project change');
      const beforeView: ProjectWithHistory = { ...before, statusHistory: await this.store.history(id, tx) };
      const cols: ProjectColumns = { ...columnsOf(input), updated_by: actor.userId };
      if (input.territories !== undefined) {
        this.guard.assertMayAssign(actor, input.territories);
        cols.owner_territories = input.territories;
      }
      let change: { from: ProjectStatus; to: ProjectStatus; effectiveOn: string } | undefined;
      if (input.status !== undefined && input.status !== before.status) {
        if (!canMove(before.status, input.status)) {
          const allowed = STATUS_TRANSITIONS[before.status];
          throw new InputError(
            `A ${before.status} project cannot move to ${input.status}; allowed: ${allowed.join(', ') || 'none (final status)'}.`,
            [
              {
                field: 'status',
                code: 'status_not_allowed',
                params: { from: before.status, to: input.status },
                message: `cannot move from ${before.status} to ${input.status}`,
              },
            ],
          );
        }
        if (isStepBack(before.status, input.status) && !input.statusNote?.trim()) {
          throw new StatusReasonRequiredError(before.status, input.status);
        }
        const now = this.clock();
        const today = now.toISOString().slice(0, 10);
        // Staff send their own calendar day: east of UTC it can already be tomorrow in UTC.
        const latest = new Date(now.getTime() + 14 * 3600_000).toISOString().slice(0, 10);
        const effectiveOn = input.statusDate ?? today;
        // The creation entry does not count: a lead entered today may have been met last week.
        const previous = beforeView.statusHistory.findLast((h) => h.from !== null)?.effectiveOn;
        if (effectiveOn > latest) {
          throw new StatusDateError(`The status date ${effectiveOn} is in the future (today is ${today}).`);
        }
        if (previous && effectiveOn < previous) {
          throw new StatusDateError(
            `The status date ${effectiveOn} is before the previous change (${previous}): send ${previous} or later.`,
          );
        }
        change = { from: before.status, to: input.status, effectiveOn };
        // The store dates the move (status_changed_at) at the database's now when `status` is
        // written; a change dated another day is dated that day (at noon UTC, the same day in France).
        if (effectiveOn !== today) cols.status_changed_at = `${effectiveOn}T12:00:00.000Z`;
        cols.status = input.status;
        cols.loss_reason = input.status === 'lost' ? input.lossReason : null;
        cols.loss_note = input.status === 'lost' ? (input.statusNote ?? null) : null;
      } else if (input.status === 'lost' && before.status === 'lost') {
        // Correcting the reason of a loss already recorded: no new history entry.
        cols.loss_reason = input.lossReason;
        if (input.statusNote !== undefined) cols.loss_note = input.statusNote;
      }
      await this.store.update(tx, id, cols);
      if (change) {
        await this.store.addStatusChange(tx, {
          projectId: id,
          from: change.from,
          to: change.to,
          lossReason: change.to === 'lost' ? (input.lossReason ?? null) : null,
          note: input.statusNote ?? null,
          by: actor.userId,
          effectiveOn: change.effectiveOn,
        });
      }
      const after = await this.view(id, tx);
      await this.store.recordAudit(
        {
          actor,
          action: 'update',
          entity: 'project',
          entityId: id,
          before: beforeView,
          after,
          requestId,
        },
        tx,
      );
      return after;
    });
  }

  /** Soft delete: the project leaves lists and reads (410) with its shortlist kept for a restore. */
  async delete(rawId: string, actor: Actor, requestId?: string, ifMatch?: number): Promise<void> {
    const id = this.guard.parseId(rawId);
    this.guard.assertStaff(actor);
    await this.db.transaction(async (tx) => {
      const before = await this.guard.loadForUpdate(tx, id, actor);
      assertVersion('project', ifMatch, before);
      const shortlist = (await this.store.shortlist(id, tx)).map((r) => ({
        siteId: r.siteId,
        rank: r.rank,
        note: r.note,
      }));
      await this.store.softDelete(tx, id, actor.userId);
      await this.store.recordAudit(
        {
          actor,
          action: 'delete',
          entity: 'project',
          entityId: id,
          before: { ...before, shortlist },
          requestId,
        },
        tx,
      );
    });
  }

  /** Brings a deleted project back with its shortlist and history (409 when it is not deleted). */
  async restore(rawId: string, actor: Actor, requestId?: string): Promise<ProjectWithHistory> {
    const id = this.guard.parseId(rawId);
    this.guard.assertStaff(actor);
    return this.db.transaction(async (tx) => {
      const before = await this.guard.loadForUpdate(tx, id, actor, true);
      if (!before.deletedAt)
        throw new ConflictError(`Project ${id} is not deleted: there is nothing to restore.`);
      await this.store.restore(tx, id, actor.userId);
      const after = await this.view(id, tx);
      await this.store.recordAudit(
        { actor, action: 'restore', entity: 'project', entityId: id, after, requestId },
        tx,
      );
      return after;
    });
  }

  async observatory(actor: Actor): Promise<ObservatorySummary> {
    this.guard.assertStaff(actor);
    return summarizeObservatory(await this.store.observatoryRows(actor), this.clock());
  }

  async observatoryCsv(actor: Actor): Promise<Download> {
    const summary = await this.observatory(actor);
    const filename = `observatory-${summary.generatedAt.slice(0, 10)}.csv`;
    return {
      body: observatoryCsv(summary),
      contentType: 'text/csv; charset=utf-8',
      disposition: attachment(filename),
      filename,
    };
  }

  private async view(id: string, tx: Tx): Promise<ProjectWithHistory> {
    const p: Project | undefined = await this.store.get(id, tx);
    if (!p) throw new NotFoundError(`No project ${id}.`);
    return { ...p, statusHistory: await this.store.history(id, tx) };
  }
}
