/**
 * Cover page: a tall navy band with the agency, the project's code name, the issue date and
 * the confidentiality mention; then the project summary with its needs in words, the ranked
 * list of proposed sites, and the agency contact.
 */

import {
  COLOR,
  CONTENT,
  type Ctx,
  drawContactPanel,
  drawPanel,
  drawPill,
  drawRankMarker,
  drawSectionTitle,
  drawText,
  loc,
  measureText,
  PAGE,
  textWidth,
  tr,
} from './pdf-draw.ts';
import { departmentCode, formatDate, formatEurMillions, formatNumber, formatScore } from './pdf-format.ts';
import { methodLine } from './pdf-labels.ts';
import { phraseNeeds } from './pdf-needs.ts';
import type { ShortlistItem } from './shortlist-document.ts';

const BAND_H = 292;

/**
 * How the listed scores were computed: one sentence when every site was scored the same way
 * (the usual case: one match), else a pointer to the sheets, which name each site's method.
 */
export function scoreMethodLine(ctx: Ctx, items: readonly ShortlistItem[]): string {
  const kinds = new Set(items.map((it) => it.scoreKind ?? 'weighted_sum'));
  return kinds.size === 1 ? methodLine(ctx.lang, [...kinds][0]) : tr(ctx, 'methodMixed');
}

/** First and last page of each part of the document, for the table of contents. */
export interface Contents {
  overview: [number, number];
  sheets: [number, number];
  comparison: [number, number];
}

