/**
 * Every route of the app, as documented operations. Keep in step with the routers: the route
 * test (tests/http/openapi.test.ts) fails when a route is missing here or an operation here has
 * no route.
 */
import { z } from 'zod';
import { loginSchema } from '../auth/auth.schemas.ts';
import { importOperations, importTags } from '../import/import.openapi.ts';
import { infrastructureOperations, infrastructureTags } from '../infrastructure/infrastructure.openapi.ts';
import { matchRequestSchema } from '../matching/needs.schema.ts';
import { projectsOperations } from '../projects/projects.openapi.ts';
import { isochroneQuerySchema } from '../roads/isochrone.routes.ts';
import { siteCreateSchema, sitePatchSchema } from '../sites/sites.schemas.ts';
import { TILE_LAYERS } from '../tiles/tiles.service.ts';
import {
  EXAMPLE_UUID,
  idParam,
  infrastructureQuery,
  json,
  noContent,
  SITE_FILTER_DOCS,
  siteQuery,
  tileQuery,
  writeBody,
} from './openapi.common.ts';
import {
  configSchema,
  criteriaResponseSchema,
  healthSchema,
  isochroneSchema,
  knockoutsResponseSchema,
  loginResponseSchema,
  matchQuerySchema,
  matchResponseSchema,
  meSchema,
  ogcCollectionSchema,
  ogcCollectionsSchema,
  ogcConformanceSchema,
  ogcFeatureCollectionSchema,
  ogcFeatureSchema,
  ogcFormatQuerySchema,
  ogcItemsQuerySchema,
  ogcLandingSchema,
  siteCollectionSchema,
  siteExportQuerySchema,
  siteFeatureSchema,
  templatesResponseSchema,
  tileJsonSchema,
} from './openapi.schemas.ts';
import type { Body, OperationSpec, ParamSpec, QuerySpec, TagSpec } from './openapi.types.ts';

export const TAGS: readonly TagSpec[] = [
  { name: 'health', description: 'Liveness and the database engine.' },
  { name: 'app', description: 'Start-up settings of the map UI.' },
  { name: 'openapi', description: 'This document and its HTML rendering.' },
  { name: 'auth', description: 'Sessions (cookie + CSRF token) for browsers; scripts use API tokens.' },
  { name: 'sites', description: 'The site inventory: public browsing, audited writes.' },
  { name: 'export', description: 'Downloads of a filtered site list.' },
  { name: 'matching', description: 'Ranking sites against a project’s needs.' },
  { name: 'projects', description: 'Investor projects, shortlists, comparison and exports (staff only).' },
  ...importTags,
  ...infrastructureTags,
  { name: 'tiles', description: 'Vector tiles and TileJSON of the public layers.' },
  { name: 'ogc', description: 'OGC API – Features (Part 1: Core) over sites and infrastructure.' },
];

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

// ---------------------------------------------------------------------------------------------
// /api

const platform: OperationSpec[] = [
  {
    method: 'get',
    path: '/api/health',
    operationId: 'getHealth',
    tag: 'health',
    summary: 'Service and database health',
    auth: 'none',
    responses: {
      200: json(healthSchema, 'The database answers.', ['Cache-Control']),
      503: json(healthSchema, 'The database is unreachable or too slow (`status: "unavailable"`).', [
        'Cache-Control',
        'Retry-After',
      ]),
    },
    errors: [401],
  },
  {
    method: 'get',
    path: '/api/config',
    operationId: 'getClientConfig',
    tag: 'app',
    summary: 'Settings the map UI reads at start-up',
    auth: 'none',
    responses: { 200: json(configSchema, 'Basemap style URL and database engine.') },
    errors: [401],
  },
  {
    method: 'get',
    path: '/api/openapi.json',
    operationId: 'getOpenApiDocument',
    tag: 'openapi',
    summary: 'This OpenAPI 3.1 document',
    description: 'Generated from the zod schemas that validate the requests. ETag + If-None-Match → 304.',
    auth: 'none',
    responses: {
      200: json(z.looseObject({ openapi: z.string() }), 'The document.', ['ETag', 'Cache-Control']),
      304: { description: 'Not modified (If-None-Match matched the ETag).' },
    },
    errors: [401],
  },
  {
    method: 'get',
    path: '/api/docs',
    operationId: 'getApiDocs',
    tag: 'openapi',
    summary: 'This document as a readable HTML page',
    auth: 'none',
    responses: {
      200: {
        description: 'A self-contained page (no scripts).',
        content: { 'text/html': 'text' },
        headers: ['ETag', 'Cache-Control'],
      },
      304: { description: 'Not modified.' },
    },
    errors: [401],
  },
];

