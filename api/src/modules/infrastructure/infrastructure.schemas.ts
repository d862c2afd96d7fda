/**
 * The contract of `GET /api/infrastructure`: the query it accepts and the GeoJSON it returns,
 * and the vocabularies of an infrastructure point (kinds, size classes), which the importers
 * and the OGC collection reuse. Responses are `looseObject`s: fields may be added.
 */
import { z } from 'zod';
import { bboxSchema } from '../../shared/geo.ts';
import { component, featureCollection } from '../openapi/openapi.registry.ts';

export const INFRASTRUCTURE_KINDS = [
  'motorway_access',
  'rail_freight',
  'rail_station',
  'port',
  'airport',
  'substation',
] as const;
export type InfrastructureKind = (typeof INFRASTRUCTURE_KINDS)[number];

export const SIZE_CLASSES = ['large', 'medium', 'small'] as const;
export type SizeClass = (typeof SIZE_CLASSES)[number];

export const infrastructureQuerySchema = z.strictObject({
  kind: z
    .string()
    .transform((s) => s.split(',').map((x) => x.trim()))
    .pipe(z.array(z.enum(INFRASTRUCTURE_KINDS)).min(1))
    .optional(),
  bbox: bboxSchema.optional(),
  minVoltageKv: z.coerce.number().finite().min(0).max(1000).optional(),
  limit: z.coerce.number().int().min(1).max(10_000).default(1000),
  offset: z.coerce.number().int().min(0).default(0),
});
export type InfrastructureQuery = z.output<typeof infrastructureQuerySchema>;

const pointSchema = component(
  'Point',
  z.looseObject({ type: z.literal('Point'), coordinates: z.array(z.number()).min(2).max(3) }),
);

export const infrastructureFeatureSchema = component(
  'InfrastructureFeature',
  z.looseObject({
    type: z.literal('Feature'),
    id: z.string(),
    geometry: pointSchema,
    properties: z.looseObject({
      kind: z.enum(INFRASTRUCTURE_KINDS),
      name: z.string().nullable(),
      voltageKv: z.number().nullable(),
      sizeClass: z.enum(SIZE_CLASSES).nullable(),
      operator: z.string().nullable(),
      source: z.string(),
      sourceId: z.string(),
      sourceUrl: z.string().nullable(),
      attrs: z.record(z.string(), z.unknown()).nullable(),
    }),
  }),
);
export type InfrastructureFeature = z.output<typeof infrastructureFeatureSchema>;

export const infrastructureCollectionSchema = component(
  'InfrastructureFeatureCollection',
  featureCollection(infrastructureFeatureSchema),
);
export type InfrastructureCollection = z.output<typeof infrastructureCollectionSchema>;
