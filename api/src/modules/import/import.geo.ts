/**
 * Coordinate checks and small geometry helpers for the importers (lon/lat, EPSG:4326).
 * Metric work (areas stored in the database, distances) is done by PostGIS in Lambert-93; the
 * approximations here only serve checks, filters and centroids of OSM areas.
 */

import type { MultiPolygonGeometry, Position } from '../../shared/geo.ts';
import { MAX_POSITIONS } from '../../shared/geo.ts';

interface Box {
  name: string;
  minLon: number;
  minLat: number;
  maxLon: number;
  maxLat: number;
}

/**
 * France's extent as boxes: metropolitan France with Corsica, the five overseas départements
 * and the nearby overseas collectivities whose points appear in national files (Saint-Martin
 * and Saint-Barthélemy in the World Port Index, Saint-Pierre-et-Miquelon). The Pacific
 * collectivities, the TAAF and Clipperton are out of scope: they have their own land law.
 */
const FRANCE_BOXES: readonly Box[] = [
  { name: 'metropolitan France', minLon: -5.6, minLat: 41.3, maxLon: 9.7, maxLat: 51.2 },
  { name: 'Guadeloupe', minLon: -61.9, minLat: 15.8, maxLon: -60.9, maxLat: 16.6 },
  { name: 'Saint-Martin and Saint-Barthélemy', minLon: -63.2, minLat: 17.8, maxLon: -62.7, maxLat: 18.2 },
  { name: 'Martinique', minLon: -61.3, minLat: 14.35, maxLon: -60.75, maxLat: 14.95 },
  { name: 'Guyane', minLon: -54.7, minLat: 2.1, maxLon: -51.5, maxLat: 5.9 },
  { name: 'La Réunion', minLon: 55.2, minLat: -21.45, maxLon: 55.9, maxLat: -20.8 },
  { name: 'Mayotte', minLon: 44.9, minLat: -13.05, maxLon: 45.35, maxLat: -12.55 },
  { name: 'Saint-Pierre-et-Miquelon', minLon: -56.5, minLat: 46.7, maxLon: -56.1, maxLat: 47.2 },
];

/**
 * True when the point lies in one of France's boxes.
 * @example inFrance(2.35, 48.85) // true (Paris)
 */
export function inFrance(lon: number, lat: number): boolean {
  return FRANCE_BOXES.some((b) => lon >= b.minLon && lon <= b.maxLon && lat >= b.minLat && lat <= b.maxLat);
}

/**
 * Why a lon/lat pair cannot be imported, or null when it is fine. Detects swapped axes: a
 * point outside France whose swapped pair falls inside is almost certainly lat/lon order.
 * @example coordinateProblem(48.85, 2.35) // 'latitude and longitude look swapped …'
 */
export function coordinateProblem(lon: number, lat: number): string | null {
  if (!Number.isFinite(lon) || !Number.isFinite(lat)) return 'coordinates are not numbers';
  if (lat < -90 || lat > 90 || lon < -180 || lon > 180) {
    if (inFrance(lat, lon)) return `latitude and longitude look swapped (got lon ${lon}, lat ${lat})`;
    return `lon ${lon}, lat ${lat} is not a valid WGS84 position (expected degrees, EPSG:4326)`;
  }
  if (inFrance(lon, lat)) return null;
  if (inFrance(lat, lon)) return `latitude and longitude look swapped (got lon ${lon}, lat ${lat})`;
  return `lon ${lon}, lat ${lat} is outside France (metropolitan and overseas départements)`;
}

/**
 * Parses a decimal number written with a point or a French decimal comma; null when empty.
 * @example parseDecimal(' 45,25 ') // 45.25
 */
export function parseDecimal(raw: string | undefined | null): number | null | 'invalid' {
  if (raw === undefined || raw === null) return null;
  const t = raw.trim();
  if (t === '') return null;
  const normalized = /^[-+]?\d+,\d+$/.test(t) ? t.replace(',', '.') : t;
  if (!/^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(normalized)) return 'invalid';
  return Number(normalized);
}

/**
 * Reads a lon/lat pair from two text cells and checks it; returns the numbers or a reason.
 * @example readLonLat('2.35', '48.85', 'lon', 'lat') // { lon: 2.35, lat: 48.85 }
 */
export function readLonLat(
  lonRaw: string | undefined,
  latRaw: string | undefined,
  lonName: string,
  latName: string,
): { lon: number; lat: number } | { error: string } {
  const lon = parseDecimal(lonRaw);
  const lat = parseDecimal(latRaw);
  if (lon === null || lat === null) {
    const missing = [lon === null ? lonName : null, lat === null ? latName : null].filter(Boolean);
    return { error: `${missing.join(' and ')} ${missing.length > 1 ? 'are' : 'is'} empty` };
  }
  if (lon === 'invalid') return { error: `${lonName} '${lonRaw}' is not a number` };
  if (lat === 'invalid') return { error: `${latName} '${latRaw}' is not a number` };
  const problem = coordinateProblem(lon, lat);
  return problem ? { error: problem } : { lon, lat };
}

const EARTH_RADIUS_M = 6_371_008.8;
const rad = (d: number) => (d * Math.PI) / 180;

/** Spherical area of a closed lon/lat ring in m² (always positive). */
function ringAreaM2(ring: Position[]): number {
  let sum = 0;
  for (let i = 0; i < ring.length - 1; i++) {
    const [x1, y1] = ring[i];
    const [x2, y2] = ring[i + 1];
    sum += rad(x2 - x1) * (2 + Math.sin(rad(y1)) + Math.sin(rad(y2)));
  }
  return Math.abs((sum * EARTH_RADIUS_M * EARTH_RADIUS_M) / 2);
}

