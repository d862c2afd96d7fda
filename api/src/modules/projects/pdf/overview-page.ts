/**
 * Overview map page: France (and its neighbours, for context) in Lambert-93, framed on the
 * shortlisted sites with a margin, numbered markers in rank order, reference cities, a locator
 * inset when the frame does not show all of France, and a legend rank → name.
 */

import { basemap } from './basemap.ts';
import { tracePolygon } from './mini-map.ts';
import {
  COLOR,
  CONTENT,
  type Ctx,
  type Doc,
  drawPageHeader,
  drawRankMarker,
  drawScaleBar,
  drawText,
  strokeFrame,
  textWidth,
  tr,
} from './pdf-draw.ts';
import { departmentCode, formatHa, formatMw, formatPercent } from './pdf-format.ts';
import { type Bbox, bboxOf, fitBbox, inRect, padBbox, type Rect, rectsOverlap, type XY } from './pdf-geo.ts';
import type { ShortlistItem } from './shortlist-document.ts';

// Smallest side of the overview frame, metres: a shortlist in one département still shows
// enough of France to be placed at a glance.
const MIN_VIEW_M = 380_000;

function traceRings(doc: Doc, polygons: XY[][][], toPage: (p: XY) => XY): void {
  for (const poly of polygons) tracePolygon(doc, poly, toPage);
}

function intersects(a: Bbox, b: Bbox): boolean {
  return a[0] <= b[2] && b[0] <= a[2] && a[1] <= b[3] && b[1] <= a[3];
}

/**
 * Spreads markers that would overlap (sites a few km apart) so every number stays readable;
 * the caller draws a leader line to the true position of any marker that moved.
 */
function spreadMarkers(points: XY[], minDist: number, frame: Rect): XY[] {
  const out = points.map((p) => [p[0], p[1]] as XY);
  for (let iter = 0; iter < 60; iter++) {
    let moved = false;
    for (let i = 0; i < out.length; i++) {
      for (let j = i + 1; j < out.length; j++) {
        let dx = out[j][0] - out[i][0];
        let dy = out[j][1] - out[i][1];
        let d = Math.hypot(dx, dy);
        if (d >= minDist) continue;
        if (d < 1e-6) {
          // Same spot: separate along a direction that depends on the pair, deterministically.
          const ang = (j * 2.399) % (2 * Math.PI);
          dx = Math.cos(ang);
          dy = Math.sin(ang);
          d = 1;
        }
        const push = (minDist - d) / 2 + 0.1;
        out[i][0] -= (dx / d) * push;
        out[i][1] -= (dy / d) * push;
        out[j][0] += (dx / d) * push;
        out[j][1] += (dy / d) * push;
        moved = true;
      }
    }
    for (const p of out) {
      p[0] = Math.min(Math.max(p[0], frame.x + 10), frame.x + frame.w - 10);
      p[1] = Math.min(Math.max(p[1], frame.y + 10), frame.y + frame.h - 10);
    }
    if (!moved) break;
  }
  return out;
}

// Up to this many sites, the legend is a one-column table with area, power and score, and the
// markers carry the commune's name; beyond, a compact two-column list keeps the map large.
const DETAILED_LEGEND_MAX = 8;

