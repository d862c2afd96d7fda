/** The documented operations of the roads module: GET /api/isochrone (isochrone.routes.ts). */
import { json } from '../openapi/openapi.common.ts';
import type { OperationSpec } from '../openapi/openapi.types.ts';
import { isochroneQuerySchema, isochroneSchema } from './roads.schemas.ts';

export const roadsOperations: OperationSpec[] = [
  {
    method: 'get',
    path: '/api/isochrone',
    operationId: 'getIsochrone',
    tag: 'infrastructure',
    summary: 'The area reachable by road within some minutes',
    description:
      'Shortest times on the imported OSM road graph (pgRouting on the server, graphology on the embedded engine); ' +
      'the polygon is the concave hull of the road vertices reached, buffered 300 m. A point more than 1,500 m from ' +
      'the graph is a 400, unless fallback=estimate (a circle, labelled method "estimate"). Anonymous callers are ' +
      'rate-limited per IP.',
    auth: 'optional',
    query: {
      schema: isochroneQuerySchema,
      docs: {
        lon: 'Longitude of the origin (EPSG:4326).',
        lat: 'Latitude of the origin (EPSG:4326).',
        minutes: 'Drive time, 5 to 90 minutes.',
        profile: '`car` (default) or `truck` (90 km/h on motorways, 80 elsewhere, no hgv=no roads).',
        fallback: '`estimate`: off the graph, return the straight-line estimate circle instead of a 400.',
      } satisfies Record<keyof typeof isochroneQuerySchema.shape, string>,
    },
    responses: {
      200: json(isochroneSchema, 'A GeoJSON Feature (Polygon or MultiPolygon).', ['Cache-Control']),
    },
    errors: [400, 401, 429, 503],
  },
];
