/**
 * Imports with a review step: `preview` reads a site file like a dry run, stages its valid rows
 * in `import_previews` and reports, row by row, what a commit would create or change and which
 * fields were edited by hand since the last import (conflicts); `commit` applies the preview in
 * one transaction with the user's resolutions ('keep' the hand edit or take the file's value);
 * `cancel` drops it (nothing else is touched). Editors may review files of their territories:
 * rows of other territories are reported invalid with the reason and never staged.
 * `ImportService` wires this to the access recomputation and the audit.
 */
import type { Knex } from 'knex';
import { ConflictError, InputError, NotAllowedError, NotFoundError } from '../../shared/errors.ts';
import type { Actor } from '../auth/auth.types.ts';
import { diffSiteImportRows, lastHandEdit, type SiteRowDiff } from '../sites/sites.import-diff.ts';
import type {
  SiteImportAudit,
  SiteImportRow,
  SiteImportWriter,
  SiteWriteChange,
} from '../sites/sites.import-writer.ts';
import {
  type CommitBody,
  type FieldConflict,
  type ImportPreview,
  MAX_REVIEW_ROWS,
  PREVIEW_TTL_HOURS,
  type PreviewRow,
  type ReviewFormat,
} from './import.review.schemas.ts';
import { runImport } from './import.runner.ts';
import type { ImportReport } from './import.schemas.ts';

interface StagedRow {
  line: number;
  row: SiteImportRow;
}

export interface PreviewRequest {
  format: ReviewFormat;
  file: AsyncIterable<Buffer>;
  name: string;
  size?: number;
}

/** Sites written per writer call at commit (as the runner's batches). */
const COMMIT_BATCH = 500;

export class ImportReview {
  constructor(
    private readonly knex: Knex,
    private readonly siteWriter: SiteImportWriter,
  ) {}

  async preview(request: PreviewRequest, actor: Actor): Promise<ImportPreview> {
    const staged: StagedRow[] = [];
    const report = await runImport(
      { knex: this.knex, siteWriter: this.siteWriter, stageSites: (b) => staged.push(...b) },
      { ...request, dryRun: true, skipInvalid: true },
    );
    if (report.error) {
      throw new InputError(`The file could not be read: ${report.error}`, [
        { field: 'file', code: 'invalid_file', message: report.error },
      ]);
    }
    if (report.read > MAX_REVIEW_ROWS) {
      throw new InputError(
        `The file has ${report.read} records; a review takes at most ${MAX_REVIEW_ROWS}. Split it, or import it directly (POST /api/import/${request.format}).`,
        [
          {
            field: 'file',
            code: 'too_many_records',
            params: { maximum: MAX_REVIEW_ROWS },
            message: `more than ${MAX_REVIEW_ROWS} records`,
          },
        ],
      );
    }
    const rows: PreviewRow[] = report.invalid.map((i) => ({
      line: i.line,
      status: 'invalid',
      reasons: [i.reason],
    }));
    let invalid = report.invalidCount;
    let conflicts = 0;
    const kept: Array<StagedRow & { siteId: string | null }> = [];
    const diffs = await diffSiteImportRows(
      this.knex,
      staged.map((s) => s.row),
    );
    const fileHasTerritory = staged.some((s) => 'territorySiren' in s.row.properties);
    for (const [i, { line, row }] of staged.entries()) {
      const d = diffs[i];
      const base = { line, sourceId: row.properties.sourceId, name: row.properties.name };
      const refusal = territoryRefusal(actor, d, row, fileHasTerritory);
      if (refusal) {
        invalid++;
        rows.push({
          ...base,
          ...(d.siteId ? { siteId: d.siteId } : {}),
          status: 'invalid',
          reasons: [refusal],
        });
        continue;
      }
      kept.push({ line, row, siteId: d.siteId });
      if (!d.siteId) {
        rows.push({ ...base, status: 'new' });
        continue;
      }
      const changes = d.changes
        .filter((c) => !c.handEdited)
        .map(({ field, before, after }) => ({ field, before, after }));
      const rowConflicts = await this.conflictsOf(d);
      conflicts += rowConflicts.length;
      rows.push({
        ...base,
        siteId: d.siteId,
        status: d.changes.length === 0 ? 'unchanged' : 'changed',
        ...(changes.length > 0 ? { changes } : {}),
        ...(rowConflicts.length > 0 ? { conflicts: rowConflicts } : {}),
      });
    }
    rows.sort((a, b) => a.line - b.line);
    const count = (s: PreviewRow['status']) => rows.filter((r) => r.status === s).length;
    const byLine = new Map(kept.map((k) => [k.line, k]));
    const body = {
      format: request.format,
      file: report.file,
      counts: {
        new: count('new'),
        changed: count('changed'),
        unchanged: count('unchanged'),
        invalid,
        conflicts,
      },
      rows,
      geojson: {
        type: 'FeatureCollection' as const,
        features: rows
          .filter((r) => r.status === 'new' || r.status === 'changed')
          .map((r) => ({
            type: 'Feature' as const,
            geometry: byLine.get(r.line)!.row.geometry,
            properties: {
              status: r.status as 'new' | 'changed',
              line: r.line,
              name: r.name,
              siteId: r.siteId ?? null,
              conflict: (r.conflicts?.length ?? 0) > 0,
            },
          })),
      },
    };
    await this.knex('import_previews').where('expires_at', '<', this.knex.fn.now()).delete();
    const [saved] = await this.knex('import_previews')
      .insert({
        user_id: actor.userId,
        format: request.format,
        file_name: report.file,
        expires_at: this.knex.raw(`now() + interval '${PREVIEW_TTL_HOURS} hours'`),
        report: JSON.stringify(body),
        staged: JSON.stringify(kept.map(({ line, row }) => ({ line, row }))),
      })
      .returning(['id', 'created_at', 'expires_at']);
    return {
      id: String(saved.id),
      ...body,
      createdAt: new Date(saved.created_at).toISOString(),
      expiresAt: new Date(saved.expires_at).toISOString(),
    };
  }

