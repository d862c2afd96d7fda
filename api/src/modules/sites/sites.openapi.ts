/**
 * Documented operations of the sites module: the inventory (`/api/sites`, sites.routes.ts)
 * and its downloads (`/api/sites.geojson|.csv|.site-eco.csv`, downloads/sites-download.routes.ts).
 */
import {
  idParam,
  json,
  noContent,
  SITE_FILTER_DOCS,
  siteQuery,
  writeBody,
} from '../openapi/openapi.common.ts';
import type { Body, OperationSpec, QuerySpec } from '../openapi/openapi.types.ts';
import {
  siteCollectionSchema,
  siteCreateSchema,
  siteDownloadQuerySchema,
  siteFeatureSchema,
  sitePatchSchema,
} from './sites.schemas.ts';

const SITE_WRITERS = ['admin', 'editor'] as const;
const GEOJSON_BODY = ['application/json', 'application/geo+json'];

export const sitesOperations: OperationSpec[] = [
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

const siteDownloadQuery = {
  schema: siteDownloadQuerySchema,
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
    query: siteDownloadQuery,
    responses: {
      200: {
        description: what,
        content: media,
        headers: ['Content-Disposition', 'Cache-Control', 'X-Number-Matched'],
      },
    },
    errors: [400, 401, 503],
  }) satisfies OperationSpec;

export const siteDownloadOperations: OperationSpec[] = [
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
