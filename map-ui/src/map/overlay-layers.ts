/**
 * Pure builders of the GeoJSON overlays drawn above the tiles: the selected site and the
 * match results. Each overlay source holds the site polygons plus one centroid point per
 * site (kind = 'point'), so a site stays visible as a dot at zooms where its polygon is a
 * pixel wide.
 */
import type { Feature, FeatureCollection, Geometry, Point, Position } from 'geojson';
import type { FilterSpecification, GeoJSONSourceSpecification, LayerSpecification } from 'maplibre-gl';
import { MATCH_COLOR, SELECTION_COLOR } from './colors.ts';
import { LAYER, SOURCE } from './layer-ids.ts';

export type OverlayProperties = { kind: 'area' | 'point'; siteId: string; rank?: number; name?: string };
export type OverlayCollection = FeatureCollection<Geometry, OverlayProperties>;

export const EMPTY_OVERLAY: OverlayCollection = { type: 'FeatureCollection', features: [] };

function eachPosition(g: Geometry, fn: (p: Position) => void): void {
  switch (g.type) {
    case 'Point':
      fn(g.coordinates);
      break;
    case 'MultiPoint':
    case 'LineString':
      for (const p of g.coordinates) fn(p);
      break;
    case 'MultiLineString':
    case 'Polygon':
      for (const r of g.coordinates) for (const p of r) fn(p);
      break;
    case 'MultiPolygon':
      for (const poly of g.coordinates) for (const r of poly) for (const p of r) fn(p);
      break;
    case 'GeometryCollection':
      for (const x of g.geometries) eachPosition(x, fn);
      break;
  }
}

/** The [west, south, east, north] box of geometries: `geometryBbox([pointGeom])` → a zero-size box. */
export function geometryBbox(geoms: readonly Geometry[]): [number, number, number, number] | null {
  let w = Infinity;
  let s = Infinity;
  let e = -Infinity;
  let n = -Infinity;
  for (const g of geoms) {
    eachPosition(g, ([x, y]) => {
      if (x < w) w = x;
      if (x > e) e = x;
      if (y < s) s = y;
      if (y > n) n = y;
    });
  }
  return w === Infinity ? null : [w, s, e, n];
}

/**
 * A point that lies on the site, for markers: the centre of its box when that falls inside
 * the largest ring, else the ring's first vertex. `labelPoint(rect)` → the rectangle's centre.
 */
export function labelPoint(g: Geometry): Position | null {
  const box = geometryBbox([g]);
  if (!box) return null;
  const centre: Position = [(box[0] + box[2]) / 2, (box[1] + box[3]) / 2];
  const ring = largestRing(g);
  if (!ring || pointInRing(centre, ring)) return centre;
  return ring[0];
}

function ringArea(r: Position[]): number {
  let a = 0;
  for (let i = 0, j = r.length - 1; i < r.length; j = i++) a += (r[j][0] + r[i][0]) * (r[j][1] - r[i][1]);
  return Math.abs(a / 2);
}

function largestRing(g: Geometry): Position[] | null {
  const rings =
    g.type === 'Polygon'
      ? [g.coordinates[0]]
      : g.type === 'MultiPolygon'
        ? g.coordinates.map((p) => p[0])
        : [];
  let best: Position[] | null = null;
  for (const r of rings) if (!best || ringArea(r) > ringArea(best)) best = r;
  return best;
}

function pointInRing([x, y]: Position, ring: Position[]): boolean {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i];
    const [xj, yj] = ring[j];
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

/** Site features → overlay features (area + label point each), carrying rank and name. */
export function toOverlay(
  sites: ReadonlyArray<{ id: string; geometry: Geometry | null; rank?: number; name?: string }>,
): OverlayCollection {
  const features: Feature<Geometry, OverlayProperties>[] = [];
  for (const s of sites) {
    if (!s.geometry) continue;
    const base = {
      siteId: s.id,
      ...(s.rank !== undefined ? { rank: s.rank } : {}),
      ...(s.name ? { name: s.name } : {}),
    };
    if (s.geometry.type !== 'Point')
      features.push({ type: 'Feature', properties: { kind: 'area', ...base }, geometry: s.geometry });
    const p = labelPoint(s.geometry);
    if (p)
      features.push({
        type: 'Feature',
        properties: { kind: 'point', ...base },
        geometry: { type: 'Point', coordinates: p } as Point,
      });
  }
  return { type: 'FeatureCollection', features };
}

export function buildOverlaySource(data: OverlayCollection): GeoJSONSourceSpecification {
  return { type: 'geojson', data };
}

const isArea = (): FilterSpecification => ['==', ['get', 'kind'], 'area'];
const isPoint = (): FilterSpecification => ['==', ['get', 'kind'], 'point'];

/** The selected site: a dark outline, and a ring around its dot while polygons are tiny. */
export function buildSelectionLayers(): LayerSpecification[] {
  return [
    {
      id: LAYER.selectionFill,
      type: 'fill',
      source: SOURCE.selection,
      filter: isArea(),
      paint: { 'fill-color': SELECTION_COLOR, 'fill-opacity': 0.12 },
    },
    {
      id: LAYER.selectionOutline,
      type: 'line',
      source: SOURCE.selection,
      filter: isArea(),
      layout: { 'line-join': 'round' },
      paint: { 'line-color': SELECTION_COLOR, 'line-width': 3.5 },
    },
    {
      id: LAYER.selectionPoint,
      type: 'circle',
      source: SOURCE.selection,
      filter: isPoint(),
      maxzoom: 11,
      paint: {
        'circle-radius': 11,
        'circle-color': 'rgba(0,0,0,0)',
        'circle-stroke-color': SELECTION_COLOR,
        'circle-stroke-width': 3,
      },
    },
  ];
}

/** Match results: blue outlines and dots; the rank numbers are HTML markers above them. */
export function buildMatchLayers(): LayerSpecification[] {
  return [
    {
      id: LAYER.matchFill,
      type: 'fill',
      source: SOURCE.matchResults,
      filter: isArea(),
      paint: { 'fill-color': MATCH_COLOR, 'fill-opacity': 0.28 },
    },
    {
      id: LAYER.matchOutline,
      type: 'line',
      source: SOURCE.matchResults,
      filter: isArea(),
      layout: { 'line-join': 'round' },
      paint: { 'line-color': MATCH_COLOR, 'line-width': 2.5 },
    },
    {
      id: LAYER.matchPoint,
      type: 'circle',
      source: SOURCE.matchResults,
      filter: isPoint(),
      paint: {
        'circle-radius': 5,
        'circle-color': MATCH_COLOR,
        'circle-stroke-color': '#ffffff',
        'circle-stroke-width': 1.5,
      },
    },
  ];
}