  /**
   * Applies a preview in one transaction; the writer records the audit rows of each batch as
   * `audit` names them (or hands the changes to `onSitesWritten`, for a writer that does not).
   * Resolves with the report and the written sites' ids.
   */
  async commit(
    id: string,
    body: CommitBody,
    actor: Actor,
    audit: SiteImportAudit,
    onSitesWritten: (trx: Knex.Transaction, changes: SiteWriteChange[]) => Promise<void>,
  ): Promise<ImportReport> {
    const started = Date.now();
    return this.knex.transaction(async (trx) => {
      const p = await this.owned(trx, id, actor, true);
      if (p.status === 'committed') {
        throw new ConflictError(
          `This import preview was already committed (${new Date(p.committed_at).toISOString()}).`,
        );
      }
      const staged = p.staged as StagedRow[];
      const diffs = await diffSiteImportRows(
        trx,
        staged.map((s) => s.row),
      );
      const resolutions = body.resolutions ?? {};
      const fileHasTerritory = staged.some((s) => 'territorySiren' in s.row.properties);
      const unresolved: Array<{ siteId: string; name: string; field: string }> = [];
      const rows = staged.map(({ row }, i) => {
        const d = diffs[i];
        const refusal = territoryRefusal(actor, d, row, fileHasTerritory);
        if (refusal) throw new NotAllowedError(`Row ${staged[i].line}: ${refusal}`);
        const keep: string[] = [];
        for (const c of d.changes.filter((x) => x.handEdited)) {
          const choice = d.siteId ? resolutions[d.siteId]?.[c.field] : undefined;
          if (!choice)
            unresolved.push({
              siteId: d.siteId!,
              name: d.currentName ?? row.properties.name,
              field: c.field,
            });
          else if (choice === 'keep') keep.push(c.field);
        }
        return keep.length > 0 ? { ...row, keep } : row;
      });
      if (unresolved.length > 0) {
        throw new InputError(
          `Resolve the conflicts before committing: ${unresolved
            .map((u) => `site "${u.name}" (${u.siteId}) field ${u.field}`)
            .join('; ')}.`,
          unresolved.map((u) => ({
            field: `resolutions.${u.siteId}.${u.field}`,
            code: 'unresolved_conflict' as const,
            params: { site: u.name },
            message: `site "${u.name}": keep the hand-edited value or take the file's`,
          })),
        );
      }
      const counts = { inserted: 0, updated: 0, unchanged: 0 };
      const changedSiteIds: string[] = [];
      for (let at = 0; at < rows.length; at += COMMIT_BATCH) {
        const r = await this.siteWriter.upsert(trx, rows.slice(at, at + COMMIT_BATCH), { audit });
        counts.inserted += r.inserted;
        counts.updated += r.updated;
        counts.unchanged += r.unchanged;
        changedSiteIds.push(...r.ids);
        if (r.changes) await onSitesWritten(trx, r.changes);
      }
      await trx('import_previews')
        .where('id', id)
        .update({ status: 'committed', committed_at: trx.fn.now(), staged: '[]' });
      const previewed = p.report as ImportPreview;
      const invalid = previewed.rows
        .filter((r) => r.status === 'invalid')
        .map((r) => ({ line: r.line, reason: (r.reasons ?? []).join('; ') }));
      const report: ImportReport = {
        format: previewed.format,
        target: 'sites',
        file: previewed.file,
        ok: true,
        dryRun: false,
        skipInvalid: true,
        error: null,
        read: previewed.rows.length,
        valid: rows.length,
        invalid,
        invalidCount: previewed.counts.invalid,
        skipped: 0,
        skippedReasons: {},
        ...counts,
        byTarget: { infrastructure: { inserted: 0, updated: 0, unchanged: 0 }, sites: { ...counts } },
        changed: { ids: [], bbox: null, kinds: [] },
        changedSiteIds,
        durationMs: Date.now() - started,
      };
      return report;
    });
  }

