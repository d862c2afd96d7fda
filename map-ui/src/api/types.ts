/** Shapes of the HTTP contract (ARCHITECTURE.md), as the UI reads them. */
import type { Feature, FeatureCollection, Geometry, Point } from 'geojson';

export const SITE_STATUSES = ['available', 'in_preparation', 'under_option', 'taken'] as const;
export type SiteStatus = (typeof SITE_STATUSES)[number];

/** Labels with a name and a colour in the UI; other labels show their code. */
export const KNOWN_LABELS = [
  'cle_en_main_france_2030',
  'star_est',
  'territoire_industrie',
  'choose_paris_region',
  'france_foncier_plus',
] as const;

export type DataQuality = 'sourced' | 'estimated' | 'illustrative';

export interface SiteListProperties {
  name: string;
  communeInsee?: string | null;
  communeName?: string | null;
  department?: string | null;
  region?: string | null;
  territorySiren?: string | null;
  availableAreaHa?: number | null;
  areaHa?: number | null;
  status?: SiteStatus | null;
  labels?: string[] | null;
  published?: boolean | null;
  brownfield?: boolean | null;
  availableFrom?: string | null;
  railSiding?: boolean | null;
  quay?: boolean | null;
  powerAvailableMw?: number | null;
  dataQuality?: DataQuality | null;
}

export interface ReadinessEntry {
  item: string;
  status: 'done' | 'in_progress' | 'not_started' | 'not_required';
  date?: string | null;
  evidenceUrl?: string | null;
  note?: string | null;
}

export type AccessKind =
  | 'motorway_access'
  | 'rail_freight'
  | 'port'
  | 'airport'
  | 'substation_63kv'
  | 'substation_225kv'
  | 'substation_400kv';

export interface AccessEntry {
  kind: AccessKind | string;
  name?: string | null;
  distanceM: number;
  infrastructureId?: string | null;
}

/** Every public property of one site (GET /api/sites/:id); unknown keys are kept. */
export interface SiteDetailProperties extends SiteListProperties {
  [key: string]: unknown;
  description?: string | null;
  url?: string | null;
  siteType?: string | null;
  vocation?: string | null;
  territoryName?: string | null;
  grossAreaHa?: number | null;
  usefulAreaHa?: number | null;
  minLotHa?: number | null;
  maxHeightM?: number | null;
  priceEurM2?: number | null;
  electricity?: boolean | null;
  gas?: boolean | null;
  drinkingWater?: boolean | null;
  sewerage?: boolean | null;
  fibre?: boolean | null;
  powerVoltageKv?: number | null;
  powerSubstation?: string | null;
  powerConnectionDelayMonths?: number | null;
  powerStatementDate?: string | null;
  gasCapacityMwhPerDay?: number | null;
  waterM3PerDay?: number | null;
  wastewaterM3PerDay?: number | null;
  ppriZone?: string | null;
  pprtZone?: string | null;
  natura2000?: string | null;
  soilPollution?: string | null;
  sevesoNeighbour?: boolean | null;
  pluZone?: string | null;
  maxIcpeRegime?: string | null;
  sevesoAllowed?: string | null;
  readiness?: ReadinessEntry[] | null;
  contactName?: string | null;
  contactEmail?: string | null;
  contactPhone?: string | null;
  source?: string | null;
  sourceUrl?: string | null;
  sourceUpdatedAt?: string | null;
  illustrativeFields?: string[] | null;
  provenanceNotes?: string | null;
  access?: AccessEntry[];
}

export type SiteFeature = Feature<Geometry, SiteListProperties> & { id: string };
export type SiteDetail = Feature<Geometry, SiteDetailProperties> & { id: string };
export type SiteCollection = FeatureCollection<Geometry, SiteListProperties> & {
  features: SiteFeature[];
  numberMatched: number;
  numberReturned?: number;
};

export interface InfrastructureProperties {
  kind: string;
  name?: string | null;
  voltageKv?: number | null;
  sizeClass?: string | null;
  operator?: string | null;
  source?: string | null;
}
export type InfrastructureCollection = FeatureCollection<Point, InfrastructureProperties>;

export interface User {
  email: string;
  role: string;
  name?: string | null;
  territories?: string[];
}
export interface Session {
  user: User;
  csrfToken: string | null;
}

export interface AppConfig {
  basemapStyleUrl: string;
}

// --- matching ---------------------------------------------------------------------------

export interface Bilingual {
  fr: string;
  en: string;
}

export interface CriterionInfo {
  key: string;
  label: Bilingual;
  unit?: string | null;
  defaultWeight: number;
}

export interface MatchTemplate {
  id: string;
  name: Bilingual;
  sector?: string | null;
  description?: Bilingual | null;
  needs: Record<string, unknown>;
}

export interface CriterionResult {
  key: string;
  weight: number;
  score: number;
  value?: unknown;
  reason?: string | null;
}

export interface MatchResult {
  siteId: string;
  siteIds?: string[] | null;
  name: string;
  rank: number;
  score: number;
  confidence: number;
  criteria: CriterionResult[];
}

export interface NearMissFailure {
  key: string;
  required?: unknown;
  actual?: unknown;
  reason?: string | null;
}

export interface NearMiss {
  siteId: string;
  name: string;
  failed: NearMissFailure[];
}

export interface MatchResponse {
  algorithmVersion: string;
  results: MatchResult[];
  nearMisses: NearMiss[];
  /** `sampled`: more sites pass than the engine ranks; the results are the best of a sample. */
  counts?: { candidates: number; sampled?: boolean };
}

export interface MatchRequestBody {
  needs: Record<string, unknown>;
  weights?: Record<string, number>;
  method?: 'weighted' | 'topsis';
  limit?: number;
  ahp?: { criteria: string[]; matrix: number[][] };
}