/** Draws the overview page (the page itself is added by the caller). */
export function drawOverviewPage(ctx: Ctx, items: ShortlistItem[]): void {
  const { doc } = ctx;
  drawPageHeader(ctx, tr(ctx, 'overviewTitle'), tr(ctx, 'overviewSubtitle'));

  const detailed = items.length <= DETAILED_LEGEND_MAX;
  const cols = detailed ? 1 : 2;
  const rows = Math.ceil(items.length / cols);
  const rowH = detailed ? 25 : 21;
  const legendH = rows * rowH + (detailed ? 18 : 4);
  const creditH = 14;

  const located = items.map((it) => it.site.locationL93 ?? null);
  const outlines = basemap();
  const siteBox = bboxOf(located.filter((p): p is XY => p != null)) ?? outlines.france.bbox;
  const view = padBbox(siteBox, 0.22, MIN_VIEW_M);
  // The map takes the page height the legend leaves; the view keeps its centre and grows
  // along the short axis, which shows more of France around the sites.
  const mapH = CONTENT.bottom - CONTENT.top - legendH - creditH - 14;
  const frame: Rect = { x: CONTENT.x, y: CONTENT.top, w: CONTENT.w, h: mapH };
  const fit = fitBbox(view, frame);

  doc.save();
  doc.rect(frame.x, frame.y, frame.w, frame.h).clip();
  doc.rect(frame.x, frame.y, frame.w, frame.h).fill(COLOR.sea);
  for (const c of outlines.neighbours) {
    if (!intersects(c.bbox, fit.shown)) continue;
    traceRings(doc, c.polygons, fit.toPage);
    doc.lineWidth(0.5).fillAndStroke(COLOR.land, COLOR.landStroke, 'even-odd');
  }
  traceRings(doc, outlines.france.polygons, fit.toPage);
  doc.lineWidth(1).fillAndStroke(COLOR.france, COLOR.franceStroke, 'even-odd');
  doc.restore();

  const r = items.length > 12 ? 7.5 : 9;
  const truePts = located.map((p) => (p ? fit.toPage(p) : null));
  const placed = spreadMarkers(
    truePts.map((p) => p ?? [0, 0]),
    2 * r + 2,
    frame,
  );
  const shownIdx = items.map((_, i) => i).filter((i) => truePts[i]);
  const taken: Rect[] = shownIdx.map((i) => ({
    x: placed[i][0] - r - 2,
    y: placed[i][1] - r - 2,
    w: 2 * r + 4,
    h: 2 * r + 4,
  }));

  // Commune names beside the markers (few sites only), placed where they hit nothing.
  const nameStyle = { font: 'bold' as const, size: 7.5, color: COLOR.navy };
  const labels: Array<{ text: string; box: Rect }> = [];
  if (detailed) {
    for (const i of shownIdx) {
      const text = items[i].site.communeName;
      const w = textWidth(doc, text, nameStyle) + 6;
      const h = 11;
      const [x, y] = placed[i];
      const candidates: Rect[] = [
        { x: x + r + 3, y: y - h / 2, w, h },
        { x: x - r - 3 - w, y: y - h / 2, w, h },
        { x: x - w / 2, y: y - r - 3 - h, w, h },
        { x: x - w / 2, y: y + r + 3, w, h },
      ];
      const box = candidates.find(
        (c) =>
          inRect([c.x, c.y], frame) &&
          inRect([c.x + c.w, c.y + c.h], frame) &&
          !taken.some((t) => rectsOverlap(t, c)),
      );
      if (!box) continue;
      taken.push(box);
      labels.push({ text, box });
    }
  }

  // Cities: skip any whose label would touch a marker or a site label.
  for (const [name, at] of outlines.cities) {
    const p = fit.toPage(at);
    if (!inRect(p, { x: frame.x + 20, y: frame.y + 12, w: frame.w - 100, h: frame.h - 30 })) continue;
    const box = { x: p[0] - 3, y: p[1] - 6, w: 8 + textWidth(doc, name, { size: 6.5 }), h: 12 };
    if (taken.some((m) => rectsOverlap(m, box))) continue;
    taken.push(box);
    doc.save().circle(p[0], p[1], 1.8).lineWidth(0.6).fillAndStroke(COLOR.white, COLOR.muted).restore();
    drawText(doc, name, p[0] + 4, p[1] - 4.5, 90, { size: 6.5, color: COLOR.muted, maxLines: 1 });
  }

  for (const { text, box } of labels) {
    doc.save().roundedRect(box.x, box.y, box.w, box.h, 2).fillOpacity(0.85).fill(COLOR.white).restore();
    drawText(doc, text, box.x + 3, box.y + 1.5, box.w, { ...nameStyle, maxLines: 1 });
  }

  // Markers in reverse rank order so rank 1 ends up on top.
  for (let i = items.length - 1; i >= 0; i--) {
    const tp = truePts[i];
    if (!tp) continue;
    const [x, y] = placed[i];
    if (Math.hypot(x - tp[0], y - tp[1]) > 2) {
      doc.save().moveTo(tp[0], tp[1]).lineTo(x, y).lineWidth(0.7).strokeColor(COLOR.navy).stroke().restore();
      doc.save().circle(tp[0], tp[1], 1.8).fill(COLOR.navy).restore();
    }
    drawRankMarker(doc, items[i].rank, x, y, r);
  }

  drawLocator(
    ctx,
    frame,
    fit.shown,
    shownIdx.map((i) => placed[i]),
  );
  drawScaleBar(ctx, frame.x + 12, frame.y + frame.h - 14, 1 / fit.scale, 110, true);
  strokeFrame(doc, frame);
  drawText(doc, tr(ctx, 'mapCredit'), frame.x, frame.y + frame.h + 4, frame.w, {
    size: 6.5,
    color: COLOR.faint,
    align: 'right',
    maxLines: 1,
  });

  const top = frame.y + frame.h + creditH + 8;
  if (detailed)
    drawDetailedLegend(
      ctx,
      items,
      truePts.map((p) => p != null),
      top,
      rowH,
    );
  else
    drawCompactLegend(
      ctx,
      items,
      truePts.map((p) => p != null),
      top,
      rows,
      rowH,
    );
}

