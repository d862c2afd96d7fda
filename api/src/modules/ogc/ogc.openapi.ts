/** Documented operations of OGC API – Features at /ogc (ogc.routes.ts). */
import { z } from 'zod';
import { EXAMPLE_UUID, infrastructureQuery, SITE_FILTER_DOCS } from '../openapi/openapi.common.ts';
import type { OperationSpec, ParamSpec, QuerySpec } from '../openapi/openapi.types.ts';
import {
  OGC_COLLECTION_IDS,
  ogcCollectionSchema,
  ogcCollectionsSchema,
  ogcConformanceSchema,
  ogcFeatureCollectionSchema,
  ogcFeatureSchema,
  ogcFormatQuerySchema,
  ogcItemsQuerySchema,
  ogcLandingSchema,
} from './ogc.schemas.ts';

// The site filters apply to the sites collection only.
const sitesOnlyDocs = Object.fromEntries(
  Object.entries(SITE_FILTER_DOCS).map(([k, v]) => [k, `Collection \`sites\` only. ${v}`]),
) as typeof SITE_FILTER_DOCS;

const ogcItemsQuery: QuerySpec = {
  schema: ogcItemsQuerySchema,
  docs: {
    ...sitesOnlyDocs,
    bbox: 'minLon,minLat,maxLon,maxLat in CRS84 (lon/lat degrees): features intersecting the box.',
    'bbox-crs': 'CRS of bbox; only CRS84 is served.',
    limit: 'Page size (default 10); above 10,000 it is lowered to 10,000. The `next` link pages on.',
    offset: 'Features to skip.',
    f: 'Response format: `json` (GeoJSON) or `html`; default from the Accept header.',
    kind: `Collection \`infrastructure\` only. ${infrastructureQuery.docs.kind}`,
    minVoltageKv: `Collection \`infrastructure\` only. ${infrastructureQuery.docs.minVoltageKv}`,
  } satisfies Record<keyof typeof ogcItemsQuerySchema.shape, string>,
};

const ogcFormatQuery: QuerySpec = {
  schema: ogcFormatQuerySchema,
  docs: { f: 'Response format: `json` or `html`; default from the Accept header.' },
};

const collectionId: Record<string, ParamSpec> = {
  collectionId: {
    schema: z.enum(OGC_COLLECTION_IDS),
    description: 'Collection id.',
    example: 'sites',
  },
};
const ogcJson = (schema: z.ZodType, description: string, media = 'application/json') => ({
  description,
  content: { [media]: schema, 'text/html': 'text' as const },
});
const OGC_COMMON = { tag: 'ogc', auth: 'optional', ogc: true } as const;

export const ogcOperations: OperationSpec[] = [
  {
    ...OGC_COMMON,
    method: 'get',
    path: '/ogc',
    operationId: 'ogcLandingPage',
    summary: 'OGC API landing page',
    query: ogcFormatQuery,
    responses: {
      200: ogcJson(ogcLandingSchema, 'Links to the API definition, conformance and collections.'),
    },
    errors: [400, 401],
  },
  {
    ...OGC_COMMON,
    method: 'get',
    path: '/ogc/conformance',
    operationId: 'ogcConformance',
    summary: 'Conformance classes',
    query: ogcFormatQuery,
    responses: { 200: ogcJson(ogcConformanceSchema, 'The conformance classes implemented.') },
    errors: [400, 401],
  },
  {
    ...OGC_COMMON,
    method: 'get',
    path: '/ogc/api',
    operationId: 'ogcApiDefinition',
    summary: 'The API definition (redirect)',
    description:
      'For clients that look for the definition next to the landing page: redirects to /api/openapi.json.',
    responses: { 302: { description: 'See Location: /api/openapi.json.', headers: ['Location'] } },
    errors: [401],
  },
  {
    ...OGC_COMMON,
    method: 'get',
    path: '/ogc/collections',
    operationId: 'ogcCollections',
    summary: 'The feature collections',
    query: ogcFormatQuery,
    responses: { 200: ogcJson(ogcCollectionsSchema, 'sites and infrastructure.') },
    errors: [400, 401, 503],
  },
  {
    ...OGC_COMMON,
    method: 'get',
    path: '/ogc/collections/{collectionId}',
    operationId: 'ogcCollection',
    summary: 'One collection',
    pathParams: collectionId,
    query: ogcFormatQuery,
    responses: { 200: ogcJson(ogcCollectionSchema, 'Its extent and links.') },
    errors: [400, 401, 404, 503],
  },
  {
    ...OGC_COMMON,
    method: 'get',
    path: '/ogc/collections/{collectionId}/items',
    operationId: 'ogcItems',
    summary: 'Features of a collection',
    description:
      'Anonymous callers get published sites and public fields. Paging by limit/offset with next/prev links.',
    pathParams: collectionId,
    query: ogcItemsQuery,
    responses: {
      200: ogcJson(
        ogcFeatureCollectionSchema,
        'A GeoJSON FeatureCollection with links.',
        'application/geo+json',
      ),
    },
    errors: [400, 401, 404, 503],
  },
  {
    ...OGC_COMMON,
    method: 'get',
    path: '/ogc/collections/{collectionId}/items/{featureId}',
    operationId: 'ogcItem',
    summary: 'One feature',
    pathParams: {
      ...collectionId,
      featureId: { schema: z.string(), description: 'Feature id (a UUID for sites).', example: EXAMPLE_UUID },
    },
    query: ogcFormatQuery,
    responses: { 200: ogcJson(ogcFeatureSchema, 'A GeoJSON Feature with links.', 'application/geo+json') },
    errors: [400, 401, 404, 503],
  },
];
