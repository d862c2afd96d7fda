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

/**
 * One hue family per kind, so no two kinds read alike (motorway blue like French motorway signs,
 * freight brown, passenger slate, port teal, airport violet) and the substations a red→amber
 * scale by voltage, their size (infrastructure-icons.ts) saying the same thing.
 */
export const INFRA_COLORS: Record<InfraLayerKey, string> = {
  motorway_access: '#1d5bbf',
  rail_freight: '#7a4a22',
  rail_station: '#4b5563',
  port: '#0b7a8f',
  airport: '#6d3fc0',
  substation_400: '#a3161a',
  substation_225: '#e0620d',
  substation_63: '#c99700',
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
  /** Région limits (offline basemap): a firm line. */
  region: '#8f86a0',
  /** Département limits: lighter and thinner. */
  departement: '#b9b2c6',
  regionLabel: '#6b6280',
  departementLabel: '#7d7690',
  communeLabel: '#2f3a45',
  labelHalo: 'rgba(255,255,255,0.9)',
} as const;
