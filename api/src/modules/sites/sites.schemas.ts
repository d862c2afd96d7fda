/**
 * zod schemas of the sites HTTP surface, requests and responses, derived from the field table
 * in site.fields.ts. Responses are `looseObject`s: the contract lets fields be added, so
 * clients must not reject unknown ones. The service and the map UI are typed from them.
 */
import { z } from 'zod';
import { bboxSchema, polygonalGeometrySchema } from '../../shared/geo.ts';
import { ACCESS_KINDS } from '../access/access-kinds.ts';
import { component, described } from '../openapi/openapi.registry.ts';
import { siteDocumentSchema } from './documents/documents.schemas.ts';
import {
  SITE_FIELDS,
  SITE_STATUSES,
  type SiteField,
  type SiteFieldTable,
  WRITABLE_FIELDS,
} from './site.fields.ts';

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

export const siteCreateSchema = component(
  'SiteCreate',
  z.strictObject({
    type: z.literal('Feature', { error: 'body must be a GeoJSON Feature' }),
    id: z.unknown().optional(),
    properties: siteCreatePropertiesSchema,
    geometry: polygonalGeometrySchema,
  }),
  'A GeoJSON Feature; unknown properties are refused.',
);

export const sitePatchSchema = component(
  'SitePatch',
  z
    .strictObject({
      type: z.literal('Feature').optional(),
      id: z.unknown().optional(),
      properties: sitePatchPropertiesSchema.optional(),
      geometry: polygonalGeometrySchema.optional(),
    })
    .refine((b) => b.properties !== undefined || b.geometry !== undefined, {
      message: 'send properties and/or geometry to change',
    }),
  'The properties and/or geometry to change; null clears a field.',
);

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
  .extend({ geometry: geometryDetailSchema, withBbox: flag.optional(), exactCount: flag.optional() })
  .refine((q) => q.minAreaHa === undefined || q.maxAreaHa === undefined || q.minAreaHa <= q.maxAreaHa, {
    message: 'minAreaHa must not exceed maxAreaHa',
    path: ['minAreaHa'],
    params: { code: 'min_exceeds_max', other: 'maxAreaHa' },
  });

export type SiteListQuery = z.infer<typeof siteListQuerySchema>;

export const uuidSchema = z.uuid({ message: 'expected a UUID' });

/** Sites in one download unless `limit` asks for fewer; beyond it, page with `offset`. */
export const MAX_DOWNLOAD_ROWS = 100_000;
/** The list's own offset bound, minus one full download. */
const MAX_DOWNLOAD_OFFSET = 10_000_000 - MAX_DOWNLOAD_ROWS;

/** The window of a download (`GET /api/sites.csv?limit=…&offset=…`): up to a whole download. */
export const siteDownloadWindowSchema = z.strictObject({
  limit: z.coerce
    .number()
    .int()
    .min(1)
    .max(MAX_DOWNLOAD_ROWS, `at most ${MAX_DOWNLOAD_ROWS} sites per download: page with offset`)
    .default(MAX_DOWNLOAD_ROWS),
  offset: z.coerce.number().int().min(0).max(MAX_DOWNLOAD_OFFSET).default(0),
});

/** Site downloads: the list filters, and a window up to a whole download. */
export const siteDownloadQuerySchema = siteFilterObject
  .omit({ limit: true, offset: true })
  .extend(siteDownloadWindowSchema.shape);

/** The language of a human table (`/api/sites.table.csv?lang=en`): titles, labels, numbers. */
export const tableLangSchema = z.strictObject({
  lang: z.enum(['fr', 'en'], { error: 'expected "fr" or "en"' }).default('fr'),
});

export const siteTableQuerySchema = siteDownloadQuerySchema.extend(tableLangSchema.shape);

// ---------------------------------------------------------------------------------------------
// Responses

type Field = SiteFieldTable[number];
/** `{ key: nullable schema }` of some fields, with each key's own type. */
type NullableShape<F extends Field> = { [E in F as E['key']]: z.ZodNullable<E['schema']> };

function propertySchema(fd: SiteField): z.ZodType {
  const notes = [
    fd.access === 'confidential' ? 'Confidential: returned to signed-in callers only.' : '',
    fd.readOnly ? 'Computed by the service.' : '',
  ].filter(Boolean);
  const s = fd.schema.nullable();
  return notes.length ? described(s, notes.join(' '), fd.readOnly ? { readOnly: true } : {}) : s;
}

/**
 * `{ key: nullable schema }` of some fields, built from the field table at run time and typed
 * from the same table (`F`: which fields, as the filter picks them), so the UI sees each key's type.
 */
const nullableFields = <F extends Field>(fields: readonly SiteField[]) =>
  Object.fromEntries(fields.map((fd) => [fd.key, propertySchema(fd)])) as unknown as NullableShape<F>;

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
export type AccessEntry = z.output<typeof accessEntrySchema>;

export const labourPoolEntrySchema = component(
  'LabourPoolEntry',
  z.looseObject({
    minutes: z.union([z.literal(20), z.literal(30), z.literal(45)]),
    population: described(
      z.number().int(),
      'INSEE 2021 population of the communes whose centre is in reach.',
    ),
    active: described(z.number().int(), 'Active people aged 15–64 (2021) in those communes.'),
    unemployed: described(z.number().int(), 'Unemployed people aged 15–64 (2021) in those communes.'),
    communes: z.number().int(),
    method: described(
      z.enum(['road', 'estimate']),
      '`road`: the site is on the road graph (communes off the graph counted by estimate); `estimate`: straight line × 1.3 at 60 km/h.',
    ),
  }),
  'The labour pool within a drive time of a site.',
);
export type LabourPoolEntry = z.output<typeof labourPoolEntrySchema>;

