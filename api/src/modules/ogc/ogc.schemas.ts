/**
 * Query parameters and documents of OGC API – Features (Part 1 Core). Every endpoint refuses
 * parameters it does not define (400, as /req/core/query-param-unknown allows), so a typo never
 * silently returns unfiltered data. The documents' schemas type OgcService and the OpenAPI document.
 */
import type { Request } from 'express';
import { z } from 'zod';
import { InputError } from '../../shared/errors.ts';
import { parseInput } from '../../shared/validation.ts';
import { infrastructureQuerySchema } from '../infrastructure/infrastructure.schemas.ts';
import { component } from '../openapi/openapi.registry.ts';
import { geometryDetailSchema, siteFilterObject } from '../sites/sites.schemas.ts';

export const CRS84 = 'http://www.opengis.net/def/crs/OGC/1.3/CRS84';
export const LIMIT_DEFAULT = 10;
/** Above it, `limit` is clamped rather than refused (the OGC `limit` parameter's documented rule). */
export const LIMIT_MAX = 10_000;
export const OFFSET_MAX = 10_000_000;

export type Format = 'json' | 'html';

/** Parameters every items endpoint takes, before the collection's own filters. */
export const ITEMS_PARAMS = ['f', 'limit', 'offset', 'bbox', 'bbox-crs'] as const;

const formatSchema = z.enum(['json', 'html'], { error: 'f must be json or html' });

const itemsParamsSchema = z.object({
  limit: z.coerce
    .number({ error: `limit must be an integer from 1 to ${LIMIT_MAX}` })
    .int(`limit must be an integer from 1 to ${LIMIT_MAX}`)
    .min(1, `limit must be an integer from 1 to ${LIMIT_MAX}`)
    .transform((n) => Math.min(n, LIMIT_MAX))
    .default(LIMIT_DEFAULT),
  offset: z.coerce
    .number({ error: `offset must be an integer from 0 to ${OFFSET_MAX}` })
    .int(`offset must be an integer from 0 to ${OFFSET_MAX}`)
    .min(0, `offset must be an integer from 0 to ${OFFSET_MAX}`)
    .max(OFFSET_MAX, `offset must be an integer from 0 to ${OFFSET_MAX}`)
    .default(0),
  'bbox-crs': z.literal(CRS84, { error: `bbox-crs must be ${CRS84} (the only CRS served)` }).optional(),
});

export interface ItemsQuery {
  limit: number;
  offset: number;
  /** Raw `minLon,minLat,maxLon,maxLat`; the collection validates it with its own filters. */
  bbox?: string;
  /** The collection's own filters, as sent. */
  filters: Record<string, string>;
}

type RawQuery = Request['query'];

/** Refuses parameters outside `allowed` and repeated parameters, naming what is accepted. */
export function assertKnownParams(query: RawQuery, allowed: readonly string[]): Record<string, string> {
  const unknown = Object.keys(query).filter((k) => !allowed.includes(k));
  if (unknown.length) {
    throw new InputError(
      `Unknown query parameter${unknown.length > 1 ? 's' : ''} ${unknown.join(', ')}; this resource accepts ${allowed.join(', ')}.`,
    );
  }
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(query)) {
    if (typeof v !== 'string') throw new InputError(`Send the query parameter ${k} once.`);
    out[k] = v;
  }
  return out;
}

/** `f=json|html` wins; otherwise the Accept header (browsers get HTML, everything else JSON). */
export function negotiateFormat(req: Request): Format {
  const f = req.query.f;
  if (f !== undefined) return parseInput(formatSchema, f, 'query', 'f');
  return req.accepts(['application/json', 'application/geo+json', 'text/html']) === 'text/html'
    ? 'html'
    : 'json';
}

/** Splits an items query into paging, bbox and the collection's filters (validated later). */
export function parseItemsQuery(query: RawQuery, filterKeys: readonly string[]): ItemsQuery {
  const raw = assertKnownParams(query, [...ITEMS_PARAMS, ...filterKeys]);
  const { limit, offset } = parseInput(itemsParamsSchema, raw, 'query');
  const filters: Record<string, string> = {};
  for (const k of filterKeys) if (raw[k] !== undefined) filters[k] = raw[k];
  return { limit, offset, bbox: raw.bbox, filters };
}

