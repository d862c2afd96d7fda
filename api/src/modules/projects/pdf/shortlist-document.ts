/**
 * Everything the shortlist PDF shows, gathered by the caller (the export service) before
 * rendering: the renderer never touches the database, so it can be tested and benchmarked
 * from a plain object and the same document renders in French and in English.
 *
 * Conventions
 * - Geometry is GeoJSON in EPSG:4326, positions `[lon, lat]` (the API's order).
 * - Dates are ISO strings: `YYYY-MM-DD` for calendar dates, a full ISO timestamp for
 *   `generatedAt` (printed as a Europe/Paris calendar date).
 * - Scores, confidence and criterion scores are in 0..1; they are printed as whole percents.
 * - Texts that the matching engine or the staff wrote are {@link LocalizedText}: either one
 *   string used for both languages, or `{ fr, en }`. Labels the renderer knows (facts,
 *   readiness items, needs) are phrased by the renderer from its own fr/en dictionary.
 * - Field names follow the HTTP contract (/api/openapi.json: `availableAreaHa`,
 *   `powerAvailableMw`, `railSiding`, access kinds…), so the service maps, it does not translate.
 * - `null` or a missing value means "not stated"; it prints as such, never as 0 or "no".
 */

import type { RiskExclusion } from '../../matching/needs.schema.ts';
import type { ScoreKind } from '../../matching/rank.ts';

/** How a match score is computed: a weighted sum (a share, 0–100 %) or a TOPSIS closeness (an index, 0–1). */
export type { ScoreKind };

/** A string for both languages, or one string per language (`en` falls back to `fr`). */
export type LocalizedText = string | { fr: string; en?: string };

export type Lang = 'fr' | 'en';

/** GeoJSON position `[lon, lat]` (EPSG:4326). */
export type LonLat = [number, number];
/** Lambert-93 (EPSG:2154) `[x, y]` in metres, as PostGIS computes it (`geom_l93`, `ST_Transform`). */
export type L93 = [number, number];

export interface PolygonGeometry {
  type: 'Polygon';
  coordinates: LonLat[][];
}

export interface MultiPolygonGeometry {
  type: 'MultiPolygon';
  coordinates: LonLat[][][];
}

/** Plot outline: GeoJSON Polygon or MultiPolygon in lon/lat. */
export type PlotGeometry = PolygonGeometry | MultiPolygonGeometry;

/** How a need is held by the project (same values as the matching needs schema). */
export type Requirement = 'required' | 'preferred' | 'indifferent';

/**
 * The project's needs, mirroring the `needs` of `POST /api/match` (matching/needs.schema.ts), with
 * places already resolved to display names (the renderer has no gazetteer). The renderer
 * phrases each stated need as one line in the chosen language ("Terrain de 10 à 20 ha",
 * "Embranchement ferroviaire (ITE) exigé"…); `extraLines` are printed after them as given,
 * for anything the structure does not hold.
 */
export interface ProjectNeeds {
  surfaceHa?: { min: number; max?: number | null } | null;
  allowAssembly?: boolean | null;
  powerMw?: number | null;
  gas?: boolean | null;
  waterM3PerDay?: number | null;
  railSiding?: Requirement | null;
  quay?: Requirement | null;
  brownfield?: Requirement | null;
  maxDistanceKm?: {
    motorway?: number | null;
    railFreight?: number | null;
    port?: number | null;
    airport?: number | null;
  } | null;
  icpeRegime?: 'NC' | 'D' | 'DC' | 'E' | 'A' | null;
  sevesoTier?: 'none' | 'lower' | 'upper' | null;
  /** ISO date: the site must be available by then. */
  availableBy?: string | null;
  maxPriceEurM2?: number | null;
  /** Display names, e.g. "Grand Est" (the service resolves INSEE codes). */
  regionNames?: string[] | null;
  /** Display names, e.g. "Yvelines (78)". */
  departmentNames?: string[] | null;
  excludeRisks?: RiskExclusion[] | null;
  /** Free lines printed after the phrased needs. */
  extraLines?: LocalizedText[] | null;
}

export interface ProjectSummary {
  /** Code name used in place of the company's name, e.g. "Projet Volta". */
  codeName: string;
  sector: LocalizedText;
  /** Omitted when the investor stays anonymous. */
  company?: string | null;
  originCountry?: LocalizedText | null;
  jobs?: number | null;
  investmentEur?: number | null;
  needs: ProjectNeeds;
}

export interface Contact {
  name: string;
  role?: LocalizedText | null;
  organisation?: string | null;
  email?: string | null;
  phone?: string | null;
}

/** Readiness item keys of the sites module; any other key prints as given. */
export type ReadinessKey = 'urbanism' | 'archaeology' | 'environment' | 'icpe' | 'networks' | 'land_control';

export interface ReadinessEntry {
  item: ReadinessKey | (string & {});
  status: 'done' | 'in_progress' | 'not_started' | 'not_required';
  /** ISO date of the status (done on / expected by). */
  date?: string | null;
  /** http(s) link to the evidence; printed as a clickable "evidence" link. */
  evidenceUrl?: string | null;
}

/**
 * Access kinds of `GET /api/sites/:id` (`substation_63kv`… = nearest substation of at least
 * that voltage); plain `substation` is accepted for a substation of unspecified class.
 */
export type InfrastructureKind =
  | 'motorway_access'
  | 'rail_freight'
  | 'port'
  | 'airport'
  | 'substation'
  | 'substation_63kv'
  | 'substation_225kv'
  | 'substation_400kv';

