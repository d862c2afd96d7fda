/**
 * The public one-page sheet of a published site (issue 13 item 10), A4 portrait, French or
 * English: heading with the data-quality and label pills; what to know (illustrative values,
 * straight-line estimates); mini-map with the access legend (distances and drive times) on the
 * left, key facts and contact on the right; labour pool and readiness; source and freshness.
 *
 * Built from the shortlist PDF's parts (projects/pdf: heading, mini-map, access legend, facts,
 * contact panel, readiness, footer), so the two documents show a site the same way. Always
 * one page: the blocks under the map are placed while they fit and the rest is left out
 * (readiness entries beyond the page are counted in a "+ n" line).
 */
import { drawMiniMap } from '../../projects/pdf/mini-map.ts';
import {
  COLOR,
  CONTENT,
  type Ctx,
  drawContactPanel,
  drawFooter,
  drawPageHeader,
  drawSectionTitle,
  drawText,
  measureText,
  registerFonts,
  startPdf,
  type TextStyle,
  tr,
} from '../../projects/pdf/pdf-draw.ts';
import { formatDate, formatNumber, NBSP } from '../../projects/pdf/pdf-format.ts';
import { valueLabel } from '../../projects/pdf/pdf-labels.ts';
import { flagBlocks, readinessBlocks } from '../../projects/pdf/sheet-blocks.ts';
import type { Block } from '../../projects/pdf/sheet-flow.ts';
import type { Lang, ShortlistItem } from '../../projects/pdf/shortlist-document.ts';
import { drawAccessLegend, drawFacts, drawSiteHeading } from '../../projects/pdf/site-page.ts';
import { sheetLabel } from './site-sheet.labels.ts';

export interface LabourPoolRow {
  minutes: number;
  population: number;
  active: number;
  unemployed: number;
  method: 'road' | 'estimate';
}

/** Everything the sheet prints, gathered by SiteSheetService (the renderer reads no database). */
export interface SiteSheetDocument {
  /** The site as the shortlist's pages take it (rank and score unused), with its flags. */
  item: ShortlistItem;
  labourPool: LabourPoolRow[];
  source: { name: string | null; url: string | null; updatedAt: string | null };
  recordUpdatedAt: string | null;
  illustrativeFields: number;
  /** The territory publishing the site (band, document author). */
  agencyName: string;
  generatedAt: string;
  /** Where the site is on the public map (printed under the contact), when the public URL is known. */
  mapUrl: string | null;
}

/** The page's lowest y for content (above the footer). */
const BOTTOM = CONTENT.bottom;

