/**
 * GeoJSON input validation (structure and coordinate ranges; topology is checked by PostGIS
 * with ST_IsValidReason) and bbox parsing. Coordinates are lon/lat, EPSG:4326.
 */
import { z } from 'zod';

/** Positions one site outline may have, through the API and the importers alike. */
export const MAX_POSITIONS = 200_000;

// The detail code our refinements carry (shared/validation.ts reads it from `params.code`).
const INVALID = { code: 'invalid_geometry' };

const position = z
  .array(z.number().finite('coordinates must be finite numbers'))
  .min(2, 'a position needs [lon, lat]')
  .max(3, 'a position has at most 3 numbers')
  .refine((p) => p[0] >= -180 && p[0] <= 180, {
    message: 'longitude must be within [-180, 180]',
    params: INVALID,
  })
  .refine((p) => p[1] >= -90 && p[1] <= 90, {
    message: 'latitude must be within [-90, 90]',
    params: INVALID,
  });

// zod runs refinements even after an element or the length failed, so they read defensively
// (a ring `[]` or `[null, …]` must be a 400 naming it, not a TypeError).
const isClosed = (r: unknown[][]) => {
  const [first, last] = [r[0], r[r.length - 1]];
  return !Array.isArray(first) || !Array.isArray(last) || (first[0] === last[0] && first[1] === last[1]);
};

const ring = z
  .array(position)
  .min(4, 'a polygon ring needs at least 4 positions')
  .refine((r) => r.length < 4 || isClosed(r), { message: 'a polygon ring must be closed', params: INVALID });

const polygonCoords = z.array(ring).min(1, 'a polygon needs an outer ring');

export const polygonalGeometrySchema = z
  .discriminatedUnion(
    'type',
    [
      z.strictObject({ type: z.literal('Polygon'), coordinates: polygonCoords }),
      z.strictObject({ type: z.literal('MultiPolygon'), coordinates: z.array(polygonCoords).min(1) }),
    ],
    { error: 'geometry must be a GeoJSON Polygon or MultiPolygon' },
  )
  .refine((g) => countPositions(g) <= MAX_POSITIONS, {
    message: `geometry has more than ${MAX_POSITIONS} positions`,
    params: { code: 'too_big', maximum: MAX_POSITIONS, origin: 'positions' },
  });

export type PolygonalGeometry = z.infer<typeof polygonalGeometrySchema>;

function countPositions(g: { type: string; coordinates: unknown }): number {
  const polys = g.type === 'Polygon' ? [g.coordinates] : g.coordinates;
  let n = 0;
  for (const p of Array.isArray(polys) ? polys : [])
    for (const r of Array.isArray(p) ? p : []) n += Array.isArray(r) ? r.length : 0;
  return n;
}

/** `bbox=minLon,minLat,maxLon,maxLat` → numbers, validated. */
export const bboxSchema = z.string().transform((s, ctx) => {
  const parts = s.split(',').map((x) => x.trim());
  const nums = parts.map(Number);
  if (parts.length !== 4 || nums.some((n) => !Number.isFinite(n)) || parts.some((p) => p === '')) {
    ctx.addIssue({
      code: 'custom',
      message: 'bbox must be minLon,minLat,maxLon,maxLat (4 numbers)',
      params: { code: 'invalid_bbox' },
    });
    return z.NEVER;
  }
  const [minLon, minLat, maxLon, maxLat] = nums;
  if (minLon < -180 || maxLon > 180 || minLat < -90 || maxLat > 90) {
    ctx.addIssue({
      code: 'custom',
      message: 'bbox must be in lon/lat degrees (EPSG:4326)',
      params: { code: 'invalid_bbox' },
    });
    return z.NEVER;
  }
  if (minLon > maxLon || minLat > maxLat) {
    ctx.addIssue({
      code: 'custom',
      message: 'bbox minimums must not exceed maximums',
      params: { code: 'min_exceeds_max' },
    });
    return z.NEVER;
  }
  return [minLon, minLat, maxLon, maxLat] as [number, number, number, number];
});

/** A lon/lat position. */
export type Position = [number, number];

/** GeoJSON MultiPolygon in lon/lat (EPSG:4326): the shape every imported site outline takes. */
export interface MultiPolygonGeometry {
  type: 'MultiPolygon';
  coordinates: Position[][][];
}
