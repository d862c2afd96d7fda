/**
 * The site mini-map: plot and neighbouring plots drawn in metres on a local plane around the
 * site, nearest infrastructure as symbols with dashed distance lines and a north arrow (the
 * page draws the round scale bar in the legend, from the scale returned here). Features too far to show without shrinking the plot to a dot are pinned to the
 * map edge in their true direction (the label still gives the true distance).
 */
import { drawKindSymbol, kindColor } from './map-symbols.ts';
import { COLOR, type Ctx, type Doc, drawText, strokeFrame, textWidth, tr } from './pdf-draw.ts';
import { formatKm } from './pdf-format.ts';
import {
  type Bbox,
  bboxOf,
  exitPoint,
  fitBbox,
  inRect,
  localProjector,
  padBbox,
  type Rect,
  rectsOverlap,
  ringArea,
  ringCentroid,
  ringsOf,
  unionBbox,
  type XY,
} from './pdf-geo.ts';
import type { InfrastructureFeature, PlotGeometry, ShortlistItem } from './shortlist-document.ts';

/** Kinds drawn on the mini-map (airports are usually tens of km away: listed, not drawn). */
const DRAWN_KINDS = new Set([
  'motorway_access',
  'rail_freight',
  'port',
  'substation',
  'substation_63kv',
  'substation_225kv',
  'substation_400kv',
]);

// The view may grow to this many times the plot's own extent to take features in; beyond
// that the plot would become too small to read and features are pinned to the edge instead.
const MAX_ZOOM_OUT = 2.5;
// Smallest side of the view, metres: a 1 ha plot still gets context around it.
const MIN_VIEW_M = 600;

/** Projected rings of a geometry, grouped per polygon (outer ring first). */
function projectPolygons(g: PlotGeometry, proj: (p: [number, number]) => XY): XY[][][] {
  const polys = g.type === 'Polygon' ? [g.coordinates] : g.coordinates;
  return polys.map((poly) => poly.map((ring) => ring.map(proj)));
}

/** Traces one polygon's rings as closed sub-paths (fill or stroke them after). */
export function tracePolygon(doc: Doc, poly: XY[][], toPage: (p: XY) => XY): void {
  for (const ring of poly) {
    ring.forEach((p, i) => {
      const [x, y] = toPage(p);
      if (i === 0) doc.moveTo(x, y);
      else doc.lineTo(x, y);
    });
    doc.closePath();
  }
}

/** A distance label box with a white halo, placed without overlapping earlier ones. */
function placeLabel(
  doc: Doc,
  text: string,
  candidates: XY[],
  taken: Rect[],
  frame: Rect,
  color: string,
): void {
  const style = { font: 'condBold' as const, size: 7.5, color };
  const w = textWidth(doc, text, style) + 6;
  const h = 11;
  let best: Rect | null = null;
  for (const [cx, cy] of candidates) {
    const r = { x: cx - w / 2, y: cy - h / 2, w, h };
    if (
      r.x < frame.x + 2 ||
      r.y < frame.y + 2 ||
      r.x + w > frame.x + frame.w - 2 ||
      r.y + h > frame.y + frame.h - 2
    )
      continue;
    if (taken.some((t) => rectsOverlap(t, r))) continue;
    best = r;
    break;
  }
  if (!best) {
    // Every spot is taken: fall back to the first candidate kept inside the frame.
    const [cx, cy] = candidates[0];
    best = {
      x: Math.min(Math.max(cx - w / 2, frame.x + 2), frame.x + frame.w - w - 2),
      y: Math.min(Math.max(cy - h / 2, frame.y + 2), frame.y + frame.h - h - 2),
      w,
      h,
    };
  }
  taken.push(best);
  doc.save().roundedRect(best.x, best.y, best.w, best.h, 2).fillOpacity(0.92).fill(COLOR.white).restore();
  doc
    .save()
    .roundedRect(best.x, best.y, best.w, best.h, 2)
    .lineWidth(0.5)
    .strokeColor(color)
    .stroke()
    .restore();
  drawText(doc, text, best.x + 3, best.y + 1.6, w, { ...style, maxLines: 1 });
}

