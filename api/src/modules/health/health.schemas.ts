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

export const clientBasemapSchema = component(
  'ClientBasemap',
  z.object({
    id: z.enum(['offline', 'plan-ign', 'ortho-ign', 'osm', 'custom']),
    type: described(
      z.enum(['offline', 'style', 'raster']),
      '`style`: `url` is a MapLibre style JSON; `raster`: `url` is an XYZ/WMTS tile template; `offline`: built into the UI.',
    ),
    url: z.string().nullable(),
    attribution: z.string().nullable(),
  }),
  "One basemap of the map's switcher.",
);
export type ClientBasemap = z.output<typeof clientBasemapSchema>;

export const clientConfigSchema = component(
  'ClientConfig',
  z.looseObject({
    basemapStyleUrl: described(z.string().nullable(), "Deprecated: the `custom` basemap's style URL."),
    engine: z.enum(ENGINES),
    basemaps: described(
      z.array(clientBasemapSchema),
      'Basemaps to offer, the default first; `offline` is always there.',
    ),
    cadastre: described(
      z.object({ url: z.string(), attribution: z.string() }).nullable(),
      'Cadastral parcels tile template drawn over online basemaps from zoom 15, or null.',
    ),
  }),
  'What the map UI needs to start.',
);
export type ClientConfig = z.output<typeof clientConfigSchema>;
