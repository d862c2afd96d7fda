/**
 * Use cases of a project's shortlist: read it with what changed on each live site since its
 * snapshot, replace it (snapshots taken for new sites, kept for the others), and compare 2 to 6
 * sites. Changes are audited in their transaction with the ranks before and after.
 */
import type { Transactor, Tx } from '../../db/transaction.ts';
import { ConflictError, InputError, NotFoundError } from '../../shared/errors.ts';
import { parseInput } from '../../shared/validation.ts';
import { assertVersion } from '../../shared/versioning.ts';
import type { Actor } from '../auth/auth.types.ts';
import { ProjectGuard, parsedNeeds } from './projects.guard.ts';
import {
  type Comparison,
  compareQuerySchema,
  MAX_SHORTLIST_ITEMS,
  type Project,
  type Shortlist,
  type ShortlistSnapshot,
  shortlistPutSchema,
  uuidSchema,
} from './projects.schemas.ts';
import type { LiveSite, NewShortlistRow, ProjectsStore, ShortlistRow } from './projects.store.ts';
import { type CompareSite, compareRows } from './shortlist.compare.ts';
import { changedSince, SNAPSHOT_FIELDS, takeSnapshot } from './shortlist.snapshot.ts';
import { shortlistItemAddSchema, shortlistItemPatchSchema } from './shortlist-items.schemas.ts';

const pickFacts = (live: LiveSite) =>
  Object.fromEntries(SNAPSHOT_FIELDS.map((k) => [k, live.facts[k] ?? null]));

