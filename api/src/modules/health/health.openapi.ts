/** Documented operations of the platform reads: health and the map UI's start-up settings. */
import { json } from '../openapi/openapi.common.ts';
import type { OperationSpec } from '../openapi/openapi.types.ts';
import { clientConfigSchema, healthSchema } from './health.schemas.ts';

export const healthOperations: OperationSpec[] = [
  {
    method: 'get',
    path: '/api/health',
    operationId: 'getHealth',
    tag: 'health',
    summary: 'Service and database health',
    auth: 'none',
    responses: {
      200: json(healthSchema, 'The database answers.', ['Cache-Control']),
      503: json(healthSchema, 'The database is unreachable or too slow (`status: "unavailable"`).', [
        'Cache-Control',
        'Retry-After',
      ]),
    },
    errors: [401],
  },
  {
    method: 'get',
    path: '/api/config',
    operationId: 'getClientConfig',
    tag: 'app',
    summary: 'Settings the map UI reads at start-up',
    auth: 'none',
    responses: { 200: json(clientConfigSchema, 'Basemaps to offer, cadastral overlay and database engine.') },
    errors: [401],
  },
];
