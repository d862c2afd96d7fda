/**
 * Pure geometry for the PDF maps: a local metric plane for a site's mini-map (the overview map
 * is drawn in the Lambert-93 metres PostGIS gives: `geom_l93`, basemap.l93.json), bounding
 * boxes, fitting a box into a page frame, the round scale-bar length and clipping a distance
 * line at the map edge. No pdfkit here, so it is all unit-tested.
 */
import type { LonLat, PlotGeometry } from './shortlist-document.ts';

/** Planar point `[x, y]` (metres east/north, or page points when noted). */
export type XY = [number, number];
/** `[minX, minY, maxX, maxY]`. */
export type Bbox = [number, number, number, number];
/** A page rectangle in PDF points (y grows downwards, as pdfkit draws). */
export interface Rect {
  x: number;
  y: number;
  w: number;
  h: number;
}

const DEG = Math.PI / 180;

/** Mean Earth radius (IUGG), metres. */
const EARTH_RADIUS_M = 6371008.8;

/**
 * A local plane around `origin`: metres east and north, with longitudes scaled by
 * cos(latitude) (equirectangular). Over a few kilometres the error is far below a drawn line's
 * width. `localProjector([2, 45])([2, 46])` → `[0, ≈111195]`.
 */
export function localProjector(origin: LonLat): (p: LonLat) => XY {
  const k = EARTH_RADIUS_M * DEG;
  const cosLat = Math.cos(origin[1] * DEG);
  return ([lon, lat]) => [(lon - origin[0]) * k * cosLat, (lat - origin[1]) * k];
}

/**
 * Longest round length (1, 2 or 5 × 10ⁿ metres) not above `maxMetres`, for scale bars:
 * `niceScaleLength(1234)` → `1000`, `niceScaleLength(340)` → `200`, `niceScaleLength(7300)` → `5000`.
 */
export function niceScaleLength(maxMetres: number): number {
  if (!(maxMetres > 0) || !Number.isFinite(maxMetres)) return 0;
  const pow = 10 ** Math.floor(Math.log10(maxMetres));
  const base = maxMetres / pow;
  // Guard against log10 rounding just below an exact power (e.g. 1000 → 999.99…).
  if (base >= 5 - 1e-9) return 5 * pow;
  if (base >= 2 - 1e-9) return 2 * pow;
  return pow;
}

/** Every ring (outer and holes) of a Polygon or MultiPolygon. */
export function ringsOf(geometry: PlotGeometry): LonLat[][] {
  return geometry.type === 'Polygon' ? geometry.coordinates : geometry.coordinates.flat();
}

/** Bounding box of points, or `null` for none: `bboxOf([[0, 0], [2, 1]])` → `[0, 0, 2, 1]`. */
export function bboxOf(points: Iterable<XY>): Bbox | null {
  let b: Bbox | null = null;
  for (const [x, y] of points) {
    if (!Number.isFinite(x) || !Number.isFinite(y)) continue;
    if (!b) b = [x, y, x, y];
    else {
      if (x < b[0]) b[0] = x;
      if (y < b[1]) b[1] = y;
      if (x > b[2]) b[2] = x;
      if (y > b[3]) b[3] = y;
    }
  }
  return b;
}

/** Smallest box holding both: `unionBbox([0, 0, 1, 1], [2, -1, 3, 0])` → `[0, -1, 3, 1]`. */
export function unionBbox(a: Bbox, b: Bbox): Bbox {
  return [Math.min(a[0], b[0]), Math.min(a[1], b[1]), Math.max(a[2], b[2]), Math.max(a[3], b[3])];
}

/**
 * Box grown by `ratio` of its larger side on every edge, then widened around its centre to at
 * least `minSize` in both directions: `padBbox([0, 0, 100, 50], 0.1, 0)` → `[-10, -10, 110, 60]`.
 */
