/**
 * Shapes shared by the import adapters, the runner and the writers. An adapter turns one file
 * format into a stream of `ParsedItem`s; nothing format-specific goes past this boundary.
 */
import type { Knex } from 'knex';

export const INFRASTRUCTURE_KINDS = [
  'motorway_access',
  'rail_freight',
  'rail_station',
  'port',
  'airport',
  'substation',
] as const;
export type InfrastructureKind = (typeof INFRASTRUCTURE_KINDS)[number];

export const SIZE_CLASSES = ['large', 'medium', 'small'] as const;
export type SizeClass = (typeof SIZE_CLASSES)[number];

export type Position = [number, number];

/** GeoJSON MultiPolygon in lon/lat (EPSG:4326). */
export interface MultiPolygonGeometry {
  type: 'MultiPolygon';
  coordinates: Position[][][];
}

/** One row of the `infrastructure` table, before it is written. Points only. */
export interface InfrastructureRow {
  kind: InfrastructureKind;
  name: string;
  source: string;
  sourceId: string;
  sourceUrl: string | null;
  voltageKv: number | null;
  sizeClass: SizeClass | null;
  operator: string | null;
  attrs: Record<string, unknown>;
  lon: number;
  lat: number;
}

/**
 * One site to create or update, keyed by `properties.source` + `properties.sourceId`.
 * `properties` uses the JSON keys of `sites/site.fields.ts`, already checked against each
 * field's own zod schema; the sites writer still owns required fields, region derivation and audit.
 */
export interface SiteImportRow {
  properties: Record<string, unknown> & { source: string; sourceId: string; name: string };
  geometry: MultiPolygonGeometry;
}

export type ImportRow =
  | { target: 'infrastructure'; value: InfrastructureRow }
  | { target: 'site'; value: SiteImportRow };

/**
 * What an adapter yields per input record. `line` is the 1-based line of a CSV record, the
 * 1-based feature index of a GeoJSON file, or the 1-based ordinal of a matching OSM element.
 * `skip` is a row left out on purpose by the format's rules (a closed airport, a substation
 * out of service): counted by reason, never an error.
 */
export type ParsedItem =
  | { line: number; row: ImportRow }
  | { line: number; error: string }
  | { line: number; skip: string };

export interface AdapterOptions {
  /** Keep small airports/aerodromes (OurAirports `small_airport`, OSM aerodromes without IATA code). */
  includeSmall: boolean;
}

export type ImportTarget = 'infrastructure' | 'sites' | 'mixed';

/** An input the adapters can read: a path on disk or a byte stream (an HTTP upload). */
export interface ImportSource {
  /** Async byte stream; every call starts from the beginning when the input is a path. */
  open(): AsyncIterable<Buffer>;
  /** The path on disk, when there is one (the OSM adapter reads the file several times). */
  path: string | null;
  /** Size in bytes when known (progress bars). */
  size: number | null;
  /** Display name used in messages. */
  name: string;
}

export interface FormatAdapter {
  name: FormatName;
  target: ImportTarget;
  /** One line for `--help`. */
  description: string;
  /** Needs a seekable file (several passes); a stream input is spooled to a temp file first. */
  needsFile?: boolean;
  parse(source: ImportSource, opts: AdapterOptions): AsyncIterable<ParsedItem>;
}

export const FORMAT_NAMES = [
  'ourairports',
  'sncf-gares',
  'wpi',
  'rte-postes',
  'toll-plazas',
  'osm',
  'sites-geojson',
  'sites-csv',
  'site-eco',
] as const;
export type FormatName = (typeof FORMAT_NAMES)[number];

export interface RowIssue {
  line: number;
  reason: string;
}

export interface WriteCounts {
  inserted: number;
  updated: number;
  unchanged: number;
}

/** What changed in `infrastructure`, for the access recomputation. */
export interface InfrastructureChange {
  /** Ids of inserted or updated rows. */
  ids: string[];
  /** Extent of the new and the previous positions of those rows, [minLon, minLat, maxLon, maxLat]. */
  bbox: [number, number, number, number] | null;
  /** Kinds touched (new and previous kind of each changed row). */
  kinds: InfrastructureKind[];
}

export interface ImportReport {
  format: FormatName;
  target: ImportTarget;
  file: string;
  /** True when the transaction was committed (always false for a dry run). */
  ok: boolean;
  dryRun: boolean;
  skipInvalid: boolean;
  /** A problem with the file as a whole (wrong delimiter, missing columns, truncated file…). */
  error: string | null;
  /** Records read (rows, features or matching OSM elements). */
  read: number;
  valid: number;
  /** Invalid rows (at most `MAX_LISTED_ISSUES` listed; `invalidCount` has the total). */
  invalid: RowIssue[];
  invalidCount: number;
  /** Rows left out on purpose by the format's rules, total and by reason. */
  skipped: number;
  skippedReasons: Record<string, number>;
  /** Totals over both targets; for a dry run, what the import would have done. */
  inserted: number;
  updated: number;
  unchanged: number;
  byTarget: { infrastructure: WriteCounts; sites: WriteCounts };
  changed: InfrastructureChange;
  /** Ids of the sites the writer inserted or updated. */
  changedSiteIds: string[];
  durationMs: number;
}

export interface ImportProgress {
  /** Bytes read in the current pass and the file size when known. */
  bytesRead: number;
  totalBytes: number | null;
  /** 1-based pass over the file and the number of passes (OSM reads the file more than once). */
  pass: number;
  passes: number;
  rows: number;
}

/**
 * How site rows reach the `sites` table. The sites module implements it (validation of
 * required fields, region and département derivation, audit); the runner only batches rows and
 * hands them over inside the import's transaction.
 */
export interface SiteImportWriter {
  /**
   * Optional row checks before writing (e.g. unknown commune): returned indexes point into
   * `rows` and are reported with their file lines as invalid rows.
   */
  check?(trx: Knex.Transaction, rows: SiteImportRow[]): Promise<Array<{ index: number; reason: string }>>;
  /** Upserts on (source, source_id); must write nothing else outside `trx`. */
  upsert(trx: Knex.Transaction, rows: SiteImportRow[]): Promise<WriteCounts & { ids: string[] }>;
}

/** Called after a committed import that changed infrastructure (access distances recomputation). */
export type AfterInfrastructureImport = (
  knex: Knex,
  change: InfrastructureChange,
  report: ImportReport,
) => Promise<void>;

export interface ImportDependencies {
  knex: Knex;
  siteWriter?: SiteImportWriter;
  afterInfrastructureImport?: AfterInfrastructureImport;
}

export interface ImportOptions {
  format: FormatName;
  /** A path, or a byte stream such as an HTTP upload (`name` then labels it). */
  file: string | NodeJS.ReadableStream | AsyncIterable<Buffer>;
  name?: string;
  /** Size in bytes of a stream input, when known (progress). */
  size?: number;
  /** Refuse inputs larger than this many bytes (an HTTP upload limit); the import then fails cleanly. */
  maxBytes?: number;
  dryRun?: boolean;
  skipInvalid?: boolean;
  includeSmall?: boolean;
  /** Rows per write batch (infrastructure default 1000, sites 500); tests use small batches. */
  batchSize?: number;
  onProgress?: (p: ImportProgress) => void;
}
