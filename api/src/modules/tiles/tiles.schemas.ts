/** zod schemas of the tiles HTTP surface: the filters the sites tiles take, and TileJSON. */
import { z } from 'zod';
import { component } from '../openapi/openapi.registry.ts';
import { siteFilterObject } from '../sites/sites.schemas.ts';

/**
 * The filters the sites tiles accept, with the very same field schemas as `GET /api/sites`:
 * the list's filters less paging, bbox (a tile is its own box), territories, ids and
 * `published` (tiles are public data). The text search is one of them, so a map showing what
 * a search found draws it at every zoom, in a cluster count when it shares a cell.
 */
export const tileFilterQuerySchema = siteFilterObject.pick({
  q: true,
  label: true,
  status: true,
  region: true,
  department: true,
  minAreaHa: true,
  maxAreaHa: true,
  minPowerMw: true,
  railSiding: true,
  quay: true,
  brownfield: true,
});
export type TileFilterQuery = z.output<typeof tileFilterQuerySchema>;

export const tileJsonSchema = component(
  'TileJSON',
  z.looseObject({
    tilejson: z.literal('3.0.0'),
    name: z.string(),
    description: z.string(),
    scheme: z.literal('xyz'),
    tiles: z.array(z.string()),
    minzoom: z.number().int(),
    maxzoom: z.number().int(),
    bounds: z.array(z.number()).length(4),
    center: z.array(z.number()).length(3),
    attribution: z.string(),
    vector_layers: z.array(
      z.looseObject({
        id: z.string(),
        fields: z.record(z.string(), z.string()),
        minzoom: z.number().int(),
        maxzoom: z.number().int(),
      }),
    ),
  }),
  'TileJSON 3.0.0 of one vector-tile layer.',
);
export type TileJson = z.output<typeof tileJsonSchema>;
