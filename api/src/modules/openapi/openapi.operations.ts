/**
 * Every route of the app, as documented operations. Keep in step with the routers: the route
 * test (tests/http/openapi.test.ts) fails when a route is missing here or an operation here has
 * no route.
 */
import { z } from 'zod';
import { loginSchema } from '../auth/auth.schemas.ts';
import { healthOperations } from '../health/health.openapi.ts';
import { FORMAT_NAMES } from '../import/import.types.ts';
import { matchRequestSchema } from '../matching/needs.schema.ts';
import { ogcOperations } from '../ogc/ogc.openapi.ts';
import {
  compareQuerySchema,
  exportQuerySchema,
  projectCreateSchema,
  projectListQuerySchema,
  projectPatchSchema,
  shortlistPutSchema,
} from '../projects/projects.schemas.ts';
import { isochroneQuerySchema } from '../roads/isochrone.routes.ts';
import { GRAPH_FORMATS } from '../roads/roads.service.ts';
import { siteDownloadOperations, sitesOperations } from '../sites/sites.openapi.ts';
import { tilesOperations } from '../tiles/tiles.openapi.ts';
import {
  attachment,
  idParam,
  infrastructureQuery,
  json,
  noContent,
  STAFF,
  writeBody,
} from './openapi.common.ts';
import {
  compareSchema,
  criteriaResponseSchema,
  importQuerySchema,
  importReportSchema,
  infrastructureCollectionSchema,
  isochroneSchema,
  knockoutsResponseSchema,
  loginResponseSchema,
  matchQuerySchema,
  matchResponseSchema,
  matchVersionsSchema,
  meSchema,
  observatorySchema,
  projectListSchema,
  projectSchema,
  shortlistSchema,
  templatesResponseSchema,
} from './openapi.schemas.ts';
import type { OperationSpec, QuerySpec, TagSpec } from './openapi.types.ts';

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

// ---------------------------------------------------------------------------------------------
// /api

/** This module's own operations: the document and its HTML page (openapi.routes.ts). */
const openapiOperations: OperationSpec[] = [
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

export const OPERATIONS: readonly OperationSpec[] = [
  ...healthOperations,
  ...openapiOperations,
  ...auth,
  ...sitesOperations,
  ...siteDownloadOperations,
  ...matching,
  ...projects,
  ...dataOps,
  ...tilesOperations,
  ...ogcOperations,
];