const auth: OperationSpec[] = [
  {
    method: 'post',
    path: '/api/auth/login',
    operationId: 'login',
    tag: 'auth',
    summary: 'Open a session',
    description:
      'Sets the httpOnly `lm_session` cookie and returns the CSRF token to send as `X-CSRF-Token` on writes. ' +
      'Failed attempts are limited per email and IP (429 with Retry-After).',
    auth: 'none',
    body: writeBody(loginSchema),
    responses: { 200: json(loginResponseSchema, 'Signed in.', ['Set-Cookie']) },
    errors: [400, 401, 413, 429, 503],
  },
  {
    method: 'post',
    path: '/api/auth/logout',
    operationId: 'logout',
    tag: 'auth',
    summary: 'Close the session',
    description: 'Deletes the session and clears the cookie; without a session it does nothing.',
    auth: 'optional',
    responses: { 204: { description: 'Signed out.', headers: ['Set-Cookie'] } },
    errors: [401, 403, 503],
  },
  {
    method: 'get',
    path: '/api/auth/me',
    operationId: 'getMe',
    tag: 'auth',
    summary: 'Who is calling',
    description: 'Also returns the session’s CSRF token (null for API tokens).',
    auth: 'required',
    responses: { 200: json(meSchema, 'The caller.') },
    errors: [401, 503],
  },
];

const SITE_WRITERS = ['admin', 'editor'] as const;
const GEOJSON_BODY = ['application/json', 'application/geo+json'];

const sites: OperationSpec[] = [
  {
    method: 'get',
    path: '/api/sites',
    operationId: 'listSites',
    tag: 'sites',
    summary: 'Search sites',
    description: 'Anonymous callers get published sites and public fields; ordered by name, then id.',
    auth: 'optional',
    query: siteQuery,
    responses: { 200: json(siteCollectionSchema, 'A GeoJSON FeatureCollection with numberMatched.') },
    errors: [400, 401, 503],
  },
  {
    method: 'get',
    path: '/api/sites/{id}',
    operationId: 'getSite',
    tag: 'sites',
    summary: 'One site, with its access distances',
    auth: 'optional',
    pathParams: idParam('Site'),
    responses: {
      200: json(siteFeatureSchema, 'A GeoJSON Feature; properties.access lists the nearest infrastructure.'),
    },
    errors: [400, 401, 404, 503],
  },
  {
    method: 'post',
    path: '/api/sites',
    operationId: 'createSite',
    tag: 'sites',
    summary: 'Create a site',
    description: 'Editors may only create sites of their territories. Audited.',
    auth: 'required',
    roles: SITE_WRITERS,
    body: writeBody(siteCreateSchema, GEOJSON_BODY),
    responses: { 201: json(siteFeatureSchema, 'The created site.', ['Location']) },
    errors: [400, 401, 403, 413, 503],
  },
  {
    method: 'patch',
    path: '/api/sites/{id}',
    operationId: 'updateSite',
    tag: 'sites',
    summary: 'Change a site',
    description:
      'Editors only within their territories (before and after). Access distances follow a new polygon. Audited.',
    auth: 'required',
    roles: SITE_WRITERS,
    pathParams: idParam('Site'),
    body: writeBody(sitePatchSchema, GEOJSON_BODY),
    responses: { 200: json(siteFeatureSchema, 'The site after the change.') },
    errors: [400, 401, 403, 404, 413, 503],
  },
  {
    method: 'delete',
    path: '/api/sites/{id}',
    operationId: 'deleteSite',
    tag: 'sites',
    summary: 'Delete a site',
    description: 'Audited; shortlists keep their snapshot of it.',
    auth: 'required',
    roles: SITE_WRITERS,
    pathParams: idParam('Site'),
    responses: { 204: noContent },
    errors: [400, 401, 403, 404, 503],
  },
];

