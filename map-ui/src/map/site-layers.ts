/**
 * Pure builders of the site layers over the `sites` vector tiles: points at low zoom (sites
 * that share a tile grid cell come as one cluster point with `count` > 1), outlined polygons
 * at high zoom (the tiles module decides the threshold; the layers key on geometry type),
 * coloured by status or by label.
 *
 * The filters of the list (text search included) go to the server with the tile URL: it
 * filters before clustering, so under any filter every matching site is drawn, as a point or
 * inside a cluster's count, at every zoom (issue 13). A filter change loads other tiles; the
 * layers themselves filter nothing.
 */

import { SITE_STATUSES } from '@api/modules/sites/site.fields.ts';
import type {
  ExpressionSpecification,
  FilterSpecification,
  LayerSpecification,
  VectorSourceSpecification,
} from 'maplibre-gl';
import { filtersToQuery, type SiteFilters } from '../state/filters.ts';
import type { ColorBy } from '../state/url-state.ts';
import {
  CLUSTER_COLOR,
  LABEL_COLORS,
  NO_LABEL_COLOR,
  OTHER_LABEL_COLOR,
  STATUS_COLORS,
  UNKNOWN_STATUS_COLOR,
} from './colors.ts';
import { LAYER, SOURCE, SOURCE_LAYER } from './layer-ids.ts';

/** Tiles are cut up to this zoom; MapLibre overzooms beyond it. */
export const SITE_TILES_MAXZOOM = 14;

/**
 * The vector source of sites, filtered by the server:
 * `buildSitesSource('https://x.fr', { ...EMPTY_FILTERS, regions: ['11'] })` → tiles
 * `https://x.fr/tiles/sites/{z}/{x}/{y}.mvt?region=11` (no query without filters, so the
 * unfiltered map keeps its precomputed clusters and its cached tiles).
 */
export function buildSitesSource(origin: string, filters?: SiteFilters): VectorSourceSpecification {
  const query = filters ? filtersToQuery(filters).toString() : '';
  return {
    type: 'vector',
    tiles: [`${origin}/tiles/sites/{z}/{x}/{y}.mvt${query ? `?${query}` : ''}`],
    minzoom: 0,
    maxzoom: SITE_TILES_MAXZOOM,
    // Feature state (hover) needs numeric or promoted ids; site ids are uuids.
    promoteId: 'id',
    attribution: 'Landmatch',
  };
}

// Labels travel in tiles as one comma-joined string; wrapping it in commas makes
// ",star_est," match whole codes only (not "star_est_2").
const labelsWrapped: ExpressionSpecification = ['concat', ',', ['to-string', ['get', 'labels']], ','];
const hasLabel = (label: string): ExpressionSpecification => ['in', `,${label},`, labelsWrapped];

/** The fill colour of a site, by status or by its first known label. */
export function siteColorExpression(colorBy: ColorBy): ExpressionSpecification {
  if (colorBy === 'label') {
    const cases: unknown[] = [];
    for (const [label, color] of LABEL_COLORS) cases.push(hasLabel(label), color);
    return [
      'case',
      ...(cases as [ExpressionSpecification, string]),
      ['==', ['to-string', ['get', 'labels']], ''],
      NO_LABEL_COLOR,
      OTHER_LABEL_COLOR,
    ] as ExpressionSpecification;
  }
  const pairs: string[] = [];
  for (const s of SITE_STATUSES) pairs.push(s, STATUS_COLORS[s]);
  return [
    'match',
    ['to-string', ['get', 'status']],
    ...pairs,
    UNKNOWN_STATUS_COLOR,
  ] as ExpressionSpecification;
}

const POLYGONS: ExpressionSpecification = [
  'match',
  ['geometry-type'],
  ['Polygon', 'MultiPolygon'],
  true,
  false,
];
const POINTS: ExpressionSpecification = ['match', ['geometry-type'], ['Point', 'MultiPoint'], true, false];
const clusterCount: ExpressionSpecification = ['to-number', ['get', 'count'], 1];
const SINGLE_POINTS: ExpressionSpecification = ['all', POINTS, ['<=', clusterCount, 1]];
const CLUSTERS: ExpressionSpecification = ['all', POINTS, ['>', clusterCount, 1]];

export interface SiteLayerOptions {
  colorBy: ColorBy;
  /** The list's filters: they choose the tiles (buildSitesSource), not what the layers draw. */
  filters: SiteFilters;
  /** Fades the inventory behind match results. */
  dimmed?: boolean;
}

/** The four site layers (fill, outline, cluster, point), bottom to top. */
export function buildSiteLayers(o: SiteLayerOptions): LayerSpecification[] {
  const color = siteColorExpression(o.colorBy);
  const hover: ExpressionSpecification = ['boolean', ['feature-state', 'hover'], false];
  const fade = o.dimmed ? 0.35 : 1;
  return [
    {
      id: LAYER.sitesFill,
      type: 'fill',
      source: SOURCE.sites,
      'source-layer': SOURCE_LAYER.sites,
      filter: POLYGONS as FilterSpecification,
      paint: {
        'fill-color': color,
        'fill-opacity': ['case', hover, 0.55 * fade, 0.3 * fade],
      },
    },
    {
      id: LAYER.sitesOutline,
      type: 'line',
      source: SOURCE.sites,
      'source-layer': SOURCE_LAYER.sites,
      filter: POLYGONS as FilterSpecification,
      layout: { 'line-join': 'round' },
      paint: {
        'line-color': color,
        'line-opacity': fade,
        'line-width': [
          'interpolate',
          ['linear'],
          ['zoom'],
          10,
          ['case', hover, 3, 1.5],
          16,
          ['case', hover, 4, 2.5],
        ],
      },
    },
    {
      id: LAYER.sitesCluster,
      type: 'circle',
      source: SOURCE.sites,
      'source-layer': SOURCE_LAYER.sites,
      filter: CLUSTERS as FilterSpecification,
      paint: {
        'circle-color': '#ffffff',
        'circle-opacity': fade,
        'circle-radius': ['interpolate', ['linear'], clusterCount, 2, 8, 10, 12, 50, 18],
        'circle-stroke-color': CLUSTER_COLOR,
        'circle-stroke-opacity': fade,
        'circle-stroke-width': ['case', hover, 5, 3.5],
      },
    },
    {
      id: LAYER.sitesPoint,
      type: 'circle',
      source: SOURCE.sites,
      'source-layer': SOURCE_LAYER.sites,
      filter: SINGLE_POINTS as FilterSpecification,
      paint: {
        'circle-color': color,
        'circle-opacity': fade,
        'circle-radius': [
          'interpolate',
          ['linear'],
          ['zoom'],
          4,
          ['case', hover, 7, 5],
          9,
          ['case', hover, 10, 7.5],
        ],
        'circle-stroke-color': '#ffffff',
        'circle-stroke-opacity': fade,
        'circle-stroke-width': ['case', hover, 2.5, 1.75],
      },
    },
  ];
}
