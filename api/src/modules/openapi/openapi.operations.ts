/**
 * Every route of the app, as documented operations. Keep in step with the routers: the route
 * test (tests/http/openapi.test.ts) fails when a route is missing here or an operation here has
 * no route.
 */
import { z } from 'zod';
import { authOperations } from '../auth/auth.openapi.ts';
import { FORMAT_NAMES } from '../import/import.types.ts';
import { matchingOperations } from '../matching/matching.openapi.ts';
import { matchQuerySchema, matchVersionsSchema } from '../matching/matching.schemas.ts';
import {
  compareQuerySchema,
  exportQuerySchema,
  projectCreateSchema,
  projectListQuerySchema,
  projectPatchSchema,
  shortlistPutSchema,
} from '../projects/projects.schemas.ts';
import { roadsOperations } from '../roads/roads.openapi.ts';
import { GRAPH_FORMATS } from '../roads/roads.service.ts';
import { siteCreateSchema, sitePatchSchema } from '../sites/sites.schemas.ts';
import { TILE_LAYERS } from '../tiles/tiles.service.ts';
import {
  attachment,
  EXAMPLE_UUID,
  idParam,
  infrastructureQuery,
  json,
  noContent,
  SITE_FILTER_DOCS,
  STAFF,
  siteQuery,
  tileQuery,
  writeBody,
} from './openapi.common.ts';
import {
  compareSchema,
  configSchema,
  healthSchema,
  importQuerySchema,
  importReportSchema,
  infrastructureCollectionSchema,
  observatorySchema,
  ogcCollectionSchema,
  ogcCollectionsSchema,
  ogcConformanceSchema,
  ogcFeatureCollectionSchema,
  ogcFeatureSchema,
  ogcFormatQuerySchema,
  ogcItemsQuerySchema,
  ogcLandingSchema,
  projectListSchema,
  projectSchema,
  shortlistSchema,
  siteCollectionSchema,
  siteExportQuerySchema,
  siteFeatureSchema,
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
  { name: 'import', description: 'Open-data imports (admins).' },
  { name: 'infrastructure', description: 'Motorway access, rail, ports, airports, substations.' },
  { name: 'tiles', description: 'Vector tiles and TileJSON of the public layers.' },
  { name: 'ogc', description: 'OGC API – Features (Part 1: Core) over sites and infrastructure.' },
];

const shortlistExportQuery: QuerySpec = {
  schema: exportQuerySchema,
  docs: {
    lang: 'Language of the document: `fr` or `en`.',
    filename: '`named` puts the project’s code name in the file name (confidential); `id` uses its id.',
  } satisfies Record<keyof typeof exportQuerySchema.shape, string>,
};

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

const projectId = idParam('Project');
const projectDownload = (
  format: 'csv' | 'geojson' | 'pdf',
  media: Record<string, 'text' | 'binary'>,
  what: string,
) =>
  ({
    method: 'get',
    path: `/api/projects/{id}/shortlist.${format}`,
    operationId: `exportShortlist${format === 'geojson' ? 'Geojson' : format === 'csv' ? 'Csv' : 'Pdf'}`,
    tag: 'projects',
    summary: `Download the shortlist as ${what}`,
    description: 'Audited (it takes confidential data out). Not cached by shared caches.',
    auth: 'required',
    roles: STAFF,
    pathParams: projectId,
    query: shortlistExportQuery,
    responses: { 200: attachment(media, `${what} (attachment).`) },
    errors: [400, 401, 403, 404, 503],
  }) satisfies OperationSpec;

