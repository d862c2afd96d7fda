/**
 * What the matching engine reads about a site: a plain object with the site fields it uses
 * (camelCase keys from sites/site.fields.ts) plus the precomputed nearest infrastructure
 * (`site_access`). Every field may be null or absent = unknown; the engine never treats
 * unknown as a pass. The store builds these from one row per site; an assembly of adjacent
 * plots is one MatchSite whose `siteIds` lists the plots and whose figures are combined.
 */

import { ACCESS_KINDS, type AccessKind } from '../access/access-kinds.ts';
import type {
  DATA_QUALITY,
  GRID_STUDY_STATUSES,
  ICPE_REGIMES,
  NATURA2000,
  PLU_DESTINATIONS,
  PLU_ZONES,
  PPRI_ZONES,
  PPRT_ZONES,
  ReadinessItem,
  SEVESO_TIERS,
  SITE_STATUSES,
  SOIL_POLLUTION,
  URBANISATION_TYPES,
} from '../sites/site.fields.ts';

export { ACCESS_KINDS, type AccessKind };

export interface AccessInfo {
  name: string | null;
  distanceM: number;
  infrastructureId: string | null;
}

export type SiteAccess = Partial<Record<AccessKind, AccessInfo | null>>;

type Maybe<T> = T | null | undefined;
export type IcpeRegime = (typeof ICPE_REGIMES)[number];
export type SevesoTier = (typeof SEVESO_TIERS)[number];

export interface MatchSite {
  /** Site id; for an assembly, a stable id of the set (e.g. the sorted member ids joined). */
  id: string;
  name: string;
  /** Member plots when this candidate is an assembly of adjacent plots. */
  siteIds?: string[];
  /** For an assembly: which plot limits which combined fact (shown as flags). */
  assemblyNotes?: { fr: string; en: string }[];
  availableAreaHa?: Maybe<number>;
  minLotHa?: Maybe<number>;
  status?: Maybe<(typeof SITE_STATUSES)[number]>;
  brownfield?: Maybe<boolean>;
  urbanisationType?: Maybe<(typeof URBANISATION_TYPES)[number]>;
  /** ISO date YYYY-MM-DD. */
  availableFrom?: Maybe<string>;
  /** End of the option or commitment (under_option / committed), ISO date. */
  reservedUntil?: Maybe<string>;
  priceEurM2?: Maybe<number>;
  electricity?: Maybe<boolean>;
  gas?: Maybe<boolean>;
  drinkingWater?: Maybe<boolean>;
  sewerage?: Maybe<boolean>;
  fibre?: Maybe<boolean>;
  railSiding?: Maybe<boolean>;
  quay?: Maybe<boolean>;
  powerAvailableMw?: Maybe<number>;
  powerVoltageKv?: Maybe<number>;
  powerSubstation?: Maybe<string>;
  powerConnectionDelayMonths?: Maybe<number>;
  powerStatementDate?: Maybe<string>;
  powerSource?: Maybe<string>;
  gridHostingCapacityMw?: Maybe<number>;
  gridHostingCapacitySource?: Maybe<string>;
  gridHostingCapacityDate?: Maybe<string>;
  gridStudyStatus?: Maybe<(typeof GRID_STUDY_STATUSES)[number]>;
  gasCapacityMwhPerDay?: Maybe<number>;
  waterM3PerDay?: Maybe<number>;
  wastewaterM3PerDay?: Maybe<number>;
  ppriZone?: Maybe<(typeof PPRI_ZONES)[number]>;
  pprtZone?: Maybe<(typeof PPRT_ZONES)[number]>;
  natura2000?: Maybe<(typeof NATURA2000)[number]>;
  soilPollution?: Maybe<(typeof SOIL_POLLUTION)[number]>;
  sevesoNeighbour?: Maybe<boolean>;
  pluZone?: Maybe<(typeof PLU_ZONES)[number]>;
  pluZoneLabel?: Maybe<string>;
  pluDestination?: Maybe<(typeof PLU_DESTINATIONS)[number]>;
  maxIcpeRegime?: Maybe<IcpeRegime>;
  sevesoAllowed?: Maybe<SevesoTier>;
  readiness?: Maybe<ReadinessItem[]>;
  /** INSEE région code, e.g. '44'. */
  region?: Maybe<string>;
  /** INSEE département code, e.g. '57', '2A', '974'. */
  department?: Maybe<string>;
  territorySiren?: Maybe<string>;
  /** Provenance (confidence index): the site's data quality tag, illustrative fields, update date. */
  dataQuality?: Maybe<(typeof DATA_QUALITY)[number]>;
  illustrativeFields?: Maybe<string[]>;
  source?: Maybe<string>;
  sourceUpdatedAt?: Maybe<string>;
  access?: Maybe<SiteAccess>;
  /** Drive times to the nearest feature of each kind (`site_drive_times`, issue 11). */
  drive?: Maybe<SiteDrive>;
  /** Population within 20, 30 and 45 minutes (`site_labour_pool`). */
  labourPool?: Maybe<LabourPool[]>;
}