/** `await renderSiteSheet(doc, 'en')` → a one-page PDF Buffer. */
export async function renderSiteSheet(sheet: SiteSheetDocument, lang: Lang): Promise<Buffer> {
  const site = sheet.item.site;
  const { doc, done } = startPdf(lang, {
    Title: `${sheetLabel(lang, 'band')} — ${site.name}`,
    Author: sheet.agencyName,
    Subject: sheetLabel(lang, 'publicDocument'),
    CreationDate: new Date(sheet.generatedAt),
  });
  await registerFonts(doc);
  const ctx: Ctx = {
    doc,
    lang,
    // The shared drawing helpers read the agency and the date from a shortlist document.
    data: {
      project: { codeName: '', sector: '', needs: {} },
      agencyName: sheet.agencyName,
      contact: { name: '' },
      generatedAt: sheet.generatedAt,
      items: [sheet.item],
    },
    confidential: sheetLabel(lang, 'publicDocument'),
  };
  doc.addPage({ size: 'A4', margin: 0 });
  drawPageHeader(ctx, '', undefined, sheetLabel(lang, 'band'));
  let y = drawSiteHeading(ctx, site, CONTENT.x, 42, CONTENT.w) + 6;
  for (const b of flagBlocks(ctx, sheet.item)) {
    b.draw(y);
    y += b.h;
  }

  // Map and its access legend on the left; key facts and the contact on the right.
  const mapW = 300;
  const mapH = 200;
  const map = drawMiniMap(ctx, sheet.item, { x: CONTENT.x, y, w: mapW, h: mapH });
  const legendH = drawAccessLegend(
    ctx,
    sheet.item,
    map.metresPerPoint,
    CONTENT.x,
    y + mapH + 6,
    mapW,
    15 + 12.5 * 7,
  );
  const rx = CONTENT.x + mapW + 16;
  const rw = CONTENT.w - mapW - 16;
  let ry = y + drawFacts(ctx, site, rx, y, rw) + 8;
  if (site.contact) ry += drawContactPanel(ctx, tr(ctx, 'contact'), site.contact, rx, ry, rw, 110) + 6;
  else ry += drawText(doc, sheetLabel(lang, 'noContact'), rx, ry, rw, { size: 8, color: COLOR.muted }) + 6;
  const interested = sheet.mapUrl
    ? sheetLabel(lang, 'interested', { url: sheet.mapUrl })
    : sheetLabel(lang, 'interestedNoUrl');
  ry += drawText(doc, interested, rx, ry, rw, {
    font: 'cond',
    size: 7.5,
    color: COLOR.teal,
    maxLines: 4,
    ...(sheet.mapUrl ? { link: sheet.mapUrl } : {}),
  });
  y = Math.max(y + mapH + 6 + legendH, ry) + 10;

  // Labour pool on the left, readiness on the right, then source and freshness across.
  const colGap = 18;
  const colW = (CONTENT.w - colGap) / 2;
  const sourceBlock = drawSourceSection(ctx, sheet, CONTENT.x, CONTENT.w, true);
  const columnsBottom = BOTTOM - sourceBlock.h - 6;
  const leftBottom = drawLabourPool(ctx, sheet.labourPool, CONTENT.x, y, colW);
  const rightBottom = placeWhileFits(
    ctx,
    readinessBlocks(ctx, site.readiness ?? [], CONTENT.x + colW + colGap, colW),
    y,
    columnsBottom,
    CONTENT.x + colW + colGap,
    colW,
  );
  drawSourceSection(ctx, sheet, CONTENT.x, CONTENT.w, false, Math.max(leftBottom, rightBottom) + 8);

  drawFooter(ctx, 1, 1, `${tr(ctx, 'generatedOn')} ${formatDate(lang, sheet.generatedAt)}`);
  doc.end();
  return done;
}

/** Draws the blocks from `y` while they fit above `bottom`; the ones left are counted in a last line. */
function placeWhileFits(ctx: Ctx, blocks: Block[], y: number, bottom: number, x: number, w: number): number {
  let cy = y;
  for (let i = 0; i < blocks.length; i++) {
    if (cy + blocks[i].h > bottom - 12) {
      const left = blocks.length - i;
      drawText(ctx.doc, tr(ctx, 'moreItems', { n: left }), x, cy, w, {
        size: 7.5,
        color: COLOR.muted,
        maxLines: 1,
      });
      return cy + 12;
    }
    blocks[i].draw(cy);
    cy += blocks[i].h;
  }
  return cy;
}

