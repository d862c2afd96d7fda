/**
 * Use cases of investor projects: confidential CRUD with a status pipeline and its history,
 * the shortlist (snapshots, live changes), the comparison, the exports (CSV, GeoJSON, PDF) and
 * the relocation observatory. Every change is audited in the same transaction as the change;
 * exports are audited too, since they take confidential data out of the service.
 */
import type { Knex } from 'knex';
import { InputError, NotAllowedError, NotFoundError } from '../../shared/errors.ts';
import { parseInput } from '../../shared/validation.ts';
import { recordAudit } from '../audit/audit.store.ts';
import type { Actor } from '../auth/auth.types.ts';
import { renderShortlistPdf } from './pdf/render-shortlist-pdf.ts';
import type { Lang, ShortlistDocument } from './pdf/shortlist-document.ts';
import { type Needs, needsSchema } from '../matching/needs.schema.ts';
import { type ObservatorySummary, observatoryCsv, summarizeObservatory } from './observatory.ts';
import { mayAccessProject } from './projects.access.ts';
import {
  canMove,
  compareQuerySchema,
  exportQuerySchema,
  type ProjectStatus,
  projectCreateSchema,
  projectListQuerySchema,
  projectPatchSchema,
  STATUS_TRANSITIONS,
  shortlistPutSchema,
  uuidSchema,
} from './projects.schemas.ts';
import type {
  LiveSite,
  NewShortlistRow,
  Project,
  ProjectColumns,
  ProjectsStore,
  ShortlistRow,
  StatusChange,
} from './projects.store.ts';
import { type CompareRow, type CompareSite, compareRows } from './shortlist.compare.ts';
import {
  attachment,
  type ExportItem,
  exportFilename,
  shortlistCsv,
  shortlistGeoJson,
} from './shortlist.export.ts';
import { buildShortlistDocument } from './shortlist.pdf.ts';
import {
  changedSince,
  type FieldChange,
  type ShortlistSnapshot,
  SNAPSHOT_FIELDS,
  takeSnapshot,
} from './shortlist.snapshot.ts';

export interface ProjectView extends Project {
  statusHistory: StatusChange[];
}

export interface ShortlistItemView {
  rank: number;
  siteId: string;
  note: string | null;
  addedAt: string;
  addedBy: string | null;
  score: number | null;
  confidence: number | null;
  /** True when the site was deleted after it was shortlisted: only the snapshot remains. */
  siteDeleted: boolean;
  snapshot: ShortlistSnapshot;
  /** The site now (snapshot fields, access distances, a point inside the plot); null when deleted. */
  site: { facts: Record<string, unknown>; access: LiveSite['access']; location: LiveSite['location'] } | null;
  changedSince: FieldChange[];
}

export interface ShortlistView {
  projectId: string;
  items: ShortlistItemView[];
}

export interface CompareView {
  projectId: string;
  sites: Array<{
    siteId: string;
    name: string;
    rank: number | null;
    inShortlist: boolean;
    siteDeleted: boolean;
  }>;
  rows: CompareRow[];
}

export interface Download {
  body: Buffer | string;
  contentType: string;
  /** Ready-made `Content-Disposition` header. */
  disposition: string;
  filename: string;
}

export type ExportFormat = 'csv' | 'geojson' | 'pdf';

export interface ProjectsServiceOptions {
  /** The PDF renderer (tests may swap it); default: pdf/'s pdfkit renderer. */
  renderPdf?: (doc: ShortlistDocument, lang: Lang) => Promise<Buffer>;
  clock?: () => Date;
}

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

/** Stored needs back into the engine's type; needs saved under an older schema that no longer parse count as absent. */
function parsedNeeds(p: Project): Needs | null {
  if (!p.needs) return null;
  const r = needsSchema.safeParse(p.needs);
  return r.success ? r.data : null;
}

const pickFacts = (live: LiveSite) =>
  Object.fromEntries(SNAPSHOT_FIELDS.map((k) => [k, live.facts[k] ?? null]));

export class ProjectsService {
  private readonly renderPdf: (doc: ShortlistDocument, lang: Lang) => Promise<Buffer>;
  private readonly clock: () => Date;

  constructor(
    private readonly knex: Knex,
    private readonly store: ProjectsStore,
    opts: ProjectsServiceOptions = {},
  ) {
    this.renderPdf = opts.renderPdf ?? renderShortlistPdf;
    this.clock = opts.clock ?? (() => new Date());
  }

  // -------------------------------------------------------------------------------------------
  // Projects

