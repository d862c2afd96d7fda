/** Shapes of the HTTP contract (ARCHITECTURE.md), as the UI reads them. */
import type { AccessKind } from '@api/modules/access/access-kinds.ts';
import type { ScoreKind } from '@api/modules/matching/matching.schemas.ts';
import type { Feature, FeatureCollection, Geometry, Point } from 'geojson';

/** Commercial statuses (api/src/modules/sites/site.fields.ts): `committed` = agreement signed, not completed. */
export const SITE_STATUSES = ['available', 'in_preparation', 'under_option', 'committed', 'taken'] as const;
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

/** The access kinds of the contract: one list, the API's (api/src/modules/access/access-kinds.ts). */
export type { AccessKind } from '@api/modules/access/access-kinds.ts';

export interface AccessEntry {
  kind: AccessKind | string;
  name?: string | null;
  distanceM: number;
  infrastructureId?: string | null;
  /** Minutes by car / truck to `driveTarget` (GET /api/sites/:id); `method` says road or estimate. */
  driveMinutes?: number | null;
  truckMinutes?: number | null;
  method?: 'road' | 'estimate' | null;
  driveTarget?: { name: string | null; infrastructureId: string | null } | null;
}

/** Population within a drive time of a site (INSEE 2021, communes whose centre is in reach). */
export interface LabourPoolEntry {
  minutes: 20 | 30 | 45;
  population: number;
  active: number;
  unemployed: number;
  communes: number;
  method: 'road' | 'estimate';
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
  /** End of the option or commitment of an under_option / committed site. */
  reservedUntil?: string | null;
  electricity?: boolean | null;
  gas?: boolean | null;
  drinkingWater?: boolean | null;
  sewerage?: boolean | null;
  fibre?: boolean | null;
  powerVoltageKv?: number | null;
  powerSubstation?: string | null;
  powerConnectionDelayMonths?: number | null;
  powerStatementDate?: string | null;
  powerSource?: string | null;
  gridHostingCapacityMw?: number | null;
  gridHostingCapacitySource?: string | null;
  gridHostingCapacityDate?: string | null;
  gridStudyStatus?: 'none' | 'exploratory' | 'offer' | 'agreement' | null;
  gasCapacityMwhPerDay?: number | null;
  waterM3PerDay?: number | null;
  wastewaterM3PerDay?: number | null;
  ppriZone?: string | null;
  pprtZone?: string | null;
  natura2000?: string | null;
  soilPollution?: string | null;
  sevesoNeighbour?: boolean | null;
  pluZone?: string | null;
  /** The zone's own name in the local plan ("UX", "1AUe"…). */
  pluZoneLabel?: string | null;
  /** CNIG DESTDOMI code of the zone's dominant destination ('02' economic activity…). */
  pluDestination?: string | null;
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
  labourPool?: LabourPoolEntry[];
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

/** A signed-in session, as GET /api/auth/me and POST /api/auth/login return it (auth.schemas.ts). */
export type { Session } from './auth.ts';

export interface AppConfig {
  basemapStyleUrl: string;
}

// --- matching: the API's contract (api/src/modules/matching/matching.schemas.ts) ------------

export type { MatchRequestInput as MatchRequestBody } from '@api/modules/matching/match-request.schema.ts';
export type {
  Bilingual,
  CriterionInfo,
  FactValue,
  KnockoutInForce,
  KnockoutRule,
  MatchCounts,
  MatchResponse,
  MatchResult,
  MatchVersions,
  NearMiss,
  NearMissFailure,
  ProjectTemplate as MatchTemplate,
  ScoreKind,
  VersionChange,
} from '@api/modules/matching/matching.schemas.ts';

// --- shortlist (api/src/modules/projects: projects.schemas.ts, shortlist.snapshot.ts) ----------

export interface SnapshotCriterion {
  key: string;
  label?: string | { fr: string; en?: string } | null;
  weight: number;
  score: number;
  value?: unknown;
  unit?: string | null;
  known?: boolean;
  reason?: string | null;
  reason_fr?: string | null;
  reason_en?: string | null;
}

export interface SnapshotFailure {
  key: string;
  required?: unknown;
  actual?: unknown;
  unit?: string | null;
  gap?: number | null;
  unknown?: boolean;
  reason?: string | null;
  reason_fr?: string | null;
  reason_en?: string | null;
}

/** A fact lowering the confidence of a snapshot's score, in both languages. */
export interface SnapshotNote {
  criterion: string;
  loss: number;
  text_fr: string;
  text_en: string;
}

/** A flag of a snapshot's match result (under option, power to confirm…), in both languages. */
export interface SnapshotFlag {
  code: string;
  text_fr: string;
  text_en: string;
}

export interface ShortlistSnapshot {
  takenAt: string;
  source: 'match' | 'computed' | 'none';
  algorithmVersion: string | null;
  score: number | null;
  /** How the score was computed; absent on snapshots taken before engine 2.0. */
  scoreKind?: ScoreKind | null;
  confidence: number | null;
  confidenceNotes?: SnapshotNote[];
  flags?: SnapshotFlag[];
  criteria: SnapshotCriterion[];
  failed: SnapshotFailure[];
  site: Record<string, unknown>;
  access: Record<string, number>;
}

export interface FieldChange {
  field: string;
  then: unknown;
  now: unknown;
}

export interface ShortlistItem {
  rank: number;
  siteId: string;
  note: string | null;
  addedAt: string;
  addedBy: string | null;
  score: number | null;
  confidence: number | null;
  siteDeleted: boolean;
  snapshot: ShortlistSnapshot;
  site: {
    facts: Record<string, unknown>;
    access: Array<{ kind: string; name?: string | null; distanceM: number }>;
    location: [number, number] | null;
  } | null;
  changedSince: FieldChange[];
}

/** One item of `PUT /api/projects/:id/shortlist`: a site kept (id only) or added (with its match snapshot). */
export interface ShortlistItemInput {
  siteId: string;
  /** Omitted: keep the current note; null: clear it. */
  note?: string | null;
  score?: number | null;
  scoreKind?: ScoreKind | null;
  confidence?: number | null;
  confidenceNotes?: SnapshotNote[] | null;
  flags?: SnapshotFlag[] | null;
  criteria?: SnapshotCriterion[] | null;
  failed?: SnapshotFailure[] | null;
  algorithmVersion?: string | null;
}
