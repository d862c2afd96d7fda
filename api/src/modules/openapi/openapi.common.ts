/**
 * Pieces shared by several modules' operation tables (`<module>.openapi.ts`): ids, roles,
 * the site filters' descriptions (list, tiles, OGC and downloads take the same filters), and
 * response helpers.
 */
import { z } from 'zod';
import { infrastructureQuerySchema } from '../infrastructure/infrastructure.schemas.ts';
import { type siteFilterObject, siteListQuerySchema } from '../sites/sites.schemas.ts';
import { tileFilterQuerySchema } from '../tiles/tiles.schemas.ts';
import type { OperationSpec, ParamSpec, QuerySpec } from './openapi.types.ts';

export const EXAMPLE_UUID = '00000000-0000-4000-8000-000000000000';
export const STAFF = ['admin', 'staff'] as const;

export const idParam = (what: string): Record<string, ParamSpec> => ({
  id: { schema: z.uuid(), description: `${what} id (UUID).`, example: EXAMPLE_UUID },
});

/** The optional `If-Match` of versioned writes (shared/versioning.ts). */
export const ifMatchHeader = (what: string): Record<string, ParamSpec> => ({
  'If-Match': {
    schema: z.string(),
    description: `The ETag of your last read of the ${what} (\`"<version>"\`): a newer version answers 412 and changes nothing. Absent or \`*\`: no check.`,
    example: '"1"',
  },
});

// ---------------------------------------------------------------------------------------------
// Query parameter descriptions. `satisfies` makes a new filter in sites.schemas.ts a type error here.

export const SITE_FILTER_DOCS = {
  bbox: 'minLon,minLat,maxLon,maxLat in degrees (EPSG:4326): sites intersecting the box.',
  q: 'Text searched in the name, commune name and INSEE code (case and accents ignored).',
  minAreaHa: 'Smallest available area, in hectares.',
  maxAreaHa: 'Largest available area, in hectares (not below minAreaHa).',
  minPowerMw: 'Smallest available electrical power, in MW.',
  label: 'Labels, comma-separated (any of them), e.g. `star_est,territoire_industrie`.',
  region: 'INSEE région codes, comma-separated, e.g. `44,84`.',
  department: 'INSEE département codes, comma-separated, e.g. `57,2A,974`.',
  status: 'Statuses, comma-separated: available, in_preparation, under_option, taken.',
  railSiding: '`true`/`false`: the site has (or has not) a rail siding.',
  quay: '`true`/`false`: the site has (or has not) a quay.',
  brownfield: '`true`/`false`: brownfield sites only (or none).',
  territory: 'EPCI/EPT SIRENs (9 digits), comma-separated.',
  ids: 'Site ids (UUIDs), comma-separated, at most 500.',
  published: '`true`/`false` (signed-in callers; anonymous callers only ever get published sites).',
  limit: 'Page size, 1–10,000.',
  offset: 'Features to skip.',
  geometry:
    '`simplified` (default): outlines of more than 1,000 positions are simplified (about 1/2000 of their extent) so one huge polygon cannot bloat a page; `full`: every outline whole.',
  withBbox:
    '`true`: the answer also carries `bbox`, the box around every matching site (all pages), for fitting a map to the results (not when the count is capped).',
  exactCount:
    '`true`: count every match. By default the count stops past 10,000 (1,000 with `bbox`) and the answer says `numberMatchedCapped: true` ("more than 10,000"), which spares a scan of every match.',
} satisfies Record<keyof typeof siteFilterObject.shape | 'geometry' | 'withBbox' | 'exactCount', string>;

export const siteQuery: QuerySpec = { schema: siteListQuerySchema, docs: SITE_FILTER_DOCS };

export const tileQuery: QuerySpec = { schema: tileFilterQuerySchema, docs: SITE_FILTER_DOCS };

export const infrastructureQuery: QuerySpec = {
  schema: infrastructureQuerySchema,
  docs: {
    kind: 'Kinds, comma-separated: motorway_access, rail_freight, rail_station, port, airport, substation.',
    bbox: SITE_FILTER_DOCS.bbox,
    minVoltageKv: 'Substations of at least this voltage, in kV.',
    limit: 'Page size, 1–10,000.',
    offset: 'Features to skip.',
  } satisfies Record<keyof typeof infrastructureQuerySchema.shape, string>,
};
// ---------------------------------------------------------------------------------------------
// Shared response pieces

export const attachment = (media: Record<string, 'text' | 'binary' | z.ZodType>, description: string) => ({
  description,
  content: media,
  headers: ['Content-Disposition', 'Cache-Control'] as const,
});
export const noContent = { description: 'Done; no body.' };
export const json = (
  schema: z.ZodType,
  description: string,
  headers?: OperationSpec['responses'][number]['headers'],
) => ({
  description,
  content: { 'application/json': schema },
  ...(headers ? { headers } : {}),
});
export const writeBody = (schema: z.ZodType, types = ['application/json']) => ({
  content: Object.fromEntries(types.map((t) => [t, schema])),
});