function placeText(ctx: Ctx, it: ShortlistItem, located: boolean): string {
  const s = it.site;
  return located
    ? `${s.communeName} (${departmentCode(s.communeInsee)}) · ${s.region}`
    : `${s.communeName} (${departmentCode(s.communeInsee)}) — ${tr(ctx, 'noLocation')}`;
}

/** One row per site: marker, name and place, available area, power, score. */
function drawDetailedLegend(
  ctx: Ctx,
  items: ShortlistItem[],
  located: boolean[],
  top: number,
  rowH: number,
): void {
  const { doc, lang } = ctx;
  const x = CONTENT.x;
  const w = CONTENT.w;
  const cols = [
    { key: tr(ctx, 'availableArea'), w: 92 },
    { key: tr(ctx, 'power'), w: 92 },
    { key: tr(ctx, 'matchScore'), w: 60 },
  ];
  const nameW = w - 24 - cols.reduce((a, c) => a + c.w, 0);
  let cx = x + 24 + nameW;
  for (const c of cols) {
    drawText(doc, c.key, cx, top, c.w, {
      font: 'bold',
      size: 6.5,
      color: COLOR.muted,
      align: 'right',
      maxLines: 1,
    });
    cx += c.w;
  }
  hRule(doc, x, top + 11, w, 0.6, COLOR.teal);
  items.forEach((it, i) => {
    const y = top + 16 + i * rowH;
    drawRankMarker(doc, it.rank, x + 9, y + 9, 8);
    drawNameAndPlace(ctx, it, located[i], x + 24, y, nameW - 8, { font: 'bold', size: 9 }, 7.5, 11.5);
    const na = '—';
    const values = [
      it.site.availableAreaHa != null ? formatHa(lang, it.site.availableAreaHa) : na,
      it.site.powerAvailableMw != null ? formatMw(lang, it.site.powerAvailableMw) : na,
    ];
    let vx = x + 24 + nameW;
    values.forEach((v, k) => {
      drawText(doc, v, vx, y + 4, cols[k].w, {
        font: 'cond',
        size: 8.5,
        color: COLOR.ink,
        align: 'right',
        maxLines: 1,
      });
      vx += cols[k].w;
    });
    drawScore(ctx, it, vx, y, cols[2].w, 10);
    hRule(doc, x, y + rowH - 3, w, 0.3, COLOR.rule);
  });
}

/** A horizontal rule from (x, y), `w` long. */
function hRule(doc: Ctx['doc'], x: number, y: number, w: number, width: number, color: string): void {
  doc
    .save()
    .moveTo(x, y)
    .lineTo(x + w, y)
    .lineWidth(width)
    .strokeColor(color)
    .stroke()
    .restore();
}

