/** The documented operations of the import module (see openapi/openapi.operations.ts). */
import { z } from 'zod';
import { idParam, json, noContent, writeBody } from '../openapi/openapi.common.ts';
import type { OperationSpec, TagSpec } from '../openapi/openapi.types.ts';
import {
  commitBodySchema,
  importPreviewSchema,
  previewQuerySchema,
  REVIEW_FORMATS,
} from './import.review.schemas.ts';
import { importQuerySchema, importReportSchema } from './import.schemas.ts';
import { IMPORT_FORMATS } from './import.service.ts';

export const importTags: TagSpec[] = [{ name: 'import', description: 'Open-data imports (admins).' }];

export const importOperations: OperationSpec[] = [
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
        schema: z.enum(IMPORT_FORMATS),
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
    method: 'post',
    path: '/api/imports/{format}/preview',
    operationId: 'previewImport',
    tag: 'import',
    summary: 'Dry-run a site file for review',
    description:
      'The raw file is the body. Nothing is written to the sites: the answer lists every row (new, changed, ' +
      'unchanged, invalid with its line and reasons), the field changes, the conflicts with fields edited by ' +
      'hand since the last import, and the outlines that would change. The preview is kept 24 hours for ' +
      'its commit or cancellation by the same user. Editors: rows outside their territories are invalid.',
    auth: 'required',
    roles: ['admin', 'editor'],
    pathParams: {
      format: { schema: z.enum(REVIEW_FORMATS), description: 'A site format.', example: 'sites-geojson' },
    },
    query: {
      schema: previewQuerySchema,
      docs: { name: 'A name for the upload (the file name).' } satisfies Record<
        keyof typeof previewQuerySchema.shape,
        string
      >,
    },
    body: { content: { 'application/octet-stream': 'binary', 'text/csv': 'text' }, description: 'The file.' },
    responses: { 201: json(importPreviewSchema, 'The preview.') },
    errors: [400, 401, 403, 413, 415, 503],
  },
  {
    method: 'post',
    path: '/api/imports/previews/{id}/commit',
    operationId: 'commitImport',
    tag: 'import',
    summary: 'Commit a reviewed import',
    description:
      'Applies the preview in one transaction: new sites, changes, and for each conflict the resolution ' +
      "given ('keep' the hand-edited value, 'incoming' the file's). Every conflict needs a resolution (400 " +
      'naming the site and field otherwise). One audit row per site created or changed.',
    auth: 'required',
    roles: ['admin', 'editor'],
    pathParams: idParam('Preview'),
    body: writeBody(commitBodySchema),
    responses: { 200: json(importReportSchema, 'Committed.') },
    errors: [400, 401, 403, 404, 409, 503],
  },
  {
    method: 'delete',
    path: '/api/imports/previews/{id}',
    operationId: 'cancelImport',
    tag: 'import',
    summary: 'Cancel a reviewed import',
    description: 'Drops the preview; nothing else changes.',
    auth: 'required',
    roles: ['admin', 'editor'],
    pathParams: idParam('Preview'),
    responses: { 204: noContent },
    errors: [401, 403, 404, 409, 503],
  },
];
