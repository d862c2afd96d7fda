/** The documented operations of the import module (see openapi/openapi.operations.ts). */
import { z } from 'zod';
import { json } from '../openapi/openapi.common.ts';
import type { OperationSpec, TagSpec } from '../openapi/openapi.types.ts';
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
];
