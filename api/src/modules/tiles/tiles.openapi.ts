/** Documented operations of the tiles module (tiles.routes.ts). */
import { z } from 'zod';
import { json, tileQuery } from '../openapi/openapi.common.ts';
import type { OperationSpec, ParamSpec } from '../openapi/openapi.types.ts';
import { tileJsonSchema } from './tiles.schemas.ts';
import { TILE_LAYERS } from './tiles.service.ts';

const layerParam: ParamSpec = {
  schema: z.enum(Object.keys(TILE_LAYERS) as [string, ...string[]]),
  description: 'Tile layer.',
  example: 'sites',
};
const tileIndex = (description: string, max?: number): ParamSpec => ({
  schema: max === undefined ? z.number().int().min(0) : z.number().int().min(0).max(max),
  description,
  example: 0,
});

export const tilesOperations: OperationSpec[] = [
  {
    method: 'get',
    path: '/tiles/{layer}.json',
    operationId: 'getTileJson',
    tag: 'tiles',
    summary: 'TileJSON of a layer',
    auth: 'none',
    pathParams: { layer: layerParam },
    responses: {
      200: json(tileJsonSchema, 'Tile URLs are absolute, built from the request’s host.', ['Cache-Control']),
    },
    errors: [404],
  },
  {
    method: 'get',
    path: '/tiles/{layer}/{z}/{x}/{y}.mvt',
    operationId: 'getTile',
    tag: 'tiles',
    summary: 'A Mapbox Vector Tile',
    description:
      'Published sites (clustered points below z12, polygons from z12) or infrastructure. Only the sites layer ' +
      'takes filters, with the meaning of GET /api/sites.',
    auth: 'none',
    pathParams: {
      layer: layerParam,
      z: tileIndex('Zoom, 0–22.', 22),
      x: tileIndex('Column, 0 … 2^z − 1.'),
      y: tileIndex('Row, 0 … 2^z − 1 (XYZ scheme).'),
    },
    headers: {
      'If-None-Match': { schema: z.string(), description: 'ETag of a cached copy.', example: '"abc"' },
    },
    query: tileQuery,
    responses: {
      200: {
        description: 'The tile.',
        content: { 'application/vnd.mapbox-vector-tile': 'binary' },
        headers: ['ETag', 'Cache-Control'],
      },
      204: { description: 'Empty tile.', headers: ['Cache-Control'] },
      304: { description: 'Not modified (If-None-Match matched).', headers: ['ETag'] },
    },
    errors: [400, 404, 503],
  },
];