/** Draws the cover (page 1). */
export function drawCoverPage(ctx: Ctx, items: ShortlistItem[], contents: Contents): void {
  const { doc, data } = ctx;
  const p = data.project;

  doc.save().rect(0, 0, PAGE.w, BAND_H).fill(COLOR.navy).restore();
  doc.save().rect(0, BAND_H, PAGE.w, 4).fill(COLOR.teal).restore();
  drawText(doc, data.agencyName, CONTENT.x, 38, CONTENT.w * 0.55, {
    font: 'bold',
    size: 12,
    color: COLOR.white,
    maxLines: 2,
  });
  const pillText = ctx.confidential;
  const pillW = textWidth(doc, pillText, { font: 'bold', size: 7.5 }) + 7.5 * 1.4;
  drawPill(doc, pillText, CONTENT.x + CONTENT.w - pillW, 38, {
    bg: COLOR.white,
    fg: COLOR.confidential,
    size: 7.5,
  });

  drawText(doc, tr(ctx, 'coverKicker').toUpperCase(), CONTENT.x, 118, CONTENT.w, {
    font: 'bold',
    size: 9,
    color: '#8FD3DB',
    characterSpacing: 1.2,
    maxLines: 1,
  });
  drawText(doc, tr(ctx, 'coverTitle'), CONTENT.x, 134, CONTENT.w, {
    font: 'bold',
    size: 30,
    color: COLOR.white,
    maxLines: 1,
  });
  const projectLine = `${tr(ctx, 'project')} ${p.codeName}`;
  const ph = drawText(doc, projectLine, CONTENT.x, 178, CONTENT.w, {
    size: 18,
    color: '#C9D6E3',
    maxLines: 2,
  });
  const sub = [loc(ctx, p.sector), p.company].filter(Boolean).join(' · ');
  drawText(doc, sub, CONTENT.x, 184 + ph, CONTENT.w, { size: 10, color: '#C9D6E3', maxLines: 1 });
  const issued = `${tr(ctx, 'preparedBy')} ${data.agencyName} · ${tr(ctx, 'generatedOn')} ${formatDate(ctx.lang, data.generatedAt)}`;
  drawText(doc, issued, CONTENT.x, BAND_H - 34, CONTENT.w, { size: 8.5, color: '#C9D6E3', maxLines: 1 });

  // Two columns: project and needs on the left, proposed sites on the right.
  const top = BAND_H + 30;
  const gap = 24;
  const colW = (CONTENT.w - gap) / 2;
  const contactH = 84;
  const bottom = CONTENT.bottom - contactH - 16;
  const lx = CONTENT.x;
  let y = top + drawSectionTitle(doc, tr(ctx, 'project'), lx, top, colW);
  const facts: Array<[string, string]> = [
    [tr(ctx, 'sector'), loc(ctx, p.sector)],
    [tr(ctx, 'company'), p.company ?? tr(ctx, 'companyAnonymous')],
  ];
  if (p.originCountry) facts.push([tr(ctx, 'origin'), loc(ctx, p.originCountry)]);
  if (p.jobs != null) facts.push([tr(ctx, 'jobs'), formatNumber(ctx.lang, p.jobs, 0)]);
  if (p.investmentEur != null)
    facts.push([tr(ctx, 'investment'), formatEurMillions(ctx.lang, p.investmentEur)]);
  for (const [k, v] of facts) {
    drawText(doc, k, lx, y, colW * 0.42, { size: 8.5, color: COLOR.muted, maxLines: 1 });
    const h = drawText(doc, v, lx + colW * 0.42, y, colW * 0.58, { font: 'bold', size: 8.5, maxLines: 2 });
    y += Math.max(h, 11) + 4;
  }
  y += 10;
  y += drawSectionTitle(doc, tr(ctx, 'needs'), lx, y, colW);
  const needs = phraseNeeds(p.needs, ctx.lang);
  if (needs.length === 0) needs.push(tr(ctx, 'noNeeds'));
  const bulletStyle = { size: 8.5, lineGap: 1, maxLines: 3 };
  for (let i = 0; i < needs.length; i++) {
    const h = measureText(doc, needs[i], colW - 12, bulletStyle);
    const left = needs.length - i - 1;
    // Keep one line for "+ n more" when the rest does not fit.
    if (y + h + (left > 0 ? 14 : 0) > bottom) {
      drawText(doc, tr(ctx, 'moreItems', { n: needs.length - i }), lx + 12, y, colW - 12, {
        size: 8,
        color: COLOR.muted,
        maxLines: 1,
      });
      break;
    }
    doc
      .save()
      .circle(lx + 3, y + 5, 1.8)
      .fill(COLOR.teal)
      .restore();
    y += drawText(doc, needs[i], lx + 12, y, colW - 12, bulletStyle) + 5;
  }

  const rx = CONTENT.x + colW + gap;
  let ry = top + drawSectionTitle(doc, tr(ctx, 'proposedSites'), rx, top, colW);
  ry +=
    drawText(doc, scoreMethodLine(ctx, items), rx, ry, colW, {
      font: 'cond',
      size: 7.5,
      color: COLOR.muted,
    }) + 6;
  const rowStyleName = { font: 'bold' as const, size: 9, maxLines: 2 };
  for (let i = 0; i < items.length; i++) {
    const it = items[i];
    const nameH = measureText(doc, it.site.name, colW - 70, rowStyleName);
    const rowH = nameH + 16;
    if (ry + rowH + 16 > bottom && i < items.length - 1) {
      drawText(doc, tr(ctx, 'moreSites', { n: items.length - i }), rx, ry + 2, colW, {
        size: 8,
        color: COLOR.muted,
        maxLines: 2,
      });
      break;
    }
    drawRankMarker(doc, it.rank, rx + 9, ry + 9, 9, COLOR.teal);
    drawText(doc, it.site.name, rx + 26, ry, colW - 70, rowStyleName);
    drawText(
      doc,
      `${it.site.communeName} (${departmentCode(it.site.communeInsee)}) · ${it.site.region}`,
      rx + 26,
      ry + nameH + 1,
      colW - 70,
      {
        size: 7.5,
        color: COLOR.muted,
        maxLines: 1,
      },
    );
    drawText(doc, formatScore(ctx.lang, it.score, it.scoreKind), rx + colW - 44, ry, 44, {
      font: 'bold',
      size: 11,
      color: COLOR.teal,
      align: 'right',
      maxLines: 1,
    });
    ry += rowH + 6;
    doc
      .save()
      .moveTo(rx + 26, ry - 4)
      .lineTo(rx + colW, ry - 4)
      .lineWidth(0.4)
      .strokeColor(COLOR.rule)
      .stroke()
      .restore();
  }

  drawContactPanel(
    ctx,
    tr(ctx, 'yourContact'),
    data.contact,
    CONTENT.x,
    CONTENT.bottom - contactH,
    colW,
    contactH,
  );
  drawContents(ctx, contents, rx, CONTENT.bottom - contactH, colW, contactH);
}

/** Where to find what: overview, site sheets and comparison pages, with their page numbers. */
function drawContents(ctx: Ctx, contents: Contents, x: number, y: number, w: number, h: number): void {
  const { doc } = ctx;
  const range = ([a, b]: [number, number]) => (a === b ? `p. ${a}` : `p. ${a}–${b}`);
  const rows: Array<[string, string]> = [
    [tr(ctx, 'overviewTitle'), range(contents.overview)],
    [tr(ctx, 'siteSheets'), range(contents.sheets)],
    [tr(ctx, 'comparisonTitle'), range(contents.comparison)],
  ];
  drawPanel(doc, tr(ctx, 'contents'), x, y, w, h, { bg: COLOR.panel, accent: COLOR.navyLight });
  rows.forEach(([name, pages], i) => {
    const ry = y + 24 + i * 15;
    drawText(doc, name, x + 12, ry, w - 90, { size: 8.5, color: COLOR.ink, maxLines: 1 });
    drawText(doc, pages, x + w - 78, ry, 66, {
      font: 'bold',
      size: 8.5,
      color: COLOR.navy,
      align: 'right',
      maxLines: 1,
    });
  });
}