  async create(body: unknown, actor: Actor, requestId?: string): Promise<ProjectView> {
    this.assertStaff(actor);
    const input = parseInput(projectCreateSchema, body, 'project');
    const territories = input.territories ?? actor.territories;
    this.assertMayAssign(actor, territories);
    return this.knex.transaction(async (trx) => {
      const id = await this.store.insert(trx, {
        ...columnsOf(input),
        status: 'lead',
        owner_organisation: actor.organisation,
        owner_territories: territories,
        created_by: actor.userId,
      });
      await this.store.addStatusChange(trx, {
        projectId: id,
        from: null,
        to: 'lead',
        lossReason: null,
        note: null,
        by: actor.userId,
      });
      const after = await this.view(id, trx);
      await recordAudit(trx, { actor, action: 'create', entity: 'project', entityId: id, after, requestId });
      return after;
    });
  }

  async list(rawQuery: unknown, actor: Actor) {
    this.assertStaff(actor);
    const query = parseInput(projectListQuerySchema, rawQuery, 'query');
    return this.store.list(query, actor);
  }

  async get(rawId: string, actor: Actor): Promise<ProjectView> {
    const p = await this.load(rawId, actor);
    return { ...p, statusHistory: await this.store.history(p.id) };
  }

  async update(rawId: string, body: unknown, actor: Actor, requestId?: string): Promise<ProjectView> {
    const id = this.parseId(rawId);
    this.assertStaff(actor);
    return this.knex.transaction(async (trx) => {
      // Access first: a caller without access learns nothing from validation messages.
      const before = await this.loadIn(trx, id, actor);
      const input = parseInput(projectPatchSchema, body, 'project change');
      const beforeView: ProjectView = { ...before, statusHistory: await this.store.history(id, trx) };
      const cols = columnsOf(input);
      if (input.territories !== undefined) {
        this.assertMayAssign(actor, input.territories);
        cols.owner_territories = input.territories;
      }
      let change: { from: ProjectStatus; to: ProjectStatus } | undefined;
      if (input.status !== undefined && input.status !== before.status) {
        if (!canMove(before.status, input.status)) {
          const allowed = STATUS_TRANSITIONS[before.status];
          throw new InputError(
            `A ${before.status} project cannot move to ${input.status}; allowed: ${allowed.join(', ') || 'none (final status)'}.`,
            [{ field: 'status', message: `cannot move from ${before.status} to ${input.status}` }],
          );
        }
        change = { from: before.status, to: input.status };
        cols.status = input.status;
        cols.status_changed_at = trx.fn.now();
        cols.loss_reason = input.status === 'lost' ? input.lossReason : null;
        cols.loss_note = input.status === 'lost' ? (input.statusNote ?? null) : null;
      } else if (input.status === 'lost' && before.status === 'lost') {
        // Correcting the reason of a loss already recorded: no new history entry.
        cols.loss_reason = input.lossReason;
        if (input.statusNote !== undefined) cols.loss_note = input.statusNote;
      }
      await this.store.update(trx, id, cols);
      if (change) {
        await this.store.addStatusChange(trx, {
          projectId: id,
          from: change.from,
          to: change.to,
          lossReason: change.to === 'lost' ? (input.lossReason ?? null) : null,
          note: input.statusNote ?? null,
          by: actor.userId,
        });
      }
      const after = await this.view(id, trx);
      await recordAudit(trx, {
        actor,
        action: 'update',
        entity: 'project',
        entityId: id,
        before: beforeView,
        after,
        requestId,
      });
      return after;
    });
  }

  async delete(rawId: string, actor: Actor, requestId?: string): Promise<void> {
    const id = this.parseId(rawId);
    this.assertStaff(actor);
    await this.knex.transaction(async (trx) => {
      const before = await this.loadIn(trx, id, actor);
      const shortlist = (await this.store.shortlist(id, trx)).map((r) => ({
        siteId: r.siteId,
        rank: r.rank,
        note: r.note,
      }));
      await this.store.delete(trx, id);
      await recordAudit(trx, {
        actor,
        action: 'delete',
        entity: 'project',
        entityId: id,
        before: { ...before, shortlist },
        requestId,
      });
    });
  }

  // -------------------------------------------------------------------------------------------
  // Shortlist

  async getShortlist(rawId: string, actor: Actor): Promise<ShortlistView> {
    const p = await this.load(rawId, actor);
    return this.shortlistView(p.id, this.knex);
  }

