/**
 * Documented operations of the sites module: the inventory (`/api/sites`, sites.routes.ts)
 * and its downloads (`/api/sites.geojson|.csv|.site-eco.csv`, downloads/sites-download.routes.ts).
 */
import {
  idParam,
  ifMatchHeader,
  json,
  noContent,
  SITE_FILTER_DOCS,
  siteQuery,
  writeBody,
} from '../openapi/openapi.common.ts';
import type { Body, OperationSpec, QuerySpec } from '../openapi/openapi.types.ts';
import {
  deletedSitesSchema,
  siteCollectionSchema,
  siteCreateSchema,
  siteDownloadQuerySchema,
  siteFeatureSchema,
  siteHistorySchema,
  sitePatchSchema,
  siteTableQuerySchema,
} from './sites.schemas.ts';

const SITE_WRITERS = ['admin', 'editor'] as const;
const SIGNED_IN = ['admin', 'editor', 'staff'] as const;
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
    description: 'A deleted site is a 404 for anonymous callers and a 410 `site_deleted` for signed-in ones.',
    auth: 'optional',
    pathParams: idParam('Site'),
    responses: {
      200: json(
        siteFeatureSchema,
        'A GeoJSON Feature; properties.access lists the nearest infrastructure. ETag: `"<version>"`.',
        ['ETag'],
      ),
    },
    errors: [400, 401, 404, 410, 503],
  },
  {
    method: 'get',
    path: '/api/sites/deleted',
    operationId: 'listDeletedSites',
    tag: 'sites',
    summary: 'Deleted sites that can be restored',
    description: 'Admins and staff see every deleted site, editors those of their territories.',
    auth: 'required',
    roles: SIGNED_IN,
    responses: { 200: json(deletedSitesSchema, 'Newest deletion first.', ['Cache-Control']) },
    errors: [401, 403, 503],
  },
  {
    method: 'get',
    path: '/api/sites/{id}/history',
    operationId: 'getSiteHistory',
    tag: 'sites',
    summary: 'What happened to a site: who, when, which fields, before → after',
    description:
      'Derived from the audit log (creates, edits, imports, deletes, restores), newest first; also for a deleted site. ' +
      'Changes of confidential fields of an unpublished site are left out for staff outside its territory.',
    auth: 'required',
    roles: SIGNED_IN,
    pathParams: idParam('Site'),
    responses: { 200: json(siteHistorySchema, 'The entries.', ['Cache-Control']) },
    errors: [400, 401, 403, 404, 503],
  },
  {
    method: 'post',
    path: '/api/sites/{id}/restore',
    operationId: 'restoreSite',
    tag: 'sites',
    summary: 'Bring a deleted site back',
    description:
      'Same id, one version later; access distances and match facts are recomputed and shortlist items show it again. ' +
      'Editors only within its territory. 409 when the site is not deleted or another site now holds its import key. Audited.',
    auth: 'required',
    roles: SITE_WRITERS,
    pathParams: idParam('Site'),
    responses: { 200: json(siteFeatureSchema, 'The restored site.', ['ETag']) },
    errors: [400, 401, 403, 404, 409, 503],
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
    responses: { 201: json(siteFeatureSchema, 'The created site (version 1).', ['Location', 'ETag']) },
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
    headers: ifMatchHeader('site'),
    body: writeBody(sitePatchSchema, GEOJSON_BODY),
    responses: { 200: json(siteFeatureSchema, 'The site after the change.', ['ETag']) },
    errors: [400, 401, 403, 404, 410, 412, 413, 503],
  },
  {
    method: 'delete',
    path: '/api/sites/{id}',
    operationId: 'deleteSite',
    tag: 'sites',
    summary: 'Delete a site (restorable)',
    description:
      'The site leaves every read (list, tiles, OGC, match, exports) and keeps its id: POST /api/sites/{id}/restore brings it back. ' +
      'Audited; shortlists keep their snapshot of it meanwhile.',
    auth: 'required',
    roles: SITE_WRITERS,
    pathParams: idParam('Site'),
    headers: ifMatchHeader('site'),
    responses: { 204: noContent },
    errors: [400, 401, 403, 404, 410, 412, 503],
  },
];

const siteDownloadQuery = {
  schema: siteDownloadQuerySchema,
  docs: {
    ...SITE_FILTER_DOCS,
    limit: 'Sites in the file, 1–100,000 (default: up to 100,000); page beyond with offset.',
  },
} satisfies QuerySpec;

const siteTableQuery = {
  schema: siteTableQuerySchema,
  docs: {
    ...siteDownloadQuery.docs,
    lang: 'Language of the titles, labels and numbers: fr (default) or en.',
  },
} satisfies QuerySpec;

const siteDownload = (
  suffix: string,
  operationId: string,
  summary: string,
  media: Record<string, Body>,
  what: string,
  query: QuerySpec = siteDownloadQuery,
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
    query,
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
    'table.csv',
    'exportSitesTable',
    'Download the filtered sites as a table for people',
    { 'text/csv': 'text' },
    'UTF-8 CSV with BOM (attachment) in `lang`: names (commune, département, région, labels), status in words, yes/no, numbers with the language’s decimal mark; `;`-separated in French.',
    siteTableQuery,
  ),
  siteDownload(
    'site-eco.csv',
    'exportSitesSiteEco',
    'Download the filtered sites in the CNIG SITE-ECO format',
    { 'text/csv': 'text' },
    'UTF-8 CSV (attachment) with the columns of the CNIG SITE-ECO standard, values as stored.',
  ),
];
