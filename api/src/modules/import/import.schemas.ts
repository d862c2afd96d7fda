/**
 * The contract of `POST /api/import/:format`: the query it accepts and the report it returns
 * (the CLI prints the same report). Responses are `looseObject`s: fields may be added.
 * Row validation of what the adapters read is in `import.validation.ts`.
 */
import { z } from 'zod';
import { component, described } from '../openapi/openapi.registry.ts';

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

/** What a format writes: infrastructure points, sites, or both (OSM). */
export const IMPORT_TARGETS = ['infrastructure', 'sites', 'mixed'] as const;
export type ImportTarget = (typeof IMPORT_TARGETS)[number];

// The default is the query's text, so the document shows what a caller sends.
const flag = z
  .enum(['true', 'false'])
  .default('false')
  .transform((v) => v === 'true');

export const importQuerySchema = z.strictObject({
  dryRun: flag,
  skipInvalid: flag,
  includeSmall: flag,
  name: z.string().max(200).optional(),
});
export type ImportQuery = z.output<typeof importQuerySchema>;

const writeCountsSchema = z.looseObject({
  inserted: z.number().int(),
  updated: z.number().int(),
  unchanged: z.number().int(),
});
export type WriteCounts = z.output<typeof writeCountsSchema>;

const rowIssueSchema = z.looseObject({ line: z.number().int(), reason: z.string() });
export type RowIssue = z.output<typeof rowIssueSchema>;

/** What changed in `infrastructure`, for the access recomputation. */
const infrastructureChangeSchema = z.looseObject({
  /** Ids of inserted or updated rows. */
  ids: z.array(z.string()),
  /** Extent of the new and the previous positions of those rows, [minLon, minLat, maxLon, maxLat]. */
  bbox: z.tuple([z.number(), z.number(), z.number(), z.number()]).nullable(),
  /** Kinds touched (new and previous kind of each changed row). */
  kinds: z.array(z.string()),
});
export type InfrastructureChange = z.output<typeof infrastructureChangeSchema>;

export const importReportSchema = component(
  'ImportReport',
  z.looseObject({
    format: z.enum(FORMAT_NAMES),
    target: z.enum(IMPORT_TARGETS),
    file: z.string(),
    ok: described(z.boolean(), 'The transaction was committed (always false for a dry run).'),
    dryRun: z.boolean(),
    skipInvalid: z.boolean(),
    error: described(z.string().nullable(), 'A problem with the file as a whole.'),
    /** Records read (rows, features or matching OSM elements). */
    read: z.number().int(),
    valid: z.number().int(),
    /** Invalid rows (at most `MAX_LISTED_ISSUES` listed; `invalidCount` has the total). */
    invalid: z.array(rowIssueSchema),
    invalidCount: z.number().int(),
    /** Rows left out on purpose by the format's rules, total and by reason. */
    skipped: z.number().int(),
    skippedReasons: z.record(z.string(), z.number().int()),
    /** Totals over both targets; for a dry run, what the import would have done. */
    inserted: z.number().int(),
    updated: z.number().int(),
    unchanged: z.number().int(),
    byTarget: z.looseObject({ infrastructure: writeCountsSchema, sites: writeCountsSchema }),
    changed: infrastructureChangeSchema,
    /** Ids of the sites the writer inserted or updated. */
    changedSiteIds: z.array(z.string()),
    durationMs: z.number(),
  }),
);
export type ImportReport = z.output<typeof importReportSchema>;