  /**
   * Replaces the shortlist (order = rank). A site already in the list keeps its snapshot and
   * the date it was added (unless `refreshSnapshot`); an omitted note keeps the current one,
   * `null` clears it. New sites must exist; a kept site may have been deleted meanwhile.
   */
  async putShortlist(rawId: string, body: unknown, actor: Actor, requestId?: string): Promise<ShortlistView> {
    const id = this.parseId(rawId);
    this.assertStaff(actor);
    return this.knex.transaction(async (trx) => {
      const project = await this.loadIn(trx, id, actor);
      const input = parseInput(shortlistPutSchema, body, 'shortlist');
      const current = await this.store.shortlist(id, trx);
      const existing = new Map(current.map((r) => [r.siteId, r]));
      const toSnapshot = input.items.filter((it) => !existing.has(it.siteId) || it.refreshSnapshot);
      const live = await this.store.liveSites(
        toSnapshot.map((it) => it.siteId),
        {},
        trx,
      );
      const missing = input.items
        .map((it, i) => ({ it, i }))
        .filter(({ it }) => toSnapshot.includes(it) && !live.has(it.siteId));
      if (missing.length > 0) {
        throw new InputError(
          `Unknown site in the shortlist: item ${missing[0].i} (${missing[0].it.siteId}); send ids from GET /api/sites or a match.`,
          missing.map(({ it, i }) => ({ field: `items.${i}.siteId`, message: `no site ${it.siteId}` })),
        );
      }
      const needs = parsedNeeds(project);
      const now = this.clock();
      const rows: NewShortlistRow[] = input.items.map((it, i) => {
        const prev = existing.get(it.siteId);
        const note = it.note === undefined ? (prev?.note ?? null) : it.note;
        if (prev && !it.refreshSnapshot) {
          return {
            siteId: it.siteId,
            rank: i + 1,
            note,
            snapshot: prev.snapshot,
            addedAt: prev.addedAt,
            addedBy: prev.addedBy,
          };
        }
        const snapshot = takeSnapshot(live.get(it.siteId)!, it, needs, now);
        return {
          siteId: it.siteId,
          rank: i + 1,
          note,
          snapshot,
          addedAt: prev?.addedAt,
          addedBy: prev?.addedBy ?? actor.userId,
        };
      });
      await this.store.replaceShortlist(trx, id, rows);
      await this.store.update(trx, id, {});
      const summary = (r: {
        siteId: string;
        rank: number;
        note: string | null;
        snapshot: ShortlistSnapshot;
      }) => ({
        siteId: r.siteId,
        rank: r.rank,
        note: r.note,
        score: r.snapshot.score,
        snapshotAt: r.snapshot.takenAt,
      });
      await recordAudit(trx, {
        actor,
        action: 'update',
        entity: 'shortlist',
        entityId: id,
        before: current.map(summary),
        after: rows.map(summary),
        requestId,
      });
      return this.shortlistView(id, trx);
    });
  }

  async compare(rawId: string, rawQuery: unknown, actor: Actor): Promise<CompareView> {
    const p = await this.load(rawId, actor);
    const query = parseInput(compareQuerySchema, rawQuery, 'comparison');
    const shortlist = await this.store.shortlist(p.id);
    const inList = new Map(shortlist.map((r) => [r.siteId, r]));
    const ids = query.siteIds ?? shortlist.slice(0, 6).map((r) => r.siteId);
    if (ids.length < 2) {
      throw new InputError('Compare needs 2 to 6 sites: the shortlist has fewer than 2; give siteIds=a,b.', [
        { field: 'siteIds', message: 'compare 2 to 6 sites' },
      ]);
    }
    const live = await this.store.liveSites(ids);
    const unknown = ids.filter((id) => !live.has(id) && !inList.has(id));
    if (unknown.length > 0) {
      throw new InputError(
        `Unknown site ${unknown[0]} in siteIds.`,
        unknown.map((id) => ({ field: 'siteIds', message: `no site ${id}` })),
      );
    }
    const sites: CompareSite[] = ids.map((siteId) => {
      const row = inList.get(siteId);
      const l = live.get(siteId) ?? null;
      return {
        siteId,
        name: String(l?.facts.name ?? row?.snapshot.site.name ?? siteId),
        rank: row?.rank ?? null,
        live: l,
        snapshot: row?.snapshot ?? null,
      };
    });
    return {
      projectId: p.id,
      sites: sites.map((s) => ({
        siteId: s.siteId,
        name: s.name,
        rank: s.rank,
        inShortlist: s.rank !== null,
        siteDeleted: s.live === null,
      })),
      rows: compareRows(sites),
    };
  }

