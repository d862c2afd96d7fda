/**
 * Server-side PDF of a project's shortlist (pdfkit, no browser), A4 portrait.
 *
 * Pages, in order:
 *   1. cover — project summary with needs in words, agency, date, confidentiality mention, and
 *      a table of contents with the page numbers below;
 *   2. overview map — France in Lambert-93, sites as numbered markers in rank order;
 *   3 … — one sheet per site, in rank order, each on one page or more: explanations are never
 *      cut, a sheet whose texts do not fit goes on on continuation pages;
 *   then the comparison table on `ceil(n / 6)` pages (one page up to 6 sites).
 * When every sheet fits on its page, total = 2 + n + ceil(n / 6): 3 sites → 6 pages, 20 → 26.
 * The cover is drawn last, once the page numbers of its contents are known.
 *
 * Text is real text in embedded DejaVu Sans subsets (accents, «», €, ≥, œ print and copy
 * correctly); every page ends with "p / n".
 */
import { columnChunks, comparisonPageCount, comparisonRows, drawComparisonPage } from './comparison-pages.ts';
import { drawCoverPage } from './cover-page.ts';
import { drawOverviewPage } from './overview-page.ts';
import { type Ctx, drawFooter, registerFonts, startPdf } from './pdf-draw.ts';
import { formatDate } from './pdf-format.ts';
import { label, localized } from './pdf-labels.ts';
import type { Lang, ShortlistDocument } from './shortlist-document.ts';
import { drawSitePage } from './site-page.ts';

/**
 * Page count for `n` sites whose sheets each fit on one page (the least a shortlist takes):
 * `shortlistPageCount(3)` → `6`, `shortlistPageCount(20)` → `26`; `sheetPages` counts longer sheets.
 */
export function shortlistPageCount(n: number, sheetPages = n): number {
  return 2 + sheetPages + comparisonPageCount(n);
}

/**
 * Renders the shortlist PDF in French or English.
 * `await renderShortlistPdf(doc, 'fr')` → a Buffer starting with `%PDF-`.
 */
export async function renderShortlistPdf(data: ShortlistDocument, lang: Lang = 'fr'): Promise<Buffer> {
  if (data.items.length === 0) throw new Error('renderShortlistPdf: the shortlist has no items');
  const items = [...data.items].sort((a, b) => a.rank - b.rank);
  const generatedAt = new Date(data.generatedAt);
  const { doc, done } = startPdf(lang, {
    Title: `${label(lang, 'coverTitle')} — ${label(lang, 'project')} ${data.project.codeName}`,
    Author: data.agencyName,
    Subject: localized(data.confidentiality, lang) || label(lang, 'confidential'),
    CreationDate: generatedAt,
  });

  await registerFonts(doc);
  const ctx: Ctx = {
    doc,
    lang,
    data,
    confidential: localized(data.confidentiality, lang) || label(lang, 'confidential'),
  };
  const addPage = () => doc.addPage({ size: 'A4', margin: 0 });

  addPage(); // the cover, drawn at the end
  addPage();
  drawOverviewPage(ctx, items);
  let sheetPages = 0;
  for (const item of items) {
    addPage();
    sheetPages += drawSitePage(ctx, item, addPage);
  }
  const rows = comparisonRows(ctx, items);
  const chunksOfColumns = columnChunks(items.length);
  chunksOfColumns.forEach((cols, i) => {
    addPage();
    drawComparisonPage(ctx, items, rows, cols, i + 1, chunksOfColumns.length);
  });
  doc.switchToPage(0);
  drawCoverPage(ctx, items, {
    overview: [2, 2],
    sheets: [3, 2 + sheetPages],
    comparison: [3 + sheetPages, 2 + sheetPages + chunksOfColumns.length],
  });

  // Footers last, once the total is known.
  const range = doc.bufferedPageRange();
  const issued = `${label(lang, 'generatedOn')} ${formatDate(lang, data.generatedAt)}`;
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    drawFooter(ctx, i + 1, range.count, issued);
  }
  doc.end();
  return done;
}
