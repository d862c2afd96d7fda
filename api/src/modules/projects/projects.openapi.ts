/**
 * The projects module's routes as documented operations (projects, shortlist, comparison,
 * downloads, observatory). openapi.operations.ts lists them in the document; the route test
 * (tests/http/openapi.test.ts) fails when a route here has no operation or the reverse.
 */

import { matchQuerySchema, matchVersionsSchema } from '../matching/matching.schemas.ts';
import {
  attachment,
  idParam,
  ifMatchHeader,
  json,
  noContent,
  STAFF,
  writeBody,
} from '../openapi/openapi.common.ts';
import type { OperationSpec, QuerySpec } from '../openapi/openapi.types.ts';
import {
  compareQuerySchema,
  compareSchema,
  exportQuerySchema,
  observatorySchema,
  projectCreateSchema,
  projectListQuerySchema,
  projectListSchema,
  projectPatchSchema,
  projectSchema,
  shortlistPutSchema,
  shortlistSchema,
  uuidSchema,
} from './projects.schemas.ts';
import { shortlistItemAddSchema, shortlistItemPatchSchema } from './shortlist-items.schemas.ts';

const shortlistExportQuery: QuerySpec = {
  schema: exportQuerySchema,
  docs: {
    lang: 'Language of the document: `fr` or `en`.',
    filename: '`named` puts the project’s code name in the file name (confidential); `id` uses its id.',
  } satisfies Record<keyof typeof exportQuerySchema.shape, string>,
};

const projectId = idParam('Project');

/** Every projects operation is for signed-in staff and admins, under the `projects` tag. */
const staffOp = (op: Omit<OperationSpec, 'tag' | 'auth' | 'roles'>): OperationSpec => ({
  tag: 'projects',
  auth: 'required',
  roles: STAFF,
  ...op,
});

/** An operation on one project (`{id}`), answering 404 for an unknown one. */
const projectOp = (
  op: Omit<OperationSpec, 'tag' | 'auth' | 'roles' | 'pathParams' | 'errors'> & {
    errors?: OperationSpec['errors'];
    pathParams?: OperationSpec['pathParams'];
  },
): OperationSpec => staffOp({ pathParams: projectId, errors: [400, 401, 403, 404, 410, 503], ...op });

const siteIdParam = {
  siteId: {
    schema: uuidSchema,
    description: 'Site id (UUID) of the item.',
    example: '00000000-0000-4000-8000-000000000001',
  },
};
const ITEM_NOTE =
  'No If-Match: two staff members can work on one shortlist at once (each change applies to the latest list). Audited.';

/** Item-level shortlist changes (issue 12): each answers the whole shortlist. */
const shortlistItemOperations: OperationSpec[] = [
  projectOp({
    method: 'post',
    path: '/api/projects/{id}/shortlist/items',
    operationId: 'addShortlistItem',
    summary: 'Add one site to the shortlist',
    description: `At \`position\` (1-based; default last), its snapshot taken now. 409 when already listed. ${ITEM_NOTE}`,
    body: writeBody(shortlistItemAddSchema),
    responses: { 201: json(shortlistSchema, 'The shortlist.', ['ETag']) },
    errors: [400, 401, 403, 404, 409, 410, 413, 503],
  }),
  projectOp({
    method: 'patch',
    path: '/api/projects/{id}/shortlist/items/{siteId}',
    operationId: 'updateShortlistItem',
    summary: 'Move one item or change its note',
    description: `404 when the site is not listed. ${ITEM_NOTE}`,
    pathParams: { ...projectId, ...siteIdParam },
    body: writeBody(shortlistItemPatchSchema),
    responses: { 200: json(shortlistSchema, 'The shortlist.', ['ETag']) },
    errors: [400, 401, 403, 404, 410, 413, 503],
  }),
  projectOp({
    method: 'delete',
    path: '/api/projects/{id}/shortlist/items/{siteId}',
    operationId: 'removeShortlistItem',
    summary: 'Remove one item from the shortlist',
    description: `The items below move up. 404 when the site is not listed. ${ITEM_NOTE}`,
    pathParams: { ...projectId, ...siteIdParam },
    responses: { 200: json(shortlistSchema, 'The shortlist.', ['ETag']) },
  }),
];

const OPERATION_SUFFIX = { csv: 'Csv', 'table.csv': 'Table', geojson: 'Geojson', pdf: 'Pdf' } as const;

const projectDownload = (
  format: keyof typeof OPERATION_SUFFIX,
  media: Record<string, 'text' | 'binary'>,
  what: string,
) =>
  projectOp({
    method: 'get',
    path: `/api/projects/{id}/shortlist.${format}`,
    operationId: `exportShortlist${OPERATION_SUFFIX[format]}`,
    summary: `Download the shortlist as ${what}`,
    description: 'Audited (it takes confidential data out). Not cached by shared caches.',
    query: shortlistExportQuery,
    responses: { 200: attachment(media, `${what} (attachment).`) },
  });

