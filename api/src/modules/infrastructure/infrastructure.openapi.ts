/** The documented operations of the infrastructure module (see openapi/openapi.operations.ts). */
import { infrastructureQuery, json } from '../openapi/openapi.common.ts';
import type { OperationSpec, TagSpec } from '../openapi/openapi.types.ts';
import { infrastructureCollectionSchema } from './infrastructure.schemas.ts';

export const infrastructureTags: TagSpec[] = [
  { name: 'infrastructure', description: 'Motorway access, rail, ports, airports, substations.' },
];

export const infrastructureOperations: OperationSpec[] = [
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
