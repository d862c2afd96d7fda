/** Documented operations of site photos and documents, and the "to refresh" list (issue 12). */
import { z } from 'zod';
import { EXAMPLE_UUID, idParam, json, noContent } from '../../openapi/openapi.common.ts';
import type { OperationSpec } from '../../openapi/openapi.types.ts';
import { toRefreshQuerySchema, toRefreshSchema } from '../freshness/freshness.schemas.ts';
import {
  DOCUMENT_MIMES,
  documentUploadQuerySchema,
  siteDocumentListSchema,
  siteDocumentSchema,
} from './documents.schemas.ts';

const SITE_WRITERS = ['admin', 'editor'] as const;
const docParams = {
  ...idParam('Site'),
  docId: { schema: z.uuid(), description: 'Document id (UUID).', example: EXAMPLE_UUID },
};

export const siteDocumentOperations: OperationSpec[] = [
  {
    method: 'get',
    path: '/api/sites/to-refresh',
    operationId: 'listSitesToRefresh',
    tag: 'sites',
    summary: 'Sites whose decisive facts need refreshing',
    description:
      'Sites (editors: of their territories; admins: all) with a fact group (power, availability, price, zoning, ' +
      'risks) holding values dated more than `months` ago or undated, most shortlisted + matched first. ' +
      'A group is dated by its own `factsAsOf` date, else its source date (`powerStatementDate`, `sourceUpdatedAt`).',
    auth: 'required',
    roles: SITE_WRITERS,
    query: {
      schema: toRefreshQuerySchema,
      docs: {
        months: 'Threshold in months, 1–240 (default: REFRESH_MONTHS, 12).',
        limit: 'Sites listed, 1–5,000 (default 500).',
      } satisfies Record<keyof typeof toRefreshQuerySchema.shape, string>,
    },
    responses: { 200: json(toRefreshSchema, 'The sites to refresh and their stale groups.') },
    errors: [400, 401, 403, 503],
  },
  {
    method: 'get',
    path: '/api/sites/{id}/documents',
    operationId: 'listSiteDocuments',
    tag: 'sites',
    summary: "A site's photos and documents",
    description: 'Anonymous callers: published sites only (404 otherwise).',
    auth: 'optional',
    pathParams: idParam('Site'),
    responses: { 200: json(siteDocumentListSchema, 'The documents, oldest first, without their bytes.') },
    errors: [400, 401, 404, 503],
  },
  {
    method: 'post',
    path: '/api/sites/{id}/documents',
    operationId: 'uploadSiteDocument',
    tag: 'sites',
    summary: 'Add a photo or document to a site',
    description:
      `The file is the raw body, sent as ${DOCUMENT_MIMES.join(', ')}; at most DOCUMENT_LIMIT_BYTES (10 MB, 413 beyond). ` +
      'The type is checked from the first bytes: bytes that are not what the Content-Type says are a 415. ' +
      'Admins and editors of the site’s territory. Audited.',
    auth: 'required',
    roles: SITE_WRITERS,
    pathParams: idParam('Site'),
    query: {
      schema: documentUploadQuerySchema,
      docs: {
        name: 'File name (folders dropped; default `document.<ext>`).',
        title: 'Optional caption, e.g. “Extrait du PLU”.',
      } satisfies Record<keyof typeof documentUploadQuerySchema.shape, string>,
    },
    body: {
      content: Object.fromEntries(DOCUMENT_MIMES.map((m) => [m, 'binary' as const])),
      description: 'The file.',
    },
    responses: { 201: json(siteDocumentSchema, 'The stored document.', ['Location']) },
    errors: [400, 401, 403, 404, 413, 415, 503],
  },
  {
    method: 'get',
    path: '/api/sites/{id}/documents/{docId}',
    operationId: 'getSiteDocument',
    tag: 'sites',
    summary: 'The bytes of a photo or document',
    description:
      'With its type and `Content-Disposition: inline; filename=…`. Anonymous callers: published sites only.',
    auth: 'optional',
    pathParams: docParams,
    responses: {
      200: {
        description: 'The file.',
        content: Object.fromEntries(DOCUMENT_MIMES.map((m) => [m, 'binary' as const])),
        headers: ['Content-Disposition'],
      },
    },
    errors: [400, 401, 404, 503],
  },
  {
    method: 'delete',
    path: '/api/sites/{id}/documents/{docId}',
    operationId: 'deleteSiteDocument',
    tag: 'sites',
    summary: 'Remove a photo or document',
    description: 'Admins and editors of the site’s territory. Audited.',
    auth: 'required',
    roles: SITE_WRITERS,
    pathParams: docParams,
    responses: { 204: noContent },
    errors: [400, 401, 403, 404, 503],
  },
];