/** What the audit log keeps of an item: enough to see a rank, note or score change. */
const auditSummary = (r: {
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

/** A stored row as the row to write back, at its new rank. */
const kept = (r: ShortlistRow, rank: number): NewShortlistRow => ({
  siteId: r.siteId,
  rank,
  note: r.note,
  snapshot: r.snapshot,
  addedAt: r.addedAt,
  addedBy: r.addedBy,
});
const reranked = (rows: NewShortlistRow[]) => rows.map((r, i) => ({ ...r, rank: i + 1 }));

type Change = (current: ShortlistRow[], project: Project, tx: Tx) => Promise<NewShortlistRow[]>;

export class ShortlistService {
  private readonly guard: ProjectGuard;

  constructor(
    private readonly db: Transactor,
    private readonly store: ProjectsStore,
    private readonly clock: () => Date = () => new Date(),
  ) {
    this.guard = new ProjectGuard(store);
  }

  async get(rawId: string, actor: Actor): Promise<Shortlist> {
    const p = await this.guard.load(rawId, actor);
    return this.view(p.id);
  }

  /**
   * Replaces the shortlist (order = rank). A site already in the list keeps its snapshot and
   * the date it was added (unless `refreshSnapshot`); an omitted note keeps the current one,
   * `null` clears it. New sites must exist; a kept site may have been deleted meanwhile.
   * `ifMatch`: the shortlist version the caller last read; a stale one is a 412.
   */
  async put(
    rawId: string,
    body: unknown,
    actor: Actor,
    requestId?: string,
    ifMatch?: number,
  ): Promise<Shortlist> {
    return this.change(rawId, actor, requestId, ifMatch, async (current, project, tx) => {
      const input = parseInput(shortlistPutSchema, body, 'shortlist');
      const existing = new Map(current.map((r) => [r.siteId, r]));
      const toSnapshot = input.items.filter((it) => !existing.has(it.siteId) || it.refreshSnapshot);
      const live = await this.store.liveSites(
        toSnapshot.map((it) => it.siteId),
        {},
        tx,
      );
      const missing = input.items
        .map((it, i) => ({ it, i }))
        .filter(({ it }) => toSnapshot.includes(it) && !live.has(it.siteId));
      if (missing.length > 0) {
        throw new InputError(
          `Unknown site in the shortlist: item ${missing[0].i} (${missing[0].it.siteId}); send ids from GET /api/sites or a match.`,
          missing.map(({ it, i }) => ({
            field: `items.${i}.siteId`,
            code: 'unknown_site' as const,
            message: `no site ${it.siteId}`,
          })),
        );
      }
      const needs = parsedNeeds(project);
      const now = this.clock();
      return input.items.map((it, i) => {
        const prev = existing.get(it.siteId);
        const note = it.note === undefined ? (prev?.note ?? null) : it.note;
        if (prev && !it.refreshSnapshot) return { ...kept(prev, i + 1), note };
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
    });
  }

  /** Adds one site (snapshot taken now) at `position` (default: last). 409 when already listed. */
  async addItem(rawId: string, body: unknown, actor: Actor, requestId?: string): Promise<Shortlist> {
    return this.change(rawId, actor, requestId, undefined, async (current, project, tx) => {
      const { position, ...item } = parseInput(shortlistItemAddSchema, body, 'shortlist item');
      const there = current.find((r) => r.siteId === item.siteId);
      if (there) {
        throw new ConflictError(`Site ${item.siteId} is already in this shortlist (rank ${there.rank}).`, {
          siteId: item.siteId,
          rank: there.rank,
        });
      }
      if (current.length >= MAX_SHORTLIST_ITEMS) {
        throw new InputError(`The shortlist is full (${MAX_SHORTLIST_ITEMS} sites): remove one first.`, [
          {
            field: 'siteId',
            code: 'list_full',
            params: { maximum: MAX_SHORTLIST_ITEMS },
            message: `at most ${MAX_SHORTLIST_ITEMS} sites`,
          },
        ]);
      }
      const live = (await this.store.liveSites([item.siteId], {}, tx)).get(item.siteId);
      if (!live) {
        throw new InputError(`No site ${item.siteId}; send ids from GET /api/sites or a match.`, [
          { field: 'siteId', code: 'unknown_site', message: `no site ${item.siteId}` },
        ]);
      }
      const row: NewShortlistRow = {
        siteId: item.siteId,
        rank: 0,
        note: item.note ?? null,
        snapshot: takeSnapshot(live, item, parsedNeeds(project), this.clock()),
        addedBy: actor.userId,
      };
      const rows = current.map((r) => kept(r, r.rank));
      rows.splice(Math.min(position ?? rows.length + 1, rows.length + 1) - 1, 0, row);
      return reranked(rows);
    });
  }

  /** Moves one item to `position` and/or changes its note (null clears it). 404 when not listed. */
  async updateItem(rawId: string, rawSiteId: string, body: unknown, actor: Actor, requestId?: string) {
    const siteId = parseInput(uuidSchema, rawSiteId, 'site id', 'siteId');
    return this.change(rawId, actor, requestId, undefined, async (current) => {
      const input = parseInput(shortlistItemPatchSchema, body, 'shortlist item change');
      const rows = current.map((r) => kept(r, r.rank));
      const i = this.indexOf(rows, siteId);
      const [row] = rows.splice(i, 1);
      if (input.note !== undefined) row.note = input.note;
      rows.splice(Math.min(input.position ?? i + 1, rows.length + 1) - 1, 0, row);
      return reranked(rows);
    });
  }

  /** Removes one item (the others move up). 404 when not listed. */
  async removeItem(rawId: string, rawSiteId: string, actor: Actor, requestId?: string): Promise<Shortlist> {
    const siteId = parseInput(uuidSchema, rawSiteId, 'site id', 'siteId');
    return this.change(rawId, actor, requestId, undefined, async (current) => {
      const rows = current.map((r) => kept(r, r.rank));
      rows.splice(this.indexOf(rows, siteId), 1);
      return reranked(rows);
    });
  }

  private indexOf(rows: NewShortlistRow[], siteId: string): number {
    const i = rows.findIndex((r) => r.siteId === siteId);
    if (i < 0) throw new NotFoundError(`Site ${siteId} is not in this shortlist.`);
    return i;
  }

  /**
   * One shortlist write: the project row locked (so concurrent item operations apply one
   * after the other, each to the list the previous one left), the version checked, the new
   * rows written, the shortlist version bumped and the change audited with ranks before/after.
   */
  private async change(
    rawId: string,
    actor: Actor,
    requestId: string | undefined,
    ifMatch: number | undefined,
    work: Change,
  ): Promise<Shortlist> {
    const id = this.guard.parseId(rawId);
    this.guard.assertStaff(actor);
    return this.db.transaction(async (tx) => {
      const project = await this.guard.loadForUpdate(tx, id, actor);
      const version = await this.store.shortlistVersion(id, tx);
      if (version) assertVersion('shortlist', ifMatch, version);
      const current = await this.store.shortlist(id, tx);
      const rows = await work(current, project, tx);
      await this.store.replaceShortlist(tx, id, rows);
      // A shortlist change is a change of the project (updated_at), not of its version.
      await this.store.touchShortlist(tx, id, actor.userId);
      await this.store.recordAudit(
        {
          actor,
          action: 'update',
          entity: 'shortlist',
          entityId: id,
          before: current.map(auditSummary),
          after: rows.map(auditSummary),
          requestId,
        },
        tx,
      );
      return this.view(id, tx);
    });
  }

  async compare(rawId: string, rawQuery: unknown, actor: Actor): Promise<Comparison> {
    const p = await this.guard.load(rawId, actor);
    const query = parseInput(compareQuerySchema, rawQuery, 'comparison');
    const shortlist = await this.store.shortlist(p.id);
    const inList = new Map(shortlist.map((r) => [r.siteId, r]));
    const ids = query.siteIds ?? shortlist.slice(0, 6).map((r) => r.siteId);
    if (ids.length < 2) {
      throw new InputError('Compare needs 2 to 6 sites: the shortlist has fewer than 2; give siteIds=a,b.', [
        {
          field: 'siteIds',
          code: 'count_out_of_range',
          params: { min: 2, max: 6 },
          message: 'compare 2 to 6 sites',
        },
      ]);
    }
    const live = await this.store.liveSites(ids);
    const unknown = ids.filter((id) => !live.has(id) && !inList.has(id));
    if (unknown.length > 0) {
      throw new InputError(
        `Unknown site ${unknown[0]} in siteIds.`,
        unknown.map((id) => ({ field: 'siteIds', code: 'unknown_site' as const, message: `no site ${id}` })),
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

  private async view(projectId: string, tx?: Tx): Promise<Shortlist> {
    const rows = await this.store.shortlist(projectId, tx);
    const live = await this.store.liveSites(
      rows.map((r) => r.siteId),
      {},
      tx,
    );
    const version = await this.store.shortlistVersion(projectId, tx);
    return {
      projectId,
      ...(version ? { version: version.version } : {}),
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
}
