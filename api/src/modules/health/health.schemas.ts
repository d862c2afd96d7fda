/**
 * Responses of the platform reads: `GET /api/health` (load balancers, monitoring) and
 * `GET /api/config` (what the map UI needs to start). The routes and the UI are typed from them.
 */
import { z } from 'zod';
import { component, described } from '../openapi/openapi.registry.ts';

const ENGINES = ['postgis', 'embedded'] as const;

export const healthSchema = component(
  'Health',
  z.looseObject({
    status: described(
      z.enum(['ok', 'degraded', 'unavailable']),
      '`degraded` (200): reads work but a write failed for lack of disk space in the last 5 minutes.',
    ),
    database: z.enum(ENGINES),
    postgis: z.string().nullable(),
    capabilities: z.looseObject({ mvt: z.boolean() }).optional(),
    reason: described(
      z.enum(['timeout', 'unreachable', 'disk_full']),
      'Why the database check failed (503), or why it is degraded (200).',
    ).optional(),
    dbMs: described(z.number().int(), 'Time the database check took, in ms.').optional(),
    diskFullAt: described(z.string(), 'When a write last failed for lack of disk space.').optional(),
  }),
);
export type Health = z.output<typeof healthSchema>;

export const clientConfigSchema = component(
  'ClientConfig',
  z.looseObject({ basemapStyleUrl: z.string().nullable(), engine: z.enum(ENGINES) }),
  'What the map UI needs to start.',
);
export type ClientConfig = z.output<typeof clientConfigSchema>;