/** A legend entry's name (one line, `nameStyle`) over its place (muted, `placeSize`, `placeDy` below). */
function drawNameAndPlace(
  ctx: Ctx,
  it: ShortlistItem,
  located: boolean,
  x: number,
  y: number,
  w: number,
  nameStyle: { font: 'bold' | 'condBold'; size: number },
  placeSize: number,
  placeDy: number,
): void {
  drawText(ctx.doc, it.site.name, x, y, w, { ...nameStyle, color: COLOR.ink, maxLines: 1 });
  drawText(ctx.doc, placeText(ctx, it, located), x, y + placeDy, w, {
    font: 'cond',
    size: placeSize,
    color: COLOR.muted,
    maxLines: 1,
  });
}

/** A legend entry's score, right-aligned in its column. */
function drawScore(ctx: Ctx, it: ShortlistItem, x: number, y: number, w: number, size: number): void {
  drawText(ctx.doc, formatPercent(ctx.lang, it.score), x, y + 3, w, {
    font: 'bold',
    size,
    color: COLOR.teal,
    align: 'right',
    maxLines: 1,
  });
}

/** Two columns of one-line entries (many sites). */
function drawCompactLegend(
  ctx: Ctx,
  items: ShortlistItem[],
  located: boolean[],
  top: number,
  rows: number,
  rowH: number,
): void {
  const { doc } = ctx;
  const colW = (CONTENT.w - 18) / 2;
  items.forEach((it, i) => {
    const col = Math.floor(i / rows);
    const row = i % rows;
    const x = CONTENT.x + col * (colW + 18);
    const y = top + row * rowH;
    drawRankMarker(doc, it.rank, x + 7, y + 8, 6.5);
    const scoreW = 34;
    const nameW = colW - 20 - scoreW;
    drawNameAndPlace(ctx, it, located[i], x + 19, y, nameW, { font: 'condBold', size: 8 }, 7, 9.5);
    drawScore(ctx, it, x + colW - scoreW, y, scoreW, 8.5);
    hRule(doc, x, y + rowH - 3, colW, 0.3, COLOR.rule);
  });
}

/** Small map of all France with the main frame's extent, when the frame does not show it all. */
function drawLocator(ctx: Ctx, frame: Rect, shown: Bbox, markers: XY[]): void {
  const { doc } = ctx;
  const { france } = basemap();
  const fb = france.bbox;
  // Pointless when the frame already shows most of France.
  const ix = Math.max(0, Math.min(shown[2], fb[2]) - Math.max(shown[0], fb[0]));
  const iy = Math.max(0, Math.min(shown[3], fb[3]) - Math.max(shown[1], fb[1]));
  if (ix * iy >= 0.8 * (fb[2] - fb[0]) * (fb[3] - fb[1])) return;
  const size = 92;
  const corners: Rect[] = [
    { x: frame.x + frame.w - size - 8, y: frame.y + 8, w: size, h: size },
    { x: frame.x + 8, y: frame.y + 8, w: size, h: size },
    { x: frame.x + frame.w - size - 8, y: frame.y + frame.h - size - 8, w: size, h: size },
  ];
  const spot = corners.find(
    (c) => !markers.some((m) => inRect(m, { x: c.x - 10, y: c.y - 10, w: c.w + 20, h: c.h + 20 })),
  );
  if (!spot) return;
  const fit = fitBbox(padBbox(fb, 0.04, 0), { x: spot.x + 4, y: spot.y + 4, w: spot.w - 8, h: spot.h - 8 });
  doc
    .save()
    .rect(spot.x, spot.y, spot.w, spot.h)
    .lineWidth(0.6)
    .fillAndStroke(COLOR.white, COLOR.rule)
    .restore();
  doc.save();
  traceRings(doc, france.polygons, fit.toPage);
  doc.lineWidth(0.4).fillAndStroke('#E9EDF2', COLOR.franceStroke, 'even-odd');
  doc.restore();
  const [x0, y0] = fit.toPage([Math.max(shown[0], fb[0] - 50_000), Math.min(shown[3], fb[3] + 50_000)]);
  const [x1, y1] = fit.toPage([Math.min(shown[2], fb[2] + 50_000), Math.max(shown[1], fb[1] - 50_000)]);
  doc
    .save()
    .rect(x0, y0, x1 - x0, y1 - y0)
    .lineWidth(1)
    .strokeColor(COLOR.confidential)
    .stroke()
    .restore();
}