export const projectsOperations: OperationSpec[] = [
  staffOp({
    method: 'get',
    path: '/api/projects',
    operationId: 'listProjects',
    summary: 'List the projects the caller may see',
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
  }),
  staffOp({
    method: 'post',
    path: '/api/projects',
    operationId: 'createProject',
    summary: 'Create a project',
    description: 'Owned by the caller’s territories unless `territories` is given. Audited.',
    body: writeBody(projectCreateSchema),
    responses: { 201: json(projectSchema, 'The created project.', ['Location', 'ETag']) },
    errors: [400, 401, 403, 413, 503],
  }),
  projectOp({
    method: 'get',
    path: '/api/projects/{id}',
    operationId: 'getProject',
    summary: 'One project with its status history',
    description: 'A deleted project is a 410 `project_deleted` until restored.',
    responses: { 200: json(projectSchema, 'The project; ETag: `"<version>"`.', ['ETag']) },
  }),
  projectOp({
    method: 'patch',
    path: '/api/projects/{id}',
    operationId: 'updateProject',
    summary: 'Change a project or move its status',
    description:
      'Status moves follow the pipeline (one step on, one back, lost from anywhere open); a loss needs a reason.',
    headers: ifMatchHeader('project'),
    body: writeBody(projectPatchSchema),
    responses: { 200: json(projectSchema, 'The project after the change.', ['ETag']) },
    errors: [400, 401, 403, 404, 410, 412, 413, 503],
  }),
  projectOp({
    method: 'delete',
    path: '/api/projects/{id}',
    operationId: 'deleteProject',
    summary: 'Delete a project (restorable, with its shortlist)',
    headers: ifMatchHeader('project'),
    responses: { 204: noContent },
    errors: [400, 401, 403, 404, 410, 412, 503],
  }),
  projectOp({
    method: 'post',
    path: '/api/projects/{id}/restore',
    operationId: 'restoreProject',
    summary: 'Bring a deleted project back with its shortlist and history',
    description: '409 when the project is not deleted. Audited.',
    responses: { 200: json(projectSchema, 'The restored project.', ['ETag']) },
    errors: [400, 401, 403, 404, 409, 503],
  }),
  projectOp({
    method: 'get',
    path: '/api/projects/{id}/shortlist',
    operationId: 'getShortlist',
    summary: 'The project’s shortlist',
    responses: { 200: json(shortlistSchema, 'Items in rank order; ETag: the shortlist version.', ['ETag']) },
  }),
  projectOp({
    method: 'put',
    path: '/api/projects/{id}/shortlist',
    operationId: 'putShortlist',
    summary: 'Replace the shortlist',
    description: 'Order = rank. A site already listed keeps its snapshot unless refreshSnapshot is true.',
    headers: ifMatchHeader('shortlist'),
    body: writeBody(shortlistPutSchema),
    responses: { 200: json(shortlistSchema, 'The new shortlist.', ['ETag']) },
    errors: [400, 401, 403, 404, 410, 412, 413, 503],
  }),
  ...shortlistItemOperations,
  projectOp({
    method: 'get',
    path: '/api/projects/{id}/compare',
    operationId: 'compareShortlist',
    summary: 'Compare 2 to 6 sites side by side',
    query: {
      schema: compareQuerySchema,
      docs: { siteIds: 'Site ids, comma-separated, 2 to 6; default: the shortlist.' },
    },
    responses: {
      200: json(compareSchema, 'One row per criterion, fact and access kind; the best value flagged.'),
    },
  }),
  projectOp({
    method: 'get',
    path: '/api/projects/{id}/match-versions',
    operationId: 'compareMatchVersions',
    summary: 'The project’s needs under the current and the previous matching engine',
    description:
      'What changed for each site in either top: new, dropped (with the rule that dropped it), up, down.',
    query: {
      schema: matchQuerySchema,
      docs: { lang: 'Language of the reasons: `fr` (default) or `en`; else Accept-Language decides.' },
    },
    responses: { 200: json(matchVersionsSchema, 'Both engines’ counts and the changes site by site.') },
  }),
  projectDownload('csv', { 'text/csv': 'text' }, 'CSV (codes and raw numbers, for programs)'),
  projectDownload(
    'table.csv',
    { 'text/csv': 'text' },
    'CSV table for people (names, labels, percentages in `lang`; `;`-separated in French)',
  ),
  projectDownload('geojson', { 'application/geo+json': 'text' }, 'GeoJSON'),
  projectDownload('pdf', { 'application/pdf': 'binary' }, 'a PDF dossier'),
  staffOp({
    method: 'get',
    path: '/api/observatory',
    operationId: 'getObservatory',
    summary: 'Project counts by sector, status, territory and month',
    responses: { 200: json(observatorySchema, 'The summary.', ['Cache-Control']) },
    errors: [401, 403, 503],
  }),
  staffOp({
    method: 'get',
    path: '/api/observatory.csv',
    operationId: 'exportObservatoryCsv',
    summary: 'Download the observatory counts as CSV',
    responses: { 200: attachment({ 'text/csv': 'text' }, 'CSV (attachment).') },
    errors: [401, 403, 503],
  }),
];
