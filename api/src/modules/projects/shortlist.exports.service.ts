/**
 * The shortlist's downloads: CSV and GeoJSON of the items with what changed since their
 * snapshots, and the PDF dossier (shortlist.pdf.ts builds its document, pdf/ draws it).
 * Every download is audited, since it takes confidential data out of the service.
 */
import { InputError } from '../../shared/errors.ts';
import { parseInput } from '../../shared/validation.ts';
import type { Actor } from '../auth/auth.types.ts';
import { renderShortlistPdf } from './pdf/render-shortlist-pdf.ts';
import type { Lang, ShortlistDocument } from './pdf/shortlist-document.ts';
import { ProjectGuard, parsedNeeds } from './projects.guard.ts';
import { exportQuerySchema, type Project } from './projects.schemas.ts';
import type { LiveSite, ProjectsStore, ShortlistRow } from './projects.store.ts';
import {
  attachment,
  type Download,
  type ExportItem,
  exportFilename,
  shortlistCsv,
  shortlistGeoJson,
  shortlistTableCsv,
} from './shortlist.export.ts';
import { buildShortlistDocument } from './shortlist.pdf.ts';
import { changedSince } from './shortlist.snapshot.ts';

/** `csv`: codes and raw numbers (machine); `table.csv`: names, labels, percentages in `lang` (people). */
export type ExportFormat = 'csv' | 'table.csv' | 'geojson' | 'pdf';

export interface ShortlistExportsOptions {
  /** The PDF renderer (tests may swap it); default: pdf/'s pdfkit renderer. */
  renderPdf?: (doc: ShortlistDocument, lang: Lang) => Promise<Buffer>;
  clock?: () => Date;
}

export class ShortlistExports {
  private readonly guard: ProjectGuard;
  private readonly renderPdf: (doc: ShortlistDocument, lang: Lang) => Promise<Buffer>;
  private readonly clock: () => Date;

  constructor(
    private readonly store: ProjectsStore,
    opts: ShortlistExportsOptions = {},
  ) {
    this.guard = new ProjectGuard(store);
    this.renderPdf = opts.renderPdf ?? renderShortlistPdf;
    this.clock = opts.clock ?? (() => new Date());
  }

  async export(
    rawId: string,
    format: ExportFormat,
    rawQuery: unknown,
    actor: Actor,
    requestId?: string,
  ): Promise<Download> {
    const p = await this.guard.load(rawId, actor);
    const query = parseInput(exportQuerySchema, rawQuery, 'export');
    const now = this.clock();
    const rows = await this.store.shortlist(p.id);
    const live = await this.store.liveSites(
      rows.map((r) => r.siteId),
      { geometry: format === 'geojson' || format === 'pdf' },
    );
    const filename = exportFilename(p, format, query.filename, query.lang, now);
    const { body, contentType } =
      format === 'pdf'
        ? { body: await this.pdf(p, rows, live, actor, now, query.lang), contentType: 'application/pdf' }
        : this.table(p, rows, live, format, query.lang);
    await this.store.recordAudit({
      actor,
      action: 'export',
      entity: 'project',
      entityId: p.id,
      after: { format, lang: query.lang, items: rows.length, filename },
      requestId,
    });
    return { body, contentType, disposition: attachment(filename), filename };
  }

  private async pdf(
    p: Project,
    rows: ShortlistRow[],
    live: Map<string, LiveSite>,
    actor: Actor,
    now: Date,
    lang: Lang,
  ): Promise<Buffer> {
    if (rows.length === 0) {
      throw new InputError(
        'The shortlist is empty: add sites (PUT /api/projects/:id/shortlist) before making its PDF.',
        [{ field: 'items', code: 'empty', message: 'no site in the shortlist' }],
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
    return this.renderPdf(doc, lang);
  }

  private table(
    p: Project,
    rows: ShortlistRow[],
    live: Map<string, LiveSite>,
    format: 'csv' | 'table.csv' | 'geojson',
    lang: Lang,
  ): { body: string; contentType: string } {
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
    if (format === 'table.csv')
      return { body: shortlistTableCsv(items, lang), contentType: 'text/csv; charset=utf-8' };
    return format === 'csv'
      ? { body: shortlistCsv(items, lang), contentType: 'text/csv; charset=utf-8' }
      : {
          body: JSON.stringify(shortlistGeoJson(p.id, items)),
          contentType: 'application/geo+json; charset=utf-8',
        };
  }
}
