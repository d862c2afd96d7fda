/** Shapes of the HTTP contract (/api/openapi.json), as the UI reads them. */
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

/** How the score of a result is computed (`scoreLabel` names it in both languages). */
export type ScoreKind = 'weighted_sum' | 'topsis_closeness';

/** One criterion of a ranked result (rank.ts `CriterionBreakdown`): reasons in both languages. */
export interface CriterionResult {
  key: string;
  label: string;
  label_fr: string;
  label_en: string;
  /** Normalised weight (0 for a criterion reported but not weighted). */
  weight: number;
  score: number;
  /** weight × score under the weighted sum; null under TOPSIS. */
  contribution: number | null;
  value?: unknown;
  unit: string | null;
  known: boolean;
  /** 0 … 1: how far the data behind it can be trusted. */
  knowledge: number;
  /** In the request's language; the UI reads `reason_fr` / `reason_en` by its own language. */
  reason: string;
  reason_fr: string;
  reason_en: string;
}

/** A fact that lowers a result's confidence, with the points it costs. */
export interface ConfidenceNote {
  criterion: string;
  loss: number;
  text: string;
  text_fr: string;
  text_en: string;
}

/** What a reader must know about a result: under option, new connection, PLU change… */
export interface ResultFlag {
  code: string;
  text: string;
  text_fr: string;
  text_en: string;
}

export interface MatchResult {
  siteId: string;
  siteIds?: string[] | null;
  name: string;
  rank: number;
  score: number;
  scoreKind: ScoreKind;
  confidence: number;
  /** The facts that lower confidence most (at most three). */
  confidenceNotes: ConfidenceNote[];
  flags: ResultFlag[];
  criteria: CriterionResult[];
}

export type FactValue = number | string | boolean | null;

/** One failed need knock-out of a near-miss, with its gap in `unit`. */
export interface NearMissFailure {
  key: string;
  kind: 'legal' | 'need';
  required: FactValue;
  actual: FactValue;
  unit: string | null;
  gap: number | null;
  normalisedGap: number;
  /** The site's data is missing: to confirm, not a proven failure. */
  unknown: boolean;
  reason: string;
  reason_fr: string;
  reason_en: string;
  rule_fr: string;
  rule_en: string;
}

/** A site failing one or two need knock-outs (never a legal ban); near-misses have no score. */
export interface NearMiss {
  siteId: string;
  siteIds?: string[] | null;
  name: string;
  failures: number;
  /** Sum of the failures' normalised gaps: how far from passing. */
  gapSum: number;
  failed: NearMissFailure[];
}

/** A knock-out in force for a request: the law's bans, then the project's needs. */
export interface KnockoutInForce {
  key: string;
  kind: 'legal' | 'need';
  label: Bilingual;
  rule: Bilingual;
}

/** The rule table of `GET /api/match/knockouts`, with each rule's source. */
export interface KnockoutRule extends KnockoutInForce {
  /** The `hard` / `relax` key that turns a need knock-out on or off (null for legal bans). */
  need: string | null;
  source: { title: string; url: string } | null;
}

export interface MatchCounts {
  /** Sites in scope (geography, status, something available) the caller may see. */
  considered: number;
  /** In scope but in a zone where the law forbids the project. */
  legallyExcluded: number;
  /** Passing every knock-out: all of them are ranked. */
  candidates: number;
  /** Failing one or two need knock-outs. */
  nearMisses: number;
  assemblies: number;
  ranked: number;
}

export interface MatchResponse {
  algorithmVersion: string;
  method: 'weighted' | 'topsis';
  scoreKind: ScoreKind;
  scoreLabel: Bilingual;
  weights: Record<string, number>;
  ignoredWeights: string[];
  knockouts: KnockoutInForce[];
  results: MatchResult[];
  nearMisses: NearMiss[];
  counts: MatchCounts;
}

/** One site of `GET /api/projects/:id/match-versions`: its place under each engine. */
export interface VersionChange {
  siteId: string;
  name: string;
  before: { rank: number; score: number; confidence: number } | null;
  after: { rank: number; score: number; confidence: number } | null;
  change: 'new' | 'dropped' | 'up' | 'down' | 'same';
  /** Why a dropped site is out under the current engine (legal ban or knock-out). */
  reasons_fr: string[];
  reasons_en: string[];
}

export interface MatchVersions {
  current: { algorithmVersion: string; counts: Record<string, unknown> };
  previous: { algorithmVersion: string; counts: Record<string, unknown> };
  changes: VersionChange[];
}

export interface MatchRequestBody {
  needs: Record<string, unknown>;
  weights?: Record<string, number>;
  method?: 'weighted' | 'topsis';
  limit?: number;
  ahp?: { criteria: string[]; matrix: number[][] };
}

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