/** Population, working and unemployed people within 20, 30 and 45 minutes; returns the y below. */
function drawLabourPool(ctx: Ctx, rows: LabourPoolRow[], x: number, y: number, w: number): number {
  const { doc, lang } = ctx;
  let cy = y + drawSectionTitle(doc, sheetLabel(lang, 'labourPool'), x, y, w);
  if (rows.length === 0) {
    return (
      cy + drawText(doc, sheetLabel(lang, 'labourUnknown'), x, cy, w, { size: 8, color: COLOR.muted }) + 4
    );
  }
  const cols = [w * 0.28, w * 0.22, w * 0.27, w * 0.23];
  const head = [
    '',
    sheetLabel(lang, 'population'),
    sheetLabel(lang, 'active'),
    sheetLabel(lang, 'unemployed'),
  ];
  const headStyle: TextStyle = { font: 'cond', size: 7, color: COLOR.muted, align: 'right', maxLines: 2 };
  const headH = Math.max(...head.map((h, i) => measureText(doc, h, cols[i] - 4, headStyle)));
  let cx = x;
  head.forEach((h, i) => {
    drawText(doc, h, cx, cy, cols[i] - 4, headStyle);
    cx += cols[i];
  });
  cy += headH + 3;
  const estimated = rows.some((r) => r.method === 'estimate');
  rows.forEach((r, i) => {
    if (i % 2 === 0)
      doc
        .save()
        .rect(x, cy - 1.5, w, 13)
        .fill(COLOR.panel)
        .restore();
    const approx = r.method === 'estimate' ? `≈${NBSP}` : '';
    const cells = [
      sheetLabel(lang, 'withinMinutes', { n: r.minutes }),
      approx + formatNumber(lang, r.population, 0),
      approx + formatNumber(lang, r.active, 0),
      approx + formatNumber(lang, r.unemployed, 0),
    ];
    cx = x;
    cells.forEach((c, j) => {
      drawText(doc, c, cx + (j === 0 ? 4 : 0), cy, cols[j] - 4, {
        font: j === 0 ? 'cond' : 'condBold',
        size: 8,
        color: COLOR.ink,
        align: j === 0 ? 'left' : 'right',
        maxLines: 1,
      });
      cx += cols[j];
    });
    cy += 13;
  });
  cy += 3;
  const note = `${estimated ? `${sheetLabel(lang, 'labourEstimate')} ` : ''}${sheetLabel(lang, 'labourSource')}`;
  return cy + drawText(doc, note, x, cy, w, { font: 'cond', size: 7, color: COLOR.muted, maxLines: 3 });
}

/**
 * Source, its date, the record's date, the data quality and the illustrative marks, then the
 * disclaimer. With `measureOnly` nothing is drawn: the height tells the columns above where to stop.
 */
function drawSourceSection(
  ctx: Ctx,
  sheet: SiteSheetDocument,
  x: number,
  w: number,
  measureOnly: boolean,
  y = 0,
): { h: number } {
  const { doc, lang } = ctx;
  const site = sheet.item.site;
  const date = (iso: string | null) => (iso ? formatDate(lang, iso) : sheetLabel(lang, 'dash'));
  const sep = lang === 'fr' ? `${NBSP}: ` : ': ';
  const lines: Array<{ text: string; style: TextStyle; link?: string }> = [];
  const src = sheet.source.name ?? sheetLabel(lang, 'dash');
  lines.push({
    text: `${sheetLabel(lang, 'source')}${sep}${src}${sheet.source.url ? ` — ${sheet.source.url}` : ''}`,
    style: { size: 8, color: COLOR.ink, maxLines: 2 },
    ...(sheet.source.url ? { link: sheet.source.url } : {}),
  });
  lines.push({
    text: [
      `${sheetLabel(lang, 'sourceUpdated')}${sep}${date(sheet.source.updatedAt)}`,
      `${sheetLabel(lang, 'recordUpdated')}${sep}${date(sheet.recordUpdatedAt)}`,
      `${sheetLabel(lang, 'dataQuality')}${sep}${site.dataQuality ? valueLabel(lang, 'quality', site.dataQuality) : tr(ctx, 'notStated')}`,
    ].join(' · '),
    style: { size: 8, color: COLOR.ink, maxLines: 2 },
  });
  if (site.dataQuality === 'illustrative')
    lines.push({
      text: sheetLabel(lang, 'illustrativeSite'),
      style: { font: 'condBold', size: 8, color: COLOR.amber },
    });
  else if (sheet.illustrativeFields > 0)
    lines.push({
      text: sheetLabel(lang, 'illustrativeFields', { n: sheet.illustrativeFields }),
      style: { font: 'condBold', size: 8, color: COLOR.amber },
    });
  lines.push({
    text: sheetLabel(lang, 'disclaimer'),
    style: { font: 'oblique', size: 7.5, color: COLOR.muted },
  });
  const heights = lines.map((l) => measureText(doc, l.text, w, l.style) + 2);
  const h = 17 + heights.reduce((a, b) => a + b, 0);
  if (measureOnly) return { h };
  let cy = y + drawSectionTitle(doc, sheetLabel(lang, 'sourceTitle'), x, y, w);
  lines.forEach((l, i) => {
    drawText(doc, l.text, x, cy, w, { ...l.style, ...(l.link ? { link: l.link } : {}) });
    cy += heights[i];
  });
  return { h };
}