/**
 * Approximate area in hectares of a MultiPolygon (holes subtracted), good to ~0.5 % at
 * France's latitudes; the database stores the exact Lambert-93 area.
 * @example areaHa({ type: 'MultiPolygon', coordinates: [[[[2,48],[2.01,48],[2.01,48.01],[2,48.01],[2,48]]]] }) // ≈ 82.9
 */
export function areaHa(geom: MultiPolygonGeometry): number {
  let m2 = 0;
  for (const polygon of geom.coordinates) {
    polygon.forEach((ring, i) => {
      m2 += (i === 0 ? 1 : -1) * ringAreaM2(ring);
    });
  }
  return m2 / 10_000;
}

/**
 * Area-weighted centroid of a closed ring (falls back to the vertex mean for degenerate rings).
 * @example ringCentroid([[0,0],[2,0],[2,2],[0,2],[0,0]]) // [1, 1]
 */
export function ringCentroid(ring: Position[]): Position {
  let a = 0;
  let cx = 0;
  let cy = 0;
  const [ox, oy] = ring[0];
  for (let i = 0; i < ring.length - 1; i++) {
    const x1 = ring[i][0] - ox;
    const y1 = ring[i][1] - oy;
    const x2 = ring[i + 1][0] - ox;
    const y2 = ring[i + 1][1] - oy;
    const cross = x1 * y2 - x2 * y1;
    a += cross;
    cx += (x1 + x2) * cross;
    cy += (y1 + y2) * cross;
  }
  if (Math.abs(a) < 1e-18) {
    const n = ring.length;
    return [ring.reduce((s, p) => s + p[0], 0) / n, ring.reduce((s, p) => s + p[1], 0) / n];
  }
  return [ox + cx / (3 * a), oy + cy / (3 * a)];
}

/**
 * A regular 64-gon of the given area (ha) around a point, for rows that only give a position
 * and a stated area; uses a local equirectangular scale, exact enough below ~10 km.
 * @example circleOfArea(2.35, 48.85, 10).coordinates[0][0].length // 65
 */
export function circleOfArea(lon: number, lat: number, hectares: number): MultiPolygonGeometry {
  const n = 64;
  // Radius of the polygon (not the circle) so that the 64-gon itself has the stated area.
  const r = Math.sqrt((hectares * 10_000) / ((n / 2) * Math.sin((2 * Math.PI) / n)));
  const mPerDegLat = (Math.PI * EARTH_RADIUS_M) / 180;
  const mPerDegLon = mPerDegLat * Math.cos(rad(lat));
  const ring: Position[] = [];
  for (let i = 0; i < n; i++) {
    // Counter-clockwise, as RFC 7946 asks for exterior rings.
    const t = (2 * Math.PI * i) / n;
    ring.push([round7(lon + (r * Math.cos(t)) / mPerDegLon), round7(lat + (r * Math.sin(t)) / mPerDegLat)]);
  }
  ring.push(ring[0]);
  return { type: 'MultiPolygon', coordinates: [[ring]] };
}

const round7 = (v: number) => Math.round(v * 1e7) / 1e7;

/**
 * Checks a GeoJSON Polygon/MultiPolygon and returns it as a MultiPolygon, or a reason.
 * Rings must be closed with ≥ 4 positions, numeric, and every position inside France.
 * @example toMultiPolygon({ type: 'Point', coordinates: [2, 48] }) // { error: 'expected a Polygon or MultiPolygon, got Point' }
 */
export function toMultiPolygon(geometry: unknown): { geometry: MultiPolygonGeometry } | { error: string } {
  if (!geometry || typeof geometry !== 'object') return { error: 'the geometry is missing' };
  const g = geometry as { type?: unknown; coordinates?: unknown };
  let polygons: unknown;
  if (g.type === 'Polygon') polygons = [g.coordinates];
  else if (g.type === 'MultiPolygon') polygons = g.coordinates;
  else return { error: `expected a Polygon or MultiPolygon, got ${String(g.type)}` };
  if (!Array.isArray(polygons) || polygons.length === 0) return { error: 'the geometry has no coordinates' };
  // The API's cap (POST /api/sites): one huge outline would otherwise bloat every list page.
  let positions = 0;
  for (const polygon of polygons)
    if (Array.isArray(polygon)) for (const ring of polygon) if (Array.isArray(ring)) positions += ring.length;
  if (positions > MAX_POSITIONS)
    return { error: `the geometry has ${positions} positions, more than the limit of ${MAX_POSITIONS}` };
  for (const polygon of polygons) {
    if (!Array.isArray(polygon) || polygon.length === 0) return { error: 'a polygon has no rings' };
    for (const ring of polygon) {
      if (!Array.isArray(ring) || ring.length < 4) return { error: 'a ring has fewer than 4 positions' };
      for (const p of ring) {
        if (!Array.isArray(p) || p.length < 2 || typeof p[0] !== 'number' || typeof p[1] !== 'number') {
          return { error: 'a position is not a pair of numbers' };
        }
      }
      const first = ring[0] as number[];
      const last = ring[ring.length - 1] as number[];
      if (first[0] !== last[0] || first[1] !== last[1])
        return { error: 'a ring is not closed (first ≠ last position)' };
      for (const p of ring as number[][]) {
        const problem = coordinateProblem(p[0], p[1]);
        if (problem) return { error: problem };
      }
    }
  }
  const coordinates = (polygons as number[][][][]).map((poly) =>
    poly.map((ring) => ring.map((p) => [p[0], p[1]] as Position)),
  );
  return { geometry: { type: 'MultiPolygon', coordinates } };
}
