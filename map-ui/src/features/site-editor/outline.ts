/**
 * The outline being edited, as terra-draw holds it: plain polygons (one ring each) drawn in the
 * `polygon` mode are the parts, polygons drawn in the `hole` mode are holes cut out of the part
 * that contains them. terra-draw itself refuses polygons with holes, so a site's
 * (Multi)Polygon is split into those rings on load and put back together on save.
 */
import area from '@turf/area';
import booleanPointInPolygon from '@turf/boolean-point-in-polygon';
import type { Feature, Geometry, MultiPolygon, Polygon, Position } from 'geojson';

export type RingRole = 'polygon' | 'hole';

/** One ring of the outline: a closed list of positions and whether it is a part or a hole. */
export interface Ring {
  role: RingRole;
  coordinates: Position[];
}

/** The rings of a site geometry: `toRings(multiPolygon)` → its outer rings and its holes. */
export function toRings(geometry: Geometry | null): Ring[] {
  if (!geometry) return [];
  const polygons =
    geometry.type === 'Polygon'
      ? [geometry.coordinates]
      : geometry.type === 'MultiPolygon'
        ? geometry.coordinates
        : [];
  return polygons.flatMap(([outer, ...holes]) => [
    { role: 'polygon' as const, coordinates: outer },
    ...holes.map((h) => ({ role: 'hole' as const, coordinates: h })),
  ]);
}

/**
 * The rings put back together: each hole goes into the first part that contains its first
 * vertex (a hole outside every part is reported, not dropped silently). One part → Polygon,
 * several → MultiPolygon, none → null.
 */
export function fromRings(rings: Ring[]): { geometry: Polygon | MultiPolygon | null; strayHoles: number } {
  const parts: Position[][][] = rings.filter((r) => r.role === 'polygon').map((r) => [r.coordinates]);
  let strayHoles = 0;
  for (const hole of rings.filter((r) => r.role === 'hole')) {
    const part = parts.find((p) =>
      booleanPointInPolygon(hole.coordinates[0], { type: 'Polygon', coordinates: [p[0]] }),
    );
    if (part) part.push(hole.coordinates);
    else strayHoles++;
  }
  if (parts.length === 0) return { geometry: null, strayHoles };
  const geometry: Polygon | MultiPolygon =
    parts.length === 1
      ? { type: 'Polygon', coordinates: parts[0] }
      : { type: 'MultiPolygon', coordinates: parts };
  return { geometry, strayHoles };
}

/** Area in hectares on the sphere (Turf), the figure shown beside the declared surfaces. */
export function areaHa(geometry: Geometry | null): number | null {
  if (!geometry) return null;
  return area(geometry) / 10_000;
}

/**
 * The polygonal geometry of a GeoJSON file (a Feature, a FeatureCollection or a bare
 * geometry): every Polygon/MultiPolygon in it, merged into one outline. Throws `Error('empty')`
 * when there is none and `Error('json')` when the text is not JSON.
 */
export function outlineFromGeoJson(text: string): Polygon | MultiPolygon {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    throw new Error('json');
  }
  const polys: Position[][][] = [];
  const visit = (g: unknown) => {
    const o = g as { type?: string; coordinates?: unknown; geometry?: unknown; features?: unknown[] };
    if (!o || typeof o !== 'object') return;
    if (o.type === 'FeatureCollection' && Array.isArray(o.features)) o.features.forEach(visit);
    else if (o.type === 'Feature') visit((o as Feature).geometry);
    else if (o.type === 'GeometryCollection')
      ((o as { geometries?: unknown[] }).geometries ?? []).forEach(visit);
    else if (o.type === 'Polygon') polys.push(o.coordinates as Position[][]);
    else if (o.type === 'MultiPolygon') polys.push(...(o.coordinates as Position[][][]));
  };
  visit(data);
  if (polys.length === 0) throw new Error('empty');
  return polys.length === 1
    ? { type: 'Polygon', coordinates: polys[0] }
    : { type: 'MultiPolygon', coordinates: polys };
}