export function padBbox(b: Bbox, ratio: number, minSize: number): Bbox {
  const pad = Math.max(b[2] - b[0], b[3] - b[1]) * ratio;
  let [x0, y0, x1, y1] = [b[0] - pad, b[1] - pad, b[2] + pad, b[3] + pad];
  if (x1 - x0 < minSize) {
    const cx = (x0 + x1) / 2;
    [x0, x1] = [cx - minSize / 2, cx + minSize / 2];
  }
  if (y1 - y0 < minSize) {
    const cy = (y0 + y1) / 2;
    [y0, y1] = [cy - minSize / 2, cy + minSize / 2];
  }
  return [x0, y0, x1, y1];
}

/** Maps planar metres (y north) into a page rectangle (y down), same scale on both axes. */
export interface Fit {
  /** Page points per metre. */
  scale: number;
  toPage(p: XY): XY;
  /** The planar box actually shown (the frame's aspect ratio, centred on the input box). */
  shown: Bbox;
}

/**
 * Fits `box` into `frame`, centred, keeping proportions (the short axis gets extra room).
 * `fitBbox([0, 0, 100, 100], { x: 0, y: 0, w: 200, h: 100 }).toPage([0, 100])` → `[50, 0]`.
 */
export function fitBbox(box: Bbox, frame: Rect): Fit {
  const bw = Math.max(box[2] - box[0], 1e-9);
  const bh = Math.max(box[3] - box[1], 1e-9);
  const scale = Math.min(frame.w / bw, frame.h / bh);
  const cx = (box[0] + box[2]) / 2;
  const cy = (box[1] + box[3]) / 2;
  const fx = frame.x + frame.w / 2;
  const fy = frame.y + frame.h / 2;
  const halfW = frame.w / 2 / scale;
  const halfH = frame.h / 2 / scale;
  return {
    scale,
    toPage: ([x, y]) => [fx + (x - cx) * scale, fy - (y - cy) * scale],
    shown: [cx - halfW, cy - halfH, cx + halfW, cy + halfH],
  };
}

/** Signed-area centroid of a ring (falls back to the vertex mean for a degenerate ring). */
export function ringCentroid(ring: XY[]): XY {
  let a = 0;
  let cx = 0;
  let cy = 0;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [x0, y0] = ring[j];
    const [x1, y1] = ring[i];
    const cross = x0 * y1 - x1 * y0;
    a += cross;
    cx += (x0 + x1) * cross;
    cy += (y0 + y1) * cross;
  }
  if (Math.abs(a) < 1e-12) {
    const n = ring.length || 1;
    return [ring.reduce((s, p) => s + p[0], 0) / n, ring.reduce((s, p) => s + p[1], 0) / n];
  }
  return [cx / (3 * a), cy / (3 * a)];
}

/** Absolute area of a ring in its own units². */
export function ringArea(ring: XY[]): number {
  let a = 0;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++)
    a += ring[j][0] * ring[i][1] - ring[i][0] * ring[j][1];
  return Math.abs(a) / 2;
}

/**
 * Where the segment from `inside` towards `outside` leaves `rect` (page coordinates), or
 * `outside` itself when it lies within: `exitPoint([5, 5], [20, 5], { x: 0, y: 0, w: 10, h: 10 })` → `[10, 5]`.
 */
export function exitPoint(inside: XY, outside: XY, rect: Rect): XY {
  const dx = outside[0] - inside[0];
  const dy = outside[1] - inside[1];
  let t = 1;
  if (dx > 0) t = Math.min(t, (rect.x + rect.w - inside[0]) / dx);
  if (dx < 0) t = Math.min(t, (rect.x - inside[0]) / dx);
  if (dy > 0) t = Math.min(t, (rect.y + rect.h - inside[1]) / dy);
  if (dy < 0) t = Math.min(t, (rect.y - inside[1]) / dy);
  t = Math.max(0, t);
  return [inside[0] + dx * t, inside[1] + dy * t];
}

/** Whether a page point lies inside `rect` (edges included). */
export function inRect([x, y]: XY, r: Rect): boolean {
  return x >= r.x && x <= r.x + r.w && y >= r.y && y <= r.y + r.h;
}

/** Whether two page rectangles overlap (touching edges do not). */
export function rectsOverlap(a: Rect, b: Rect): boolean {
  return a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
}
