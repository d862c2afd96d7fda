/** The public single-site sheet as a documented operation. */
import { attachment, idParam } from '../../openapi/openapi.common.ts';
import type { OperationSpec } from '../../openapi/openapi.types.ts';
import { sheetQuerySchema } from './site-sheet.service.ts';

export const siteSheetOperations: OperationSpec[] = [
  {
    method: 'get',
    path: '/api/sites/{id}/sheet.pdf',
    operationId: 'getSiteSheetPdf',
    tag: 'sites',
    summary: 'One-page PDF sheet of a published site',
    description:
      'Map with the nearest infrastructure, key facts, access distances and drive times, labour pool, readiness, contact, ' +
      'source and freshness, illustrative marks. Public: shows what the public map shows, whoever asks; 404 for an ' +
      'unpublished or unknown site.',
    auth: 'optional',
    pathParams: idParam('Site'),
    query: { schema: sheetQuerySchema, docs: { lang: 'Language of the sheet: `fr` (default) or `en`.' } },
    responses: { 200: attachment({ 'application/pdf': 'binary' }, 'The PDF (attachment).') },
    errors: [400, 401, 404, 503],
  },
];