const siteExportQuery = {
  schema: siteExportQuerySchema,
  docs: {
    ...SITE_FILTER_DOCS,
    limit: 'Sites in the file, 1–100,000 (default: up to 100,000); page beyond with offset.',
  },
} satisfies QuerySpec;

const siteDownload = (
  suffix: string,
  operationId: string,
  summary: string,
  media: Record<string, Body>,
  what: string,
) =>
  ({
    method: 'get',
    path: `/api/sites.${suffix}`,
    operationId,
    tag: 'export',
    summary,
    description:
      'The filters, visibility and order of GET /api/sites (anonymous callers: published sites, public ' +
      'fields), streamed page by page. Not kept by shared caches.',
    auth: 'optional',
    query: siteExportQuery,
    responses: {
      200: {
        description: what,
        content: media,
        headers: ['Content-Disposition', 'Cache-Control', 'X-Number-Matched'],
      },
    },
    errors: [400, 401, 503],
  }) satisfies OperationSpec;

const siteExports: OperationSpec[] = [
  siteDownload(
    'geojson',
    'exportSitesGeojson',
    'Download the filtered sites as GeoJSON',
    { 'application/geo+json': siteCollectionSchema },
    'A GeoJSON FeatureCollection (attachment) with the list properties.',
  ),
  siteDownload(
    'csv',
    'exportSitesCsv',
    'Download the filtered sites as CSV',
    { 'text/csv': 'text' },
    'UTF-8 CSV with BOM (attachment): id, the list fields under their JSON names, lon/lat of the centroid and the outline as WKT.',
  ),
  siteDownload(
    'site-eco.csv',
    'exportSitesSiteEco',
    'Download the filtered sites in the CNIG SITE-ECO format',
    { 'text/csv': 'text' },
    'UTF-8 CSV (attachment) with the columns of the CNIG SITE-ECO standard, values as stored.',
  ),
];

const matching: OperationSpec[] = [
  {
    method: 'post',
    path: '/api/match',
    operationId: 'matchSites',
    tag: 'matching',
    summary: 'Rank sites against a project’s needs',
    description:
      'Legal bans (PPRI/PPRT red zones, PLU A/N or non-industrial zones, Natura 2000 for authorisation or Seveso ' +
      'projects) always knock sites out; the needs add knock-outs (near-misses say what failed and by how much). ' +
      'Every passing site is scored per criterion and ranked exactly (weighted sum or TOPSIS); the confidence says how ' +
      'far the data can be trusted. Reasons come in both languages. `algorithmVersion` runs the previous engine for ' +
      'comparison. Anonymous callers match published sites only and are rate-limited per IP; nothing sent is stored or logged.',
    auth: 'optional',
    query: {
      schema: matchQuerySchema,
      docs: { lang: 'Language of the reasons: `fr` (default) or `en`; else Accept-Language decides.' },
    },
    body: writeBody(matchRequestSchema),
    responses: { 200: json(matchResponseSchema, 'Ranked results and near-misses.', ['Cache-Control']) },
    errors: [400, 401, 403, 413, 429, 503],
  },
  {
    method: 'get',
    path: '/api/match/criteria',
    operationId: 'listCriteria',
    tag: 'matching',
    summary: 'The scoring criteria and their default weights',
    auth: 'none',
    responses: { 200: json(criteriaResponseSchema, 'The criteria registry.') },
    errors: [401],
  },
  {
    method: 'get',
    path: '/api/match/knockouts',
    operationId: 'listKnockouts',
    tag: 'matching',
    summary: 'The knock-out rules: legal bans and needs, with their source',
    auth: 'none',
    responses: { 200: json(knockoutsResponseSchema, 'The knock-out registry.', ['Cache-Control']) },
    errors: [401],
  },
  {
    method: 'get',
    path: '/api/match/templates',
    operationId: 'listProjectTemplates',
    tag: 'matching',
    summary: 'Ready-made needs by sector',
    auth: 'none',
    responses: { 200: json(templatesResponseSchema, 'The project templates.', ['Cache-Control']) },
    errors: [401],
  },
];