// ---------------------------------------------------------------------------------------------
// As documented (openapi): the routes parse with the functions above, these describe the same.

/**
 * The items query: OGC paging and bbox, then each collection's own filters (siteFilterObject
 * for sites, the infrastructure query's kind and minVoltageKv), which the route refuses on the
 * other collection.
 */
export const ogcItemsQuerySchema = siteFilterObject.omit({ bbox: true, limit: true, offset: true }).extend({
  bbox: z.string().optional(),
  'bbox-crs': z.literal(CRS84).optional(),
  limit: z.coerce.number().int().min(1).default(LIMIT_DEFAULT),
  offset: z.coerce.number().int().min(0).max(OFFSET_MAX).default(0),
  f: z.enum(['json', 'html']).optional(),
  geometry: geometryDetailSchema.optional(),
  kind: infrastructureQuerySchema.shape.kind,
  minVoltageKv: infrastructureQuerySchema.shape.minVoltageKv,
});

export const ogcFormatQuerySchema = z.strictObject({ f: z.enum(['json', 'html']).optional() });

const ogcLink = component(
  'OgcLink',
  z.looseObject({
    href: z.string(),
    rel: z.string(),
    type: z.string().optional(),
    title: z.string().optional(),
  }),
);
export type Link = z.output<typeof ogcLink>;
const links = z.array(ogcLink);

export const ogcLandingSchema = component(
  'OgcLandingPage',
  z.looseObject({ title: z.string(), description: z.string(), links }),
);
export type LandingPage = z.output<typeof ogcLandingSchema>;

export const ogcConformanceSchema = component(
  'OgcConformance',
  z.looseObject({ conformsTo: z.array(z.string()), links }),
);
export type Conformance = z.output<typeof ogcConformanceSchema>;

export const OGC_COLLECTION_IDS = ['sites', 'infrastructure'] as const;
export type OgcCollectionId = (typeof OGC_COLLECTION_IDS)[number];

export const ogcCollectionSchema = component(
  'OgcCollection',
  z.looseObject({
    id: z.enum(OGC_COLLECTION_IDS),
    title: z.string(),
    description: z.string(),
    links,
    extent: z.looseObject({
      // An empty collection has no extent to state.
      spatial: z.looseObject({ bbox: z.array(z.array(z.number())), crs: z.string() }).optional(),
      temporal: z.looseObject({ interval: z.array(z.array(z.string().nullable())) }),
    }),
    itemType: z.literal('feature'),
    crs: z.array(z.string()),
  }),
);
export type CollectionDoc = z.output<typeof ogcCollectionSchema>;

export const ogcCollectionsSchema = component(
  'OgcCollections',
  z.looseObject({ links, collections: z.array(ogcCollectionSchema) }),
);
export type CollectionsDoc = z.output<typeof ogcCollectionsSchema>;

export const ogcFeatureSchema = component(
  'OgcFeature',
  z.looseObject({
    type: z.literal('Feature'),
    id: z.string(),
    geometry: z.looseObject({ type: z.string() }).nullable(),
    properties: z.record(z.string(), z.unknown()).nullable(),
    links: links.optional(),
  }),
  'A site (public fields unless signed in) or an infrastructure point.',
);
/**
 * A feature as a collection hands it over: a site (SiteListFeature) or an infrastructure point,
 * geometry as its module gives it. `ogcFeatureSchema` is the same on the wire.
 */
export interface OgcFeature {
  type: 'Feature';
  id: string;
  geometry: unknown;
  properties: Record<string, unknown>;
}
/** `GET …/items/{featureId}`: the feature with its links. */
export type ItemDoc = OgcFeature & { links: Link[] };

export const ogcFeatureCollectionSchema = component(
  'OgcFeatureCollection',
  z.looseObject({
    type: z.literal('FeatureCollection'),
    features: z.array(ogcFeatureSchema),
    links,
    numberMatched: z.number().int(),
    numberReturned: z.number().int(),
    timeStamp: z.string(),
  }),
);
type ItemsOut = z.output<typeof ogcFeatureCollectionSchema>;
/** The schema's collection with the features as the collections hand them over. */
export type ItemsDoc = {
  [K in keyof ItemsOut as string extends K ? never : K]: K extends 'features' ? OgcFeature[] : ItemsOut[K];
};
