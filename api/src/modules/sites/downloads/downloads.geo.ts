/**
 * Geometry text for the CSV downloads: WKT of an outline and its centroid. Coordinates are
 * written as the API returns them (lon/lat, 6 decimals from `ST_AsGeoJSON(geom, 6)`), so a
 * file says what the API says.
 */
import type { PolygonalGeometry } from '../../../shared/geo.ts';

type Ring = number[][];

const polygonsOf = (g: PolygonalGeometry): Ring[][] =>
  (g.type === 'Polygon' ? [g.coordinates] : g.coordinates) as Ring[][];

const ringText = (r: Ring) => `(${r.map((p) => `${p[0]} ${p[1]}`).join(', ')})`;

/**
 * WKT of a polygonal outline, always as a MULTIPOLYGON (the stored type).
 * @example toWkt({ type: 'Polygon', coordinates: [[[0, 0], [1, 0], [1, 1], [0, 0]]] })
 * // 'MULTIPOLYGON (((0 0, 1 0, 1 1, 0 0)))'
 */
export function toWkt(g: PolygonalGeometry): string {
  return `MULTIPOLYGON (${polygonsOf(g)
    .map((poly) => `(${poly.map(ringText).join(', ')})`)
    .join(', ')})`;
}

/** Twice the signed area of a ring and the unnormalised sums of its centroid (shoelace). */
function ringMoments(r: Ring): [number, number, number] {
  let a = 0;
  let cx = 0;
  let cy = 0;
  for (let i = 0; i < r.length - 1; i++) {
    const [x0, y0] = r[i];
    const [x1, y1] = r[i + 1];
    const cross = x0 * y1 - x1 * y0;
    a += cross;
    cx += (x0 + x1) * cross;
    cy += (y0 + y1) * cross;
  }
  return [a, cx, cy];
}

const round6 = (n: number) => Math.round(n * 1e6) / 1e6;

/**
 * Area-weighted centroid in lon/lat (holes subtracted), rounded to 6 decimals; the mean of
 * the first ring's positions for a degenerate outline. Planar in degrees: at a site's scale
 * the error against a projected centroid is far below a metre.
 * @example centroid({ type: 'Polygon', coordinates: [[[0, 0], [2, 0], [2, 2], [0, 2], [0, 0]]] }) // [1, 1]
 */
export function centroid(g: PolygonalGeometry): [number, number] {
  let area = 0;
  let sx = 0;
  let sy = 0;
  for (const poly of polygonsOf(g)) {
    poly.forEach((ring, i) => {
      const [a, cx, cy] = ringMoments(ring);
      // Orientation is not guaranteed by PostGIS: outer rings add, holes subtract, whatever their winding.
      const sign = (i === 0 ? 1 : -1) * Math.sign(a);
      area += sign * a;
      sx += sign * cx;
      sy += sign * cy;
    });
  }
  if (Math.abs(area) < 1e-18) {
    const r = polygonsOf(g)[0][0];
    const n = r.length;
    return [round6(r.reduce((s, p) => s + p[0], 0) / n), round6(r.reduce((s, p) => s + p[1], 0) / n)];
  }
  return [round6(sx / (3 * area)), round6(sy / (3 * area))];
}