// The roads module's operation (moves to roads/roads.openapi.ts with the roads contract).
const isochrone: OperationSpec[] = [
  {
    method: 'get',
    path: '/api/isochrone',
    operationId: 'getIsochrone',
    tag: 'infrastructure',
    summary: 'The area reachable by road within some minutes',
    description:
      'Shortest times on the imported OSM road graph (pgRouting on the server, graphology on the embedded engine); ' +
      'the polygon is the concave hull of the road vertices reached, buffered 300 m. A point more than 1,500 m from ' +
      'the graph is a 400, unless fallback=estimate (a circle, labelled method "estimate"). Anonymous callers are ' +
      'rate-limited per IP.',
    auth: 'optional',
    query: {
      schema: isochroneQuerySchema,
      docs: {
        lon: 'Longitude of the origin (EPSG:4326).',
        lat: 'Latitude of the origin (EPSG:4326).',
        minutes: 'Drive time, 5 to 90 minutes.',
        profile: '`car` (default) or `truck` (90 km/h on motorways, 80 elsewhere, no hgv=no roads).',
        fallback: '`estimate`: off the graph, return the straight-line estimate circle instead of a 400.',
      } satisfies Record<keyof typeof isochroneQuerySchema.shape, string>,
    },
    responses: {
      200: json(isochroneSchema, 'A GeoJSON Feature (Polygon or MultiPolygon).', ['Cache-Control']),
    },
    errors: [400, 401, 429, 503],
  },
];

// ---------------------------------------------------------------------------------------------
// /tiles and /ogc

const layerParam: ParamSpec = {
  schema: z.enum(Object.keys(TILE_LAYERS) as [string, ...string[]]),
  description: 'Tile layer.',
  example: 'sites',
};
const tileIndex = (description: string, max?: number): ParamSpec => ({
  schema: max === undefined ? z.number().int().min(0) : z.number().int().min(0).max(max),
  description,
  example: 0,
});

const tiles: OperationSpec[] = [
  {
    method: 'get',
    path: '/tiles/{layer}.json',
    operationId: 'getTileJson',
    tag: 'tiles',
    summary: 'TileJSON of a layer',
    auth: 'none',
    pathParams: { layer: layerParam },
    responses: {
      200: json(tileJsonSchema, 'Tile URLs are absolute, built from the request’s host.', ['Cache-Control']),
    },
    errors: [404],
  },
  {
    method: 'get',
    path: '/tiles/{layer}/{z}/{x}/{y}.mvt',
    operationId: 'getTile',
    tag: 'tiles',
    summary: 'A Mapbox Vector Tile',
    description:
      'Published sites (clustered points below z12, polygons from z12) or infrastructure. Only the sites layer ' +
      'takes filters, with the meaning of GET /api/sites.',
    auth: 'none',
    pathParams: {
      layer: layerParam,
      z: tileIndex('Zoom, 0–22.', 22),
      x: tileIndex('Column, 0 … 2^z − 1.'),
      y: tileIndex('Row, 0 … 2^z − 1 (XYZ scheme).'),
    },
    headers: {
      'If-None-Match': { schema: z.string(), description: 'ETag of a cached copy.', example: '"abc"' },
    },
    query: tileQuery,
    responses: {
      200: {
        description: 'The tile.',
        content: { 'application/vnd.mapbox-vector-tile': 'binary' },
        headers: ['ETag', 'Cache-Control'],
      },
      204: { description: 'Empty tile.', headers: ['Cache-Control'] },
      304: { description: 'Not modified (If-None-Match matched).', headers: ['ETag'] },
    },
    errors: [400, 404, 503],
  },
];

const collectionId: Record<string, ParamSpec> = {
  collectionId: {
    schema: z.enum(['sites', 'infrastructure']),
    description: 'Collection id.',
    example: 'sites',
  },
};
const ogcJson = (schema: z.ZodType, description: string, media = 'application/json') => ({
  description,
  content: { [media]: schema, 'text/html': 'text' as const },
});
const OGC_COMMON = { tag: 'ogc', auth: 'optional', ogc: true } as const;

const ogc: OperationSpec[] = [
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

export const OPERATIONS: readonly OperationSpec[] = [
  ...platform,
  ...auth,
  ...sites,
  ...siteExports,
  ...matching,
  ...projectsOperations,
  ...importOperations,
  ...infrastructureOperations,
  ...isochrone,
  ...tiles,
  ...ogc,
];
