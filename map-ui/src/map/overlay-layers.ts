/**
 * Pure builders of the GeoJSON overlays drawn above the tiles: the selected site and the
 * match results. Each overlay source holds the site polygons plus one label point per
 * site (kind = 'point'), so a site stays visible as a dot at zooms where its polygon is a
 * pixel wide.
 */
import { bbox } from '@turf/bbox';
import { pointOnFeature } from '@turf/point-on-feature';
import type { Feature, FeatureCollection, Geometry, Point, Position } from 'geojson';
import type {
  CircleLayerSpecification,
  FilterSpecification,
  GeoJSONSourceSpecification,
  LayerSpecification,
} from 'maplibre-gl';
import { MATCH_COLOR, SELECTION_COLOR } from './colors.ts';
import { LAYER, SOURCE } from './layer-ids.ts';

export type OverlayProperties = { kind: 'area' | 'point'; siteId: string; rank?: number; name?: string };
export type OverlayCollection = FeatureCollection<Geometry, OverlayProperties>;

export const EMPTY_OVERLAY: OverlayCollection = { type: 'FeatureCollection', features: [] };

/** The [west, south, east, north] box of geometries: `geometryBbox([pointGeom])` → a zero-size box. */
export function geometryBbox(geoms: readonly Geometry[]): [number, number, number, number] | null {
  if (geoms.length === 0) return null;
  const [w, s, e, n] = bbox({ type: 'GeometryCollection', geometries: [...geoms] });
  return Number.isFinite(w) ? [w, s, e, n] : null;
}

/**
 * A point that lies on the site, for markers (Turf's point-on-feature): the centre of its box
 * when that falls inside, else the vertex nearest to it. `labelPoint(rect)` → the rectangle's centre.
 */
export function labelPoint(g: Geometry): Position | null {
  if (geometryBbox([g]) === null) return null;
  return pointOnFeature(g).geometry.coordinates;
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

/** The three layers of an overlay: a tinted fill and an outline of the plots, and their dots. */
function overlayLayers(o: {
  source: string;
  ids: { fill: string; outline: string; point: string };
  color: string;
  fillOpacity: number;
  lineWidth: number;
  point: Pick<CircleLayerSpecification, 'maxzoom' | 'paint'>;
}): LayerSpecification[] {
  return [
    {
      id: o.ids.fill,
      type: 'fill',
      source: o.source,
      filter: isArea(),
      paint: { 'fill-color': o.color, 'fill-opacity': o.fillOpacity },
    },
    {
      id: o.ids.outline,
      type: 'line',
      source: o.source,
      filter: isArea(),
      layout: { 'line-join': 'round' },
      paint: { 'line-color': o.color, 'line-width': o.lineWidth },
    },
    {
      id: o.ids.point,
      type: 'circle',
      source: o.source,
      filter: isPoint(),
      ...(o.point.maxzoom !== undefined ? { maxzoom: o.point.maxzoom } : {}),
      paint: o.point.paint,
    },
  ];
}

/** The selected site: a dark outline, and a ring around its dot while polygons are tiny. */
export function buildSelectionLayers(): LayerSpecification[] {
  return overlayLayers({
    source: SOURCE.selection,
    ids: { fill: LAYER.selectionFill, outline: LAYER.selectionOutline, point: LAYER.selectionPoint },
    color: SELECTION_COLOR,
    fillOpacity: 0.12,
    lineWidth: 3.5,
    point: {
      maxzoom: 11,
      paint: {
        'circle-radius': 11,
        'circle-color': 'rgba(0,0,0,0)',
        'circle-stroke-color': SELECTION_COLOR,
        'circle-stroke-width': 3,
      },
    },
  });
}

/** Match results: blue outlines and dots; the rank numbers are HTML markers above them. */
export function buildMatchLayers(): LayerSpecification[] {
  return overlayLayers({
    source: SOURCE.matchResults,
    ids: { fill: LAYER.matchFill, outline: LAYER.matchOutline, point: LAYER.matchPoint },
    color: MATCH_COLOR,
    fillOpacity: 0.28,
    lineWidth: 2.5,
    point: {
      paint: {
        'circle-radius': 5,
        'circle-color': MATCH_COLOR,
        'circle-stroke-color': '#ffffff',
        'circle-stroke-width': 1.5,
      },
    },
  });
}
