/**
 * The whole map style in one pure function: a basemap (offline or online) plus Landmatch's
 * sources and layers. The map component hands the result to MapLibre, whose style diff
 * turns a switch into setPaintProperty/setLayoutProperty calls (no tile refetch) and a site
 * filter into a new sites source (the server filters the tiles, site-layers.ts); the
 * unit tests validate the same object with the style-spec validator.
 */
import type { LayerSpecification, StyleSpecification } from 'maplibre-gl';
import { buildInfrastructureLayers, buildInfrastructureSource } from './infrastructure-layers.ts';
import type { InfraLayerKey } from './layer-ids.ts';
import { SOURCE } from './layer-ids.ts';
import {
  buildMatchLayers,
  buildOverlaySource,
  buildSelectionLayers,
  EMPTY_OVERLAY,
  type OverlayCollection,
} from './overlay-layers.ts';
import { buildSiteLayers, buildSitesSource, type SiteLayerOptions } from './site-layers.ts';

export interface MapStyleOptions extends SiteLayerOptions {
  /** Absolute origin of the API (tile URLs must be absolute: the worker has no base URL). */
  origin: string;
  basemap: StyleSpecification;
  infraLayers: readonly InfraLayerKey[];
  selection?: OverlayCollection;
  matchResults?: OverlayCollection;
}

/**
 * `buildMapStyle({ origin, basemap: buildOfflineBasemap(url), colorBy: 'status', filters,
 * infraLayers: [] })` → a complete style. Landmatch layers go below the basemap's first
 * symbol layer, so an online basemap's place names stay readable above the sites.
 */
export function buildMapStyle(o: MapStyleOptions): StyleSpecification {
  // Infrastructure under the sites: the sites are what this map is about.
  const own: LayerSpecification[] = [
    ...buildInfrastructureLayers(o.infraLayers, o.dimmed),
    ...buildSiteLayers(o),
    ...buildSelectionLayers(),
    ...buildMatchLayers(),
  ];
  const base = o.basemap.layers;
  const firstSymbol = base.findIndex((l) => l.type === 'symbol');
  const layers =
    firstSymbol < 0 ? [...base, ...own] : [...base.slice(0, firstSymbol), ...own, ...base.slice(firstSymbol)];
  return {
    ...o.basemap,
    sources: {
      ...o.basemap.sources,
      [SOURCE.sites]: buildSitesSource(o.origin, o.filters),
      [SOURCE.infrastructure]: buildInfrastructureSource(o.origin),
      [SOURCE.selection]: buildOverlaySource(o.selection ?? EMPTY_OVERLAY),
      [SOURCE.matchResults]: buildOverlaySource(o.matchResults ?? EMPTY_OVERLAY),
    },
    layers,
  };
}