/** How a drive time or labour pool was obtained: on the road graph, or estimated from a straight line. */
export type DriveMethod = 'road' | 'estimate';

export interface DriveInfo {
  name: string | null;
  carMinutes: number;
  /** Heavy-goods profile (90 km/h on motorways, 80 elsewhere); null when not computed. */
  truckMinutes: number | null;
  method: DriveMethod;
}

export type SiteDrive = Partial<Record<AccessKind, DriveInfo | null>>;

export interface LabourPool {
  minutes: LabourPoolMinutes;
  population: number;
  active: number;
  unemployed: number;
  method: DriveMethod;
}

export const LABOUR_POOL_MINUTES = [20, 30, 45] as const;
export type LabourPoolMinutes = (typeof LABOUR_POOL_MINUTES)[number];

/**
 * The drive time the engine uses for an access kind: the heavy-goods time for freight access
 * (motorway, rail freight, port), the car time for an airport (people travel); null when unknown.
 * `site_match.<kind>_min` holds the same value (migration 0010).
 */
export function driveOf(site: MatchSite, kind: AccessKind): (DriveInfo & { minutes: number }) | null {
  const d = site.drive?.[kind];
  if (!d) return null;
  const minutes = kind === 'airport' ? d.carMinutes : (d.truckMinutes ?? d.carMinutes);
  return Number.isFinite(minutes) ? { ...d, minutes } : null;
}

/** The labour pool within `minutes`, or null when unknown. */
export function poolOf(site: MatchSite, minutes: LabourPoolMinutes): LabourPool | null {
  return site.labourPool?.find((p) => p.minutes === minutes) ?? null;
}

/**
 * The site field keys (sites/site.fields.ts) the engine reads: the store's SELECT list.
 * `access` comes from `site_access`, `id` from the primary key.
 */
export const MATCH_SITE_FIELDS = [
  'name',
  'availableAreaHa',
  'minLotHa',
  'status',
  'brownfield',
  'urbanisationType',
  'availableFrom',
  'reservedUntil',
  'priceEurM2',
  'electricity',
  'gas',
  'drinkingWater',
  'sewerage',
  'fibre',
  'railSiding',
  'quay',
  'powerAvailableMw',
  'powerVoltageKv',
  'powerSubstation',
  'powerConnectionDelayMonths',
  'powerStatementDate',
  'powerSource',
  'gridHostingCapacityMw',
  'gridHostingCapacitySource',
  'gridHostingCapacityDate',
  'gridStudyStatus',
  'gasCapacityMwhPerDay',
  'waterM3PerDay',
  'wastewaterM3PerDay',
  'ppriZone',
  'pprtZone',
  'natura2000',
  'soilPollution',
  'sevesoNeighbour',
  'pluZone',
  'pluZoneLabel',
  'pluDestination',
  'maxIcpeRegime',
  'sevesoAllowed',
  'readiness',
  'region',
  'department',
  'territorySiren',
  'dataQuality',
  'illustrativeFields',
  'source',
  'sourceUpdatedAt',
] as const satisfies readonly (keyof MatchSite)[];

/** Nearest infrastructure of a kind, or null when unknown: `accessOf(site, 'port')`. */
export function accessOf(site: MatchSite, kind: AccessKind): AccessInfo | null {
  const a = site.access?.[kind];
  return a && Number.isFinite(a.distanceM) ? a : null;
}

/** The value of a field, with undefined folded into null: `known(site.gas)` → boolean | null. */
export function known<T>(v: Maybe<T>): T | null {
  return v === undefined || v === null ? null : v;
}
