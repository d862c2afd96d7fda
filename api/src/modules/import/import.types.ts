/**
 * Shapes shared by the import adapters and the runner. An adapter turns one file format into a
 * stream of `ParsedItem`s; nothing format-specific goes past this boundary. The rows' shapes
 * belong to the modules that own the tables (`InfrastructureRow`, `SiteImportRow`); the
 * report is the HTTP contract (`import.schemas.ts`).
 */
import type { Knex } from 'knex';
import type { InfrastructureRow } from '../infrastructure/infrastructure.import-writer.ts';
import type {
  SiteImportAudit,
  SiteImportRow,
  SiteImportWriter,
  SiteWriteChange,
} from '../sites/sites.import-writer.ts';
import type { FormatName, ImportReport, ImportTarget, InfrastructureChange } from './import.schemas.ts';

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

export interface ImportProgress {
  /** Bytes read in the current pass and the file size when known. */
  bytesRead: number;
  totalBytes: number | null;
  /** 1-based pass over the file and the number of passes (OSM reads the file more than once). */
  pass: number;
  passes: number;
  rows: number;
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
  /**
   * Who the audit rows of the sites name: the writer records one per site it creates or
   * changes, in the import's transaction.
   */
  siteAudit?: SiteImportAudit;
  /**
   * Called inside the import's transaction with the sites each batch created or changed, when
   * the writer returns them instead of auditing them itself (`SiteBatchResult.changes`).
   */
  onSitesWritten?: (trx: Knex.Transaction, changes: SiteWriteChange[]) => Promise<void>;
  /**
   * Review mode: valid site rows (checked, outlines valid) are handed over with their lines
   * instead of being written (the import preview stages them).
   */
  stageSites?: (batch: Array<{ line: number; row: SiteImportRow }>) => void;
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
