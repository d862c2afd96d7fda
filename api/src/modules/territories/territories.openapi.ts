/** The documented operation of the territories module (see openapi/openapi.operations.ts). */
import { json } from '../openapi/openapi.common.ts';
import type { OperationSpec, TagSpec } from '../openapi/openapi.types.ts';
import { territoriesQuerySchema, territoriesSchema } from './territories.schemas.ts';

export const territoriesTags: TagSpec[] = [
  { name: 'territories', description: 'Names of intercommunal territories (EPCI, EPT) from their SIREN.' },
];

export const territoriesOperations: OperationSpec[] = [
  {
    method: 'get',
    path: '/api/territories',
    operationId: 'getTerritories',
    tag: 'territories',
    summary: 'Names of EPCI and EPT from their SIREN',
    auth: 'none',
    query: {
      schema: territoriesQuerySchema,
      docs: { siren: '9-digit SIRENs, comma-separated (at most 200).' },
    },
    responses: {
      200: json(territoriesSchema, 'One entry per SIREN, name null when unknown.', ['Cache-Control']),
    },
    errors: [400, 401],
  },
];
