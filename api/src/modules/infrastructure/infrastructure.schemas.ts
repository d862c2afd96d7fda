import { z } from 'zod';
import { bboxSchema } from '../../shared/geo.ts';

export const INFRA_KINDS = [
  'motorway_access',
  'rail_freight',
  'rail_station',
  'port',
  'airport',
  'substation',
] as const;

export const infrastructureQuerySchema = z.strictObject({
  kind: z
    .string()
    .transform((s) => s.split(',').map((x) => x.trim()))
    .pipe(z.array(z.enum(INFRA_KINDS)).min(1))
    .optional(),
  bbox: bboxSchema.optional(),
  minVoltageKv: z.coerce.number().finite().min(0).max(1000).optional(),
  limit: z.coerce.number().int().min(1).max(10_000).default(1000),
  offset: z.coerce.number().int().min(0).default(0),
});
export type InfrastructureQuery = z.infer<typeof infrastructureQuerySchema>;
