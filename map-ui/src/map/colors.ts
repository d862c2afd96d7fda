/**
 * The map's colours, shared by the layer builders and the legend so they cannot drift apart.
 * Status colours follow a traffic-light reading (green = available, amber = soon, violet =
 * under option, dark plum = committed (agreement signed), grey = taken); label colours are distinct from them where possible.
 */
import type { SiteStatus } from '@api/modules/sites/site.fields.ts';
import type { InfraLayerKey } from './layer-ids.ts';

export const STATUS_COLORS: Record<SiteStatus, string> = {
  available: '#1a9850',
  in_preparation: '#e6a100',
  under_option: '#7b4fc9',
  committed: '#8e1f5f',
  taken: '#7d8590',
};
export const UNKNOWN_STATUS_COLOR = '#9aa4ae';

/** Label colours in priority order: a site with several labels takes the first listed here. */
export const LABEL_COLORS: Array<[label: string, color: string]> = [
  ['cle_en_main_france_2030', '#1f5fbf'],
  ['star_est', '#d13b7a'],
  ['choose_paris_region', '#e4662c'],
  ['territoire_industrie', '#0f8b8d'],
  ['france_foncier_plus', '#6b8e23'],
];
export const OTHER_LABEL_COLOR = '#a47a3c';
export const NO_LABEL_COLOR = '#9aa4ae';

export const INFRA_COLORS: Record<InfraLayerKey, string> = {
  motorway_access: '#d62828',
  rail_freight: '#5b4636',
  rail_station: '#8c6d58',
  port: '#0a7ec2',
  airport: '#3d4db7',
  substation_400: '#9c2d00',
  substation_225: '#d9730d',
  substation_63: '#e0b100',
};

/** Ring of a cluster point (several sites in one tile grid cell). */
export const CLUSTER_COLOR = '#0f3d5e';

export const SELECTION_COLOR = '#0b2239';
export const MATCH_COLOR = '#0b5cad';
/** The drive-time area of the open site (dashed outline when it is an estimate). */
export const ISOCHRONE_COLOR = '#c2410c';

export const BASEMAP_COLORS = {
  water: '#dbe7ef',
  land: '#f6f4ee',
  coastline: '#a9bccb',
  border: '#9a8fa6',
} as const;