export interface InfrastructureFeature {
  kind: InfrastructureKind;
  name: string;
  /** Distance from the plot as computed by the access precomputation (metres). */
  distanceM: number;
  /** Feature location; without it the feature is listed but not drawn. */
  point?: LonLat | null;
  voltageKv?: number | null;
  /** Minutes by car and by truck to it (road graph, or a straight-line estimate). */
  driveMinutes?: number | null;
  truckMinutes?: number | null;
  driveMethod?: 'road' | 'estimate' | null;
}

export interface Site {
  name: string;
  communeName: string;
  communeInsee: string;
  department: string;
  region: string;
  availableAreaHa?: number | null;
  /** Total (gross) area of the site. */
  areaHa?: number | null;
  powerAvailableMw?: number | null;
  powerVoltageKv?: number | null;
  railSiding?: boolean | null;
  quay?: boolean | null;
  /** Working people (active 15–64) within 30 minutes by car, and how it was computed. */
  labourPool30?: { active: number; unemployed: number; method: 'road' | 'estimate' } | null;
  brownfield?: boolean | null;
  ppriZone?: 'none' | 'blue' | 'red' | null;
  natura2000?: 'none' | 'adjacent' | 'inside' | null;
  soilPollution?: 'inexistante' | 'peu_probable' | 'supposee' | 'averee' | null;
  /** ISO date; a past date prints as "immediately". */
  availableFrom?: string | null;
  priceEurM2?: number | null;
  /** Label keys such as `cle_en_main_france_2030`; unknown keys print as given. */
  labels?: string[] | null;
  readiness?: ReadinessEntry[] | null;
  dataQuality?: 'sourced' | 'estimated' | 'illustrative' | null;
  /** Public contact of the site (territory or developer). */
  contact?: Contact | null;
  /** Plot outline; without it the mini-map shows a "no geometry" notice. */
  geometry?: PlotGeometry | null;
  /**
   * Where the overview map puts the site's marker: a point inside the plot in Lambert-93
   * metres (from the stored `geom_l93`). A site without one is listed in the overview legend
   * but not placed on the map.
   */
  locationL93?: L93 | null;
  /** Cadastral parcels as short labels (`78335 AB 0123`). */
  parcels?: string[] | null;
  /** Age of each group of decisive facts the site states (issue 12); null age: date unknown. */
  factAges?: Array<{
    group: 'power' | 'availability' | 'price' | 'zoning' | 'risks';
    ageMonths: number | null;
  }> | null;
  /** The site's first photo (JPEG or PNG, what PDF embeds). */
  photo?: { data: Uint8Array; mime: 'image/jpeg' | 'image/png' } | null;
}

/** One weighted criterion of the match, as the matching engine returned it. */
export interface CriterionScore {
  key: string;
  label: LocalizedText;
  /** Any positive scale; printed as a share of the item's total weight. */
  weight: number;
  score: number;
  reason?: LocalizedText | null;
}

/** A quantity of a near-miss warning, formatted by the renderer in the document's locale. */
export type WarningQuantity =
  | { value: number; unit: 'ha' | 'MW' | 'km' | 'm' | 'eur_m2' | 'm3_day' | 'months' | 'percent' }
  | { date: string };

/**
 * A constraint to confirm: `unknown` when the site's data does not say, `failing` when it
 * misses the need by `required` vs `actual` (the renderer prints the gap when both are
 * numbers in the same unit, or months between two dates).
 */
export interface ConfirmWarning {
  key: string;
  status: 'unknown' | 'failing';
  label: LocalizedText;
  required?: WarningQuantity | null;
  actual?: WarningQuantity | null;
  reason?: LocalizedText | null;
}

export interface ShortlistItem {
  /** 1..n; items are printed in rank order whatever their array order. */
  rank: number;
  site: Site;
  /** Outlines of the plots around the site (context on the mini-map). */
  neighbours?: PlotGeometry[] | null;
  /** Nearest infrastructure features (motorway access, rail freight, port, airport, substations). */
  infrastructure?: InfrastructureFeature[] | null;
  /** 0..1, printed as "87 %" (weighted sum) or "0,87" (TOPSIS closeness, an index). */
  score: number;
  /** How the score was computed; absent or null: a weighted sum (engines before 2.0). */
  scoreKind?: ScoreKind | null;
  /** 0..1: weighted share of the criteria whose data is known, discounted by provenance and age. */
  confidence: number;
  /** The facts that lower the confidence (at most three), printed whole under it. */
  confidenceNotes?: LocalizedText[] | null;
  /** What a reader must know (under option, committed, new connection, power to confirm…). */
  flags?: LocalizedText[] | null;
  criteria: CriterionScore[];
  warnings?: ConfirmWarning[] | null;
  /** Staff note on this site for the investor. */
  note?: LocalizedText | null;
}

export interface ShortlistDocument {
  project: ProjectSummary;
  /** Agency sending the shortlist, e.g. "AD Grand Est". */
  agencyName: string;
  /** The staff member the investor should reply to. */
  contact: Contact;
  /** ISO timestamp of generation (kept in the document so renders are reproducible). */
  generatedAt: string;
  /** Overrides the default "Confidentiel — ne pas diffuser" / "Confidential — do not distribute". */
  confidentiality?: LocalizedText | null;
  items: ShortlistItem[];
}