/** Who wrote a row last or made a change (`updatedBy`, history `actor`). */
export const editorSchema = component(
  'Editor',
  z.looseObject({ id: z.uuid(), name: z.string().nullable() }),
  'A user: id and display name (name, else e-mail).',
);

const siteFeature = <P extends z.ZodType>(properties: P) =>
  z.looseObject({
    type: z.literal('Feature'),
    id: z.uuid(),
    geometry: polygonalGeometrySchema,
    properties,
  });

type ListField = Extract<Field, { list: true; access: 'public' }>;

export const siteListFeatureSchema = component(
  'SiteListFeature',
  siteFeature(
    z.looseObject(nullableFields<ListField>(SITE_FIELDS.filter((fd) => fd.list && fd.access === 'public'))),
  ),
  'A site in a list: its geometry and the list properties.',
);
/** A site as lists, OGC items and downloads give it (with `detail`, more keys come along). */
export type SiteListFeature = z.output<typeof siteListFeatureSchema>;
export type SiteListProperties = SiteListFeature['properties'];

export const siteFeatureSchema = component(
  'SiteFeature',
  siteFeature(
    z.looseObject({
      ...nullableFields<Field>(SITE_FIELDS),
      access: described(z.array(accessEntrySchema), 'Only on GET /api/sites/{id}.').optional(),
      labourPool: described(
        z.array(labourPoolEntrySchema),
        'Only on GET /api/sites/{id}: population within 20, 30 and 45 minutes by car.',
      ).optional(),
      version: described(
        z.number().int().min(1),
        'Grows by one at every write (edit, import, restore); the ETag is this number in quotes.',
      ).optional(),
      updatedBy: described(
        editorSchema.nullable(),
        'Who wrote the site last (null: an import or a script). Signed-in callers only.',
      ).optional(),
      documents: described(
        z.array(siteDocumentSchema),
        'Only on GET /api/sites/{id}: its photos and documents (bytes at /api/sites/{id}/documents/{docId}).',
      ).optional(),
    }),
  ),
  'One site with every field its caller may read (null = unknown).',
);
/** One site with every field its caller may read (`GET /api/sites/:id`, writes' answers). */
export type SiteDetail = z.output<typeof siteFeatureSchema>;
export type SiteDetailProperties = SiteDetail['properties'];

/**
 * Lists count their matches up to this many unless `exactCount=true`: past it an exact count
 * costs a scan of every match (1M plots, an area filter: ~0.5 million rows, a second or more)
 * for a figure the list shows as "more than 10,000" anyway.
 */
export const LIST_COUNT_CAP = 10_000;
/**
 * Inside a map view (`bbox`) the count stops sooner: a view lists its first 50 sites by name,
 * and past 1,000 the figure only tells the user to zoom in. Each counted site is a visit of
 * its row to test the outline against the view (a z9 view at 1M plots: ~50 µs a site).
 */
export const VIEW_COUNT_CAP = 1_000;

/** A FeatureCollection page of some features, with the list's counts. */
export const featureCollection = <F extends z.ZodType>(feature: F) =>
  z.looseObject({
    type: z.literal('FeatureCollection'),
    numberMatched: described(
      z.number().int(),
      'Features matching the filters, all pages together; with `numberMatchedCapped`, a lower bound.',
    ),
    numberMatchedCapped: described(
      z.literal(true),
      `Present when more than ${LIST_COUNT_CAP.toLocaleString('en')} features match (${VIEW_COUNT_CAP.toLocaleString('en')} with \`bbox\`) and the count stopped there (\`numberMatched\` is then that cap: "more than"); \`exactCount=true\` counts them all.`,
    ).optional(),
    numberReturned: z.number().int(),
    bbox: described(
      z.array(z.number()).length(4),
      'With `withBbox=true`: [minLon, minLat, maxLon, maxLat] around every feature matching the filters (all pages, not only this one); absent when none matches, and when the count is capped.',
    ).optional(),
    features: z.array(feature),
  });

export const siteCollectionSchema = component(
  'SiteFeatureCollection',
  featureCollection(siteListFeatureSchema),
);
export type SiteCollection = z.output<typeof siteCollectionSchema>;

// ---------------------------------------------------------------------------------------------
// Versions, deletes and history (issue 12)

export const deletedSitesSchema = component(
  'DeletedSites',
  z.looseObject({
    features: z.array(
      z.looseObject({
        id: z.uuid(),
        name: z.string(),
        communeInsee: z.string().nullable(),
        territorySiren: z.string().nullable(),
        deletedAt: z.string(),
        deletedBy: editorSchema.nullable(),
      }),
    ),
  }),
  'Deleted sites that POST /api/sites/{id}/restore can bring back, newest deletion first.',
);
export type DeletedSites = z.output<typeof deletedSitesSchema>;

export const HISTORY_ACTIONS = ['create', 'update', 'import', 'delete', 'restore'] as const;
export type HistoryAction = (typeof HISTORY_ACTIONS)[number];

export const siteHistorySchema = component(
  'SiteHistory',
  z.looseObject({
    entries: z.array(
      z.looseObject({
        at: z.string(),
        actor: editorSchema.nullable(),
        action: z.enum(HISTORY_ACTIONS),
        requestId: z.string().nullable(),
        changes: described(
          z.array(z.looseObject({ field: z.string(), before: z.unknown(), after: z.unknown() })),
          'Fields that differ (JSON names of the site properties). The outline is field `geometry` ' +
            'with `{ areaHa }` before and after, not its coordinates.',
        ),
      }),
    ),
  }),
  'What happened to a site, newest first, from the audit log.',
);
export type SiteHistory = z.output<typeof siteHistorySchema>;
export type SiteHistoryEntry = SiteHistory['entries'][number];
