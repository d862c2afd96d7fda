/** zod schemas of the sites HTTP surface, derived from the field table in site.fields.ts. */
import { z } from 'zod';
import { bboxSchema, polygonalGeometrySchema } from '../../shared/geo.ts';
import { ACCESS_KINDS } from '../access/access-kinds.ts';
import { component, described } from '../openapi/openapi.registry.ts';
import { SITE_STATUSES, WRITABLE_FIELDS } from './site.fields.ts';

const REQUIRED_ON_CREATE = new Set(['name', 'communeInsee']);

const writableShape = (required: boolean) =>
  Object.fromEntries(
    WRITABLE_FIELDS.map((fd) => [
      fd.key,
      required && REQUIRED_ON_CREATE.has(fd.key) ? fd.schema : fd.schema.nullish(),
    ]),
  ) as Record<string, z.ZodType>;

export const siteCreatePropertiesSchema = z.strictObject(writableShape(true));
export const sitePatchPropertiesSchema = z.strictObject(writableShape(false));

export type SiteProperties = Record<string, unknown>;

export const siteCreateSchema = z.strictObject({
  type: z.literal('Feature', { error: 'body must be a GeoJSON Feature' }),
  id: z.unknown().optional(),
  properties: siteCreatePropertiesSchema,
  geometry: polygonalGeometrySchema,
});

export const sitePatchSchema = z
  .strictObject({
    type: z.literal('Feature').optional(),
    id: z.unknown().optional(),
    properties: sitePatchPropertiesSchema.optional(),
    geometry: polygonalGeometrySchema.optional(),
  })
  .refine((b) => b.properties !== undefined || b.geometry !== undefined, {
    message: 'send properties and/or geometry to change',
  });

export type SiteCreateInput = z.infer<typeof siteCreateSchema>;
export type SitePatchInput = z.infer<typeof sitePatchSchema>;

const num = (max: number) => z.coerce.number().finite().min(0).max(max);
const flag = z.enum(['true', 'false']).transform((v) => v === 'true');
const codeList = (re: RegExp, what: string) =>
  z
    .string()
    .transform((s) =>
      s
        .split(',')
        .map((x) => x.trim())
        .filter(Boolean),
    )
    .pipe(z.array(z.string().regex(re, `each ${what} must look like ${re.source}`)).max(50));

/** The list filters without their cross-field checks (reused by the tiles' allow-list). */
export const siteFilterObject = z.strictObject({
  bbox: bboxSchema.optional(),
  q: z.string().trim().max(100).optional(),
  minAreaHa: num(100_000).optional(),
  maxAreaHa: num(100_000).optional(),
  minPowerMw: num(5000).optional(),
  label: codeList(/^[a-z0-9_]{2,60}$/, 'label').optional(),
  region: codeList(/^\d{2}$/, 'region code').optional(),
  department: codeList(/^(\d{2,3}|2[AB])$/, 'department code').optional(),
  status: z
    .string()
    .transform((s) => s.split(',').map((x) => x.trim()))
    .pipe(z.array(z.enum(SITE_STATUSES)))
    .optional(),
  railSiding: flag.optional(),
  quay: flag.optional(),
  brownfield: flag.optional(),
  territory: codeList(/^\d{9}$/, 'territory SIREN').optional(),
  ids: z
    .string()
    .transform((s) =>
      s
        .split(',')
        .map((x) => x.trim())
        .filter(Boolean),
    )
    .pipe(z.array(z.uuid({ message: 'each id must be a UUID' })).max(500))
    .optional(),
  published: flag.optional(),
  limit: z.coerce.number().int().min(1).max(10_000).default(100),
  offset: z.coerce.number().int().min(0).max(10_000_000).default(0),
});

/**
 * Outlines in lists: `simplified` (default) keeps outlines of up to SIMPLIFY_ABOVE_POSITIONS
 * positions as they are and simplifies bigger ones (about 1/2000 of their extent), so one huge
 * polygon cannot bloat every page; `full` sends every outline whole (also what a single site
 * and the downloads give).
 */
export const geometryDetailSchema = z
  .enum(['simplified', 'full'], { error: 'geometry must be simplified or full' })
  .default('simplified');

export const siteListQuerySchema = siteFilterObject
  .extend({ geometry: geometryDetailSchema })
  .refine((q) => q.minAreaHa === undefined || q.maxAreaHa === undefined || q.minAreaHa <= q.maxAreaHa, {
    message: 'minAreaHa must not exceed maxAreaHa',
    path: ['minAreaHa'],
  });

export type SiteListQuery = z.infer<typeof siteListQuerySchema>;

export const uuidSchema = z.uuid({ message: 'expected a UUID' });

// ---------------------------------------------------------------------------------------------
// Response pieces shared with other modules (projects' shortlist items carry access entries).

export const accessEntrySchema = component(
  'AccessEntry',
  z.looseObject({
    kind: z.enum(ACCESS_KINDS),
    name: z.string().nullable(),
    distanceM: described(z.number().int(), 'Straight-line distance in metres (Lambert-93).'),
    infrastructureId: z.string().nullable(),
    driveMinutes: described(
      z.number().nullable(),
      'Minutes by car to the nearest target by road (`driveTarget`), or the estimate (see `method`).',
    ).optional(),
    truckMinutes: described(
      z.number().nullable(),
      'Minutes by heavy-goods vehicle (90 km/h on motorways, 80 elsewhere); null for substations or where no truck route exists.',
    ).optional(),
    method: described(
      z.enum(['road', 'estimate']).nullable(),
      '`road`: shortest time on the imported OSM road graph; `estimate`: straight line × 1.3 at 60 km/h (car) / 50 km/h (truck), where no graph covers the site (lower confidence).',
    ).optional(),
    driveTarget: z
      .looseObject({ name: z.string().nullable(), infrastructureId: z.string().nullable() })
      .nullable()
      .optional(),
  }),
  'Nearest infrastructure of one kind (substation_63kv = nearest substation of at least 63 kV).',
);