function drawNorthArrow(doc: Doc, x: number, y: number): void {
  doc
    .save()
    .circle(x, y + 2, 11)
    .fillOpacity(0.85)
    .fill(COLOR.white)
    .restore();
  doc
    .save()
    .polygon([x, y - 7], [x + 4.5, y + 6], [x, y + 3.5])
    .fill(COLOR.ink)
    .restore();
  doc
    .save()
    .polygon([x, y - 7], [x - 4.5, y + 6], [x, y + 3.5])
    .lineWidth(0.7)
    .fillAndStroke(COLOR.white, COLOR.ink)
    .restore();
  drawText(doc, 'N', x - 3, y - 18, 8, { font: 'bold', size: 7, color: COLOR.ink, maxLines: 1 });
}

/** What the page needs from the drawn map. */
export interface MiniMapResult {
  /** Map scale, for the scale bar drawn in the legend; `null` without geometry. */
  metresPerPoint: number | null;
}

/** Draws the mini-map of one shortlist item into `frame`. */
export function drawMiniMap(ctx: Ctx, item: ShortlistItem, frame: Rect): MiniMapResult {
  const { doc } = ctx;
  doc.save().rect(frame.x, frame.y, frame.w, frame.h).fill('#F7F8FA').restore();
  const geom = item.site.geometry;
  const outer = geom ? ringsOf(geom) : [];
  if (!geom || outer.length === 0 || outer[0].length < 3) {
    drawText(doc, tr(ctx, 'noGeometry'), frame.x + 20, frame.y + frame.h / 2 - 6, frame.w - 40, {
      size: 9,
      color: COLOR.muted,
      align: 'center',
      maxLines: 2,
    });
    strokeFrame(doc, frame);
    return { metresPerPoint: null };
  }

  const lonLatBox = bboxOf(outer.flat());
  if (!lonLatBox) return { metresPerPoint: null };
  const proj = localProjector([(lonLatBox[0] + lonLatBox[2]) / 2, (lonLatBox[1] + lonLatBox[3]) / 2]);
  const plot = projectPolygons(geom, proj);
  const neighbours = (item.neighbours ?? []).map((g) => projectPolygons(g, proj));

  // The plot's largest outer ring anchors the distance lines.
  const mainRing = plot.map((poly) => poly[0]).reduce((a, b) => (ringArea(b) > ringArea(a) ? b : a));
  const anchor = ringCentroid(mainRing);

  const plotBox = bboxOf(plot.flatMap((poly) => poly[0])) as Bbox;
  let box = padBbox(plotBox, 0.35, MIN_VIEW_M);
  const neighbourBox = bboxOf(neighbours.flatMap((n) => n.flatMap((poly) => poly[0])));
  // Neighbours give context but must not shrink the plot: take them in up to the same limit.
  if (neighbourBox) {
    const withNeighbours = unionBbox(box, neighbourBox);
    if (
      Math.max(withNeighbours[2] - withNeighbours[0], withNeighbours[3] - withNeighbours[1]) <=
      2.5 * Math.max(box[2] - box[0], box[3] - box[1])
    ) {
      box = withNeighbours;
    }
  }
  const baseSize = Math.max(box[2] - box[0], box[3] - box[1]);

  const features = (item.infrastructure ?? [])
    .filter(
      (f): f is InfrastructureFeature & { point: [number, number] } =>
        DRAWN_KINDS.has(f.kind) && f.point != null,
    )
    .sort((a, b) => a.distanceM - b.distanceM)
    .map((f) => ({ f, xy: proj(f.point) }));
  for (const { xy } of features) {
    const grown = unionBbox(box, [xy[0], xy[1], xy[0], xy[1]]);
    if (Math.max(grown[2] - grown[0], grown[3] - grown[1]) <= MAX_ZOOM_OUT * baseSize) box = grown;
  }
  const fit = fitBbox(padBbox(box, 0.08, 0), frame);

  doc.save();
  doc.rect(frame.x, frame.y, frame.w, frame.h).clip();
  for (const n of neighbours) {
    for (const poly of n) tracePolygon(doc, poly, fit.toPage);
    doc.lineWidth(0.6).fillAndStroke('#E6E9EE', COLOR.neighbour, 'even-odd');
  }
  for (const poly of plot) tracePolygon(doc, poly, fit.toPage);
  doc.fillOpacity(0.35).fill(COLOR.plot, 'even-odd');
  for (const poly of plot) tracePolygon(doc, poly, fit.toPage);
  doc.lineWidth(1.6).strokeColor(COLOR.plot).stroke();
  doc.restore();

  const a = fit.toPage(anchor);
  const inner: Rect = { x: frame.x + 12, y: frame.y + 12, w: frame.w - 24, h: frame.h - 24 };
  const northZone: Rect = { x: frame.x + frame.w - 34, y: frame.y, w: 34, h: 40 };
  // Keep labels off the north arrow.
  const taken: Rect[] = [northZone];
  const symbols: XY[] = [];
  for (const { f, xy } of features) {
    const p = fit.toPage(xy);
    const inside = inRect(p, inner);
    let s = inside ? p : exitPoint(a, p, inner);
    // Two markers in nearly the same direction, or one under the north arrow: slide it along
    // its edge, alternately either way, to the nearest free spot.
    const blocked = (q: XY) =>
      symbols.some((o) => Math.hypot(o[0] - q[0], o[1] - q[1]) < 18) || inRect(q, northZone);
    if (blocked(s)) {
      const onVertical = Math.abs(s[0] - inner.x) < 1 || Math.abs(s[0] - inner.x - inner.w) < 1;
      const base = s;
      for (let k = 1; k <= 12; k++) {
        const d = 19 * Math.ceil(k / 2) * (k % 2 ? 1 : -1);
        const q: XY = onVertical
          ? [base[0], Math.min(Math.max(base[1] + d, inner.y), inner.y + inner.h)]
          : [Math.min(Math.max(base[0] + d, inner.x), inner.x + inner.w), base[1]];
        if (!blocked(q)) {
          s = q;
          break;
        }
      }
    }
    const color = kindColor(f.kind);
    doc
      .save()
      .moveTo(a[0], a[1])
      .lineTo(s[0], s[1])
      .dash(3, { space: 2 })
      .lineWidth(1)
      .strokeColor(color)
      .stroke()
      .undash()
      .restore();
    if (!inside) {
      // Chevron beyond the symbol: "further that way".
      const ang = Math.atan2(p[1] - a[1], p[0] - a[0]);
      const tip: XY = [s[0] + Math.cos(ang) * 11, s[1] + Math.sin(ang) * 11];
      doc
        .save()
        .polygon(
          tip,
          [tip[0] - Math.cos(ang - 0.5) * 5, tip[1] - Math.sin(ang - 0.5) * 5],
          [tip[0] - Math.cos(ang + 0.5) * 5, tip[1] - Math.sin(ang + 0.5) * 5],
        )
        .fill(color)
        .restore();
    }
    drawKindSymbol(doc, f.kind, s[0], s[1], 6);
    symbols.push(s);
    taken.push({ x: s[0] - 8, y: s[1] - 8, w: 16, h: 16 });
  }
  // Labels after all symbols, so no label hides a symbol drawn later.
  features.forEach(({ f }, i) => {
    const s = symbols[i];
    const along = (t: number): XY => [a[0] + (s[0] - a[0]) * t, a[1] + (s[1] - a[1]) * t];
    const candidates = [
      along(0.62),
      along(0.45),
      along(0.78),
      [s[0], s[1] + 15] as XY,
      [s[0], s[1] - 15] as XY,
      along(0.3),
    ];
    placeLabel(doc, formatKm(ctx.lang, f.distanceM), candidates, taken, frame, kindColor(f.kind));
  });

  drawNorthArrow(doc, frame.x + frame.w - 16, frame.y + 22);
  strokeFrame(doc, frame);
  return { metresPerPoint: 1 / fit.scale };
}