const projects: OperationSpec[] = [
  {
    method: 'get',
    path: '/api/projects',
    operationId: 'listProjects',
    tag: 'projects',
    summary: 'List the projects the caller may see',
    auth: 'required',
    roles: STAFF,
    query: {
      schema: projectListQuerySchema,
      docs: {
        status:
          'Statuses, comma-separated (or repeated): lead, qualified, sites_proposed, visit, decision, landed, lost.',
        sector: 'Sectors, comma-separated (or repeated).',
        q: 'Text searched in the name and company.',
        limit: 'Page size, 1–500.',
        offset: 'Projects to skip.',
      } satisfies Record<keyof typeof projectListQuerySchema.shape, string>,
    },
    responses: { 200: json(projectListSchema, 'A page of projects and the total.', ['Cache-Control']) },
    errors: [400, 401, 403, 503],
  },
  {
    method: 'post',
    path: '/api/projects',
    operationId: 'createProject',
    tag: 'projects',
    summary: 'Create a project',
    description: 'Owned by the caller’s territories unless `territories` is given. Audited.',
    auth: 'required',
    roles: STAFF,
    body: writeBody(projectCreateSchema),
    responses: { 201: json(projectSchema, 'The created project.', ['Location']) },
    errors: [400, 401, 403, 413, 503],
  },
  {
    method: 'get',
    path: '/api/projects/{id}',
    operationId: 'getProject',
    tag: 'projects',
    summary: 'One project with its status history',
    auth: 'required',
    roles: STAFF,
    pathParams: projectId,
    responses: { 200: json(projectSchema, 'The project.') },
    errors: [400, 401, 403, 404, 503],
  },
  {
    method: 'patch',
    path: '/api/projects/{id}',
    operationId: 'updateProject',
    tag: 'projects',
    summary: 'Change a project or move its status',
    description:
      'Status moves follow the pipeline (one step on, one back, lost from anywhere open); a loss needs a reason.',
    auth: 'required',
    roles: STAFF,
    pathParams: projectId,
    body: writeBody(projectPatchSchema),
    responses: { 200: json(projectSchema, 'The project after the change.') },
    errors: [400, 401, 403, 404, 413, 503],
  },
  {
    method: 'delete',
    path: '/api/projects/{id}',
    operationId: 'deleteProject',
    tag: 'projects',
    summary: 'Delete a project and its shortlist',
    auth: 'required',
    roles: STAFF,
    pathParams: projectId,
    responses: { 204: noContent },
    errors: [400, 401, 403, 404, 503],
  },
  {
    method: 'get',
    path: '/api/projects/{id}/shortlist',
    operationId: 'getShortlist',
    tag: 'projects',
    summary: 'The project’s shortlist',
    auth: 'required',
    roles: STAFF,
    pathParams: projectId,
    responses: { 200: json(shortlistSchema, 'Items in rank order.') },
    errors: [400, 401, 403, 404, 503],
  },
  {
    method: 'put',
    path: '/api/projects/{id}/shortlist',
    operationId: 'putShortlist',
    tag: 'projects',
    summary: 'Replace the shortlist',
    description: 'Order = rank. A site already listed keeps its snapshot unless refreshSnapshot is true.',
    auth: 'required',
    roles: STAFF,
    pathParams: projectId,
    body: writeBody(shortlistPutSchema),
    responses: { 200: json(shortlistSchema, 'The new shortlist.') },
    errors: [400, 401, 403, 404, 413, 503],
  },
  {
    method: 'get',
    path: '/api/projects/{id}/compare',
    operationId: 'compareShortlist',
    tag: 'projects',
    summary: 'Compare 2 to 6 sites side by side',
    auth: 'required',
    roles: STAFF,
    pathParams: projectId,
    query: {
      schema: compareQuerySchema,
      docs: { siteIds: 'Site ids, comma-separated, 2 to 6; default: the shortlist.' },
    },
    responses: {
      200: json(compareSchema, 'One row per criterion, fact and access kind; the best value flagged.'),
    },
    errors: [400, 401, 403, 404, 503],
  },
  {
    method: 'get',
    path: '/api/projects/{id}/match-versions',
    operationId: 'compareMatchVersions',
    tag: 'projects',
    summary: 'The project’s needs under the current and the previous matching engine',
    description:
      'What changed for each site in either top: new, dropped (with the rule that dropped it), up, down.',
    auth: 'required',
    roles: STAFF,
    pathParams: projectId,
    query: {
      schema: matchQuerySchema,
      docs: { lang: 'Language of the reasons: `fr` (default) or `en`; else Accept-Language decides.' },
    },
    responses: { 200: json(matchVersionsSchema, 'Both engines’ counts and the changes site by site.') },
    errors: [400, 401, 403, 404, 503],
  },
  projectDownload('csv', { 'text/csv': 'text' }, 'CSV'),
  projectDownload('geojson', { 'application/geo+json': 'text' }, 'GeoJSON'),
  projectDownload('pdf', { 'application/pdf': 'binary' }, 'a PDF dossier'),
  {
    method: 'get',
    path: '/api/observatory',
    operationId: 'getObservatory',
    tag: 'projects',
    summary: 'Project counts by sector, status, territory and month',
    auth: 'required',
    roles: STAFF,
    responses: { 200: json(observatorySchema, 'The summary.', ['Cache-Control']) },
    errors: [401, 403, 503],
  },
  {
    method: 'get',
    path: '/api/observatory.csv',
    operationId: 'exportObservatoryCsv',
    tag: 'projects',
    summary: 'Download the observatory counts as CSV',
    auth: 'required',
    roles: STAFF,
    responses: { 200: attachment({ 'text/csv': 'text' }, 'CSV (attachment).') },
    errors: [401, 403, 503],
  },
];

const dataOps: OperationSpec[] = [
  {
    method: 'post',
    path: '/api/import/{format}',
    operationId: 'importFile',
    tag: 'import',
    summary: 'Import an open-data file',
    description:
      'The raw file is the body (any content type but JSON). One transaction: an invalid row refuses the whole ' +
      'file (422 with line numbers) unless skipInvalid=true. Re-importing the same file changes nothing.',
    auth: 'required',
    roles: ['admin'],
    pathParams: {
      format: {
        schema: z.enum([...FORMAT_NAMES, ...GRAPH_FORMATS]),
        description:
          'The importer to run. `roads` (OSM road graph) and `insee-communes` (labour pool) answer with their own report ' +
          '(RoadImportReport / CommunesImportReport: ok, error, counts, invalid rows with lines).',
        example: 'wpi',
      },
    },
    query: {
      schema: importQuerySchema,
      docs: {
        dryRun: '`true`: validate and count, write nothing.',
        skipInvalid: '`true`: import the valid rows and report the others.',
        includeSmall: '`true`: keep features the format drops by default (small airports, minor stations…).',
        name: 'A name for the upload in the report and the audit log.',
      } satisfies Record<keyof typeof importQuerySchema.shape, string>,
    },
    body: { content: { 'application/octet-stream': 'binary', 'text/csv': 'text' }, description: 'The file.' },
    responses: {
      200: json(importReportSchema, 'Committed (or the dry run passed).'),
      422: json(importReportSchema, 'Refused rows or file; nothing written.'),
    },
    errors: [400, 401, 403, 413, 415, 503],
  },
  {
    method: 'get',
    path: '/api/infrastructure',
    operationId: 'listInfrastructure',
    tag: 'infrastructure',
    summary: 'Search infrastructure points',
    auth: 'none',
    query: infrastructureQuery,
    responses: {
      200: json(infrastructureCollectionSchema, 'A GeoJSON FeatureCollection with numberMatched.'),
    },
    errors: [400, 401, 503],
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
  ...authOperations,
  ...sites,
  ...siteExports,
  ...matchingOperations,
  ...projects,
  ...dataOps,
  ...roadsOperations,
  ...tiles,
  ...ogc,
];