  /** Drops a pending preview; nothing else changes. */
  async cancel(id: string, actor: Actor): Promise<void> {
    const p = await this.owned(this.knex, id, actor, false);
    if (p.status === 'committed')
      throw new ConflictError('This import preview was already committed; nothing to cancel.');
    await this.knex('import_previews').where('id', id).delete();
  }

  /** The preview row, if it exists, has not expired and belongs to the actor. */
  private async owned(db: Knex, id: string, actor: Actor, lock: boolean) {
    const q = db('import_previews').select('*', db.raw('expires_at <= now() AS expired')).where('id', id);
    const p = await (lock ? q.forUpdate() : q).first();
    if (!p || p.expired)
      throw new NotFoundError(`No import preview ${id} (previews expire after ${PREVIEW_TTL_HOURS} hours).`);
    if (p.user_id !== actor.userId) throw new NotAllowedError('This import preview belongs to another user.');
    return p;
  }

  private async conflictsOf(d: SiteRowDiff): Promise<FieldConflict[]> {
    const out: FieldConflict[] = [];
    for (const c of d.changes.filter((x) => x.handEdited)) {
      const edit = await lastHandEdit(this.knex, d.siteId!, c.field);
      out.push({
        field: c.field,
        current: c.before,
        incoming: c.after,
        editedAt: edit?.at ?? null,
        editedBy: edit?.by ?? null,
      });
    }
    return out;
  }
}

/**
 * Why an editor may not import this row (null when they may): the existing site and the
 * territory the row leaves it in must both be theirs. Admins import everything.
 */
function territoryRefusal(
  actor: Actor,
  d: SiteRowDiff,
  row: SiteImportRow,
  fileHasTerritory: boolean,
): string | null {
  if (actor.role === 'admin') return null;
  const mine = actor.territories;
  const list = mine.join(', ') || 'none';
  if (d.siteId && (!d.territory || !mine.includes(d.territory))) {
    return `site "${d.currentName}" belongs to territory ${d.territory ?? '(none)'}, not one of yours (${list})`;
  }
  const incoming = row.properties.territorySiren;
  const after = typeof incoming === 'string' ? incoming : fileHasTerritory || !d.siteId ? null : d.territory;
  if (!after) return `territorySiren is required: editors import sites of their territories (${list})`;
  if (!mine.includes(after)) return `territorySiren ${after} is not one of your territories (${list})`;
  return null;
}
