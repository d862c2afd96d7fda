/**
 * Every source and layer id of the map in one place, so the map component, the layer
 * builders, the legend and the browser tests agree on names.
 */
import type { InfrastructureKind } from '@api/modules/infrastructure/infrastructure.schemas.ts';

export const SOURCE = {
  countries: 'lm-countries',
  sites: 'lm-sites',
  infrastructure: 'lm-infrastructure',
  selection: 'lm-selection',
  matchResults: 'lm-match-results',
  isochrone: 'lm-isochrone',
  // Offline basemap (basemap-style.ts) and the cadastral overlay of online basemaps.
  admin: 'lm-admin',
  communes: 'lm-communes',
  cadastre: 'lm-cadastre',
  rasterBasemap: 'lm-raster-basemap',
} as const;

/** Source layers inside the vector tiles (the tiles module's contract). */
export const SOURCE_LAYER = {
  sites: 'sites',
  infrastructure: 'infrastructure',
} as const;

export const LAYER = {
  background: 'lm-background',
  land: 'lm-land',
  coastline: 'lm-coastline',
  borders: 'lm-borders',
  sitesFill: 'lm-sites-fill',
  sitesOutline: 'lm-sites-outline',
  sitesPoint: 'lm-sites-point',
  sitesCluster: 'lm-sites-cluster',
  selectionFill: 'lm-selection-fill',
  selectionOutline: 'lm-selection-outline',
  selectionPoint: 'lm-selection-point',
  matchFill: 'lm-match-fill',
  matchOutline: 'lm-match-outline',
  matchPoint: 'lm-match-point',
  isochroneFill: 'lm-isochrone-fill',
  isochroneLine: 'lm-isochrone-line',
  // Offline basemap (basemap-style.ts); commune labels are `lm-commune-labels-<rank>`.
  regionLines: 'lm-region-lines',
  departementLines: 'lm-departement-lines',
  regionLabels: 'lm-region-labels',
  departementLabels: 'lm-departement-labels',
  communeLabels: 'lm-commune-labels',
  cadastre: 'lm-cadastre',
  rasterBasemap: 'lm-raster-basemap',
} as const;

/** Site layers that answer clicks and hovers (clusters zoom in on click). */
export const SITE_LAYERS: string[] = [LAYER.sitesFill, LAYER.sitesPoint, LAYER.sitesCluster];

/**
 * The switchable infrastructure layers: the API's kinds, substations split by voltage so the
 * 400 kV grid can be shown alone (a data centre looks for 225/400 kV, a workshop for 63/90 kV).
 * A kind renamed in the API's contract is a type error here.
 */
export const INFRA_LAYER_KEYS = [
  'motorway_access',
  'rail_freight',
  'rail_station',
  'port',
  'airport',
  'substation_400',
  'substation_225',
  'substation_63',
] as const satisfies readonly (Exclude<InfrastructureKind, 'substation'> | `substation_${number}`)[];
export type InfraLayerKey = (typeof INFRA_LAYER_KEYS)[number];

export const DEFAULT_INFRA_LAYERS: InfraLayerKey[] = [
  'motorway_access',
  'rail_freight',
  'port',
  'substation_400',
];

export function isInfraLayerKey(s: string): s is InfraLayerKey {
  return (INFRA_LAYER_KEYS as readonly string[]).includes(s);
}

/** The map layer id of one infrastructure switch: `infraLayerId('port')` → `lm-infra-port`. */
export function infraLayerId(key: InfraLayerKey): string {
  return `lm-infra-${key}`;
}
