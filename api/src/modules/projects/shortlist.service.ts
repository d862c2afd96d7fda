/**
 * Use cases of a project's shortlist: read it with what changed on each live site since its
 * snapshot, replace it (snapshots taken for new sites, kept for the others), and compare 2 to 6
 * sites. Changes are audited in their transaction with the ranks before and after.
 */
import type { Transactor, Tx } from '../../db/transaction.ts';
import { InputError } from '../../shared/errors.ts';
import { parseInput } from '../../shared/validation.ts';
import type { Actor } from '../auth/auth.types.ts';
import { ProjectGuard, parsedNeeds } from './projects.guard.ts';
import {
  type Comparison,
  compareQuerySchema,
  type Shortlist,
  type ShortlistSnapshot,
  shortlistPutSchema,
} from './projects.schemas.ts';
import type { LiveSite, NewShortlistRow, ProjectsStore } from './projects.store.ts';
import { type CompareSite, compareRows } from './shortlist.compare.ts';
import { changedSince, SNAPSHOT_FIELDS, takeSnapshot } from './shortlist.snapshot.ts';

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
   */
  async put(rawId: string, body: unknown, actor: Actor, requestId?: string): Promise<Shortlist> {
    const id = this.guard.parseId(rawId);
    this.guard.assertStaff(actor);
    return this.db.transaction(async (tx) => {
      const project = await this.guard.loadForUpdate(tx, id, actor);
      const input = parseInput(shortlistPutSchema, body, 'shortlist');
      const current = await this.store.shortlist(id, tx);
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
      await this.store.replaceShortlist(tx, id, rows);
      // Touches the project (updated_at): a shortlist change is a change of the project.
      await this.store.update(tx, id, {});
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

  private async view(projectId: string, tx?: Tx): Promise<Shortlist> {
    const rows = await this.store.shortlist(projectId, tx);
    const live = await this.store.liveSites(
      rows.map((r) => r.siteId),
      {},
      tx,
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
}