  async exportShortlist(
    rawId: string,
    format: ExportFormat,
    rawQuery: unknown,
    actor: Actor,
    requestId?: string,
  ): Promise<Download> {
    const p = await this.load(rawId, actor);
    const query = parseInput(exportQuerySchema, rawQuery, 'export');
    const now = this.clock();
    const rows = await this.store.shortlist(p.id);
    const live = await this.store.liveSites(
      rows.map((r) => r.siteId),
      { geometry: format !== 'csv' },
    );
    const filename = exportFilename(p, format, query.filename === 'named', now);
    let body: Buffer | string;
    let contentType: string;
    if (format === 'pdf') {
      if (rows.length === 0) {
        throw new InputError(
          'The shortlist is empty: add sites (PUT /api/projects/:id/shortlist) before making its PDF.',
          [{ field: 'items', message: 'no site in the shortlist' }],
        );
      }
      const context = await this.store.mapContext(rows.map((r) => r.siteId).filter((id) => live.has(id)));
      const doc = buildShortlistDocument(
        p,
        parsedNeeds(p),
        rows.map((r) => ({
          rank: r.rank,
          note: r.note,
          snapshot: r.snapshot,
          live: live.get(r.siteId) ?? null,
          context: context.get(r.siteId) ?? null,
        })),
        actor,
        now,
      );
      body = await this.renderPdf(doc, query.lang);
      contentType = 'application/pdf';
    } else {
      const items: ExportItem[] = rows.map((r) => {
        const l = live.get(r.siteId) ?? null;
        return {
          rank: r.rank,
          siteId: r.siteId,
          note: r.note,
          addedAt: r.addedAt,
          snapshot: r.snapshot,
          live: l,
          changedSince: l ? changedSince(r.snapshot, l) : [],
        };
      });
      if (format === 'csv') {
        body = shortlistCsv(items, query.lang);
        contentType = 'text/csv; charset=utf-8';
      } else {
        body = JSON.stringify(shortlistGeoJson(p.id, items));
        contentType = 'application/geo+json; charset=utf-8';
      }
    }
    await recordAudit(this.knex, {
      actor,
      action: 'export',
      entity: 'project',
      entityId: p.id,
      after: { format, lang: query.lang, items: rows.length, filename },
      requestId,
    });
    return { body, contentType, disposition: attachment(filename), filename };
  }

  // -------------------------------------------------------------------------------------------
  // Observatory

  async observatory(actor: Actor): Promise<ObservatorySummary> {
    this.assertStaff(actor);
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

  // -------------------------------------------------------------------------------------------
  // Helpers

  private async view(id: string, db: Knex): Promise<ProjectView> {
    const p = await this.store.get(id, db);
    if (!p) throw new NotFoundError(`No project ${id}.`);
    return { ...p, statusHistory: await this.store.history(id, db) };
  }

  private async shortlistView(projectId: string, db: Knex): Promise<ShortlistView> {
    const rows: ShortlistRow[] = await this.store.shortlist(projectId, db);
    const live = await this.store.liveSites(
      rows.map((r) => r.siteId),
      {},
      db,
    );
    return {
      projectId,
      items: rows.map((r) => {
        const l = live.get(r.siteId) ?? null;
        return {
          rank: r.rank,
          siteId: r.siteId,
          note: r.note,
          addedAt: r.addedAt,
          addedBy: r.addedBy,
          score: r.snapshot.score,
          confidence: r.snapshot.confidence,
          siteDeleted: l === null,
          snapshot: r.snapshot,
          site: l ? { facts: pickFacts(l), access: l.access, location: l.location } : null,
          changedSince: l ? changedSince(r.snapshot, l) : [],
        };
      }),
    };
  }

  private parseId(raw: string): string {
    return parseInput(uuidSchema, raw, 'project id', 'id');
  }

  /** The project if it exists and the actor may see it: 400 malformed id, 404 none, 403 not theirs. */
  private async load(rawId: string, actor: Actor): Promise<Project> {
    const id = this.parseId(rawId);
    this.assertStaff(actor);
    return this.loadIn(this.knex, id, actor);
  }

  private async loadIn(db: Knex, id: string, actor: Actor): Promise<Project> {
    const p = await this.store.get(id, db, { forUpdate: db !== this.knex });
    if (!p) throw new NotFoundError(`No project ${id}.`);
    if (!mayAccessProject(actor, p)) {
      throw new NotAllowedError('This project belongs to another territory or organisation.');
    }
    return p;
  }

  private assertStaff(actor: Actor): void {
    if (actor.role !== 'admin' && actor.role !== 'staff') {
      throw new NotAllowedError('Projects are for staff and admins only.');
    }
  }

  /** Staff may give a project only territories they work for; admins any. */
  private assertMayAssign(actor: Actor, territories: readonly string[]): void {
    if (actor.role === 'admin') return;
    const foreign = territories.filter((t) => !actor.territories.includes(t));
    if (foreign.length > 0) {
      throw new NotAllowedError(
        `Staff may only assign their own territories (${actor.territories.join(', ') || 'none'}); not ${foreign.join(', ')}.`,
      );
    }
  }
}
