/**
 * The roads contract: the `GET /api/isochrone` query and the Feature it returns
 * (`looseObject`s: fields may be added).
 */
import { z } from 'zod';
import { component, described } from '../openapi/openapi.registry.ts';

export const isochroneQuerySchema = z.strictObject({
  lon: z.coerce.number().finite().min(-180).max(180),
  lat: z.coerce.number().finite().min(-90).max(90),
  minutes: z.coerce.number().int().min(5).max(90),
  profile: z.enum(['car', 'truck']).default('car'),
  fallback: z.enum(['estimate']).optional(),
});

const ring = z.array(z.array(z.number()));

export const isochroneSchema = component(
  'Isochrone',
  z.looseObject({
    type: z.literal('Feature'),
    geometry: z.discriminatedUnion('type', [
      z.looseObject({ type: z.literal('Polygon'), coordinates: z.array(ring) }),
      z.looseObject({ type: z.literal('MultiPolygon'), coordinates: z.array(z.array(ring)) }),
    ]),
    properties: z.looseObject({
      minutes: z.number().int(),
      profile: z.enum(['car', 'truck']),
      method: z.enum(['road', 'estimate']),
      shape: described(z.string(), 'How the polygon was drawn, in words.'),
      vertices: described(z.number().int(), 'Road vertices reached (0 for an estimate).'),
      router: z.enum(['pgrouting', 'graphology']).nullable(),
      origin: z.tuple([z.number(), z.number()]),
    }),
  }),
  'The area reachable from a point within a drive time.',
);

export type IsochroneQuery = z.output<typeof isochroneQuerySchema>;
export type Isochrone = z.output<typeof isochroneSchema>;
