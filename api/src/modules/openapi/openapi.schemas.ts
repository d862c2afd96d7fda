/**
 * zod schemas of what the API returns, and of the few inputs whose schema no module exports.
 * Request schemas come from their modules (imported, never copied); the response shapes here
 * follow the services' TypeScript types, field for field. Modules that own their contract
 * (auth, matching, roads) keep it in their `<module>.schemas.ts`. Responses are `looseObject`s: the
 * contract lets fields be added, so clients must not reject unknown ones.
 */
import { z } from 'zod';
import { DETAIL_CODES, ERROR_CODES } from '../../shared/errors.ts';
import { polygonalGeometrySchema } from '../../shared/geo.ts';
import { projectCreateSchema, projectPatchSchema, shortlistPutSchema } from '../projects/projects.schemas.ts';
import { component, described } from './openapi.registry.ts';

// ---------------------------------------------------------------------------------------------
// Request schemas of other modules, named once so every operation refers to the same component.

component(
  'PolygonalGeometry',
  polygonalGeometrySchema,
  'GeoJSON Polygon or MultiPolygon, lon/lat (EPSG:4326).',
);
component('ProjectCreate', projectCreateSchema);
component('ProjectPatch', projectPatchSchema, 'A status change may carry lossReason and statusNote.');
component(
  'ShortlistPut',
  shortlistPutSchema,
  'The whole list, in rank order (it replaces the previous one).',
);
// ---------------------------------------------------------------------------------------------
// Inputs no module exports a schema for (see the OpenAPI notes in the final report).

// ---------------------------------------------------------------------------------------------
// Errors

export const errorSchema = component(
  'Error',
  z.looseObject({
    error: z.looseObject({
      code: described(z.enum(ERROR_CODES), 'Stable machine-readable code, to translate or branch on.'),
      message: described(z.string(), 'What was wrong and what to send instead (English).'),
      details: z
        .union([
          z.array(
            z.looseObject({
              field: described(z.string(), 'The input field, dotted: minAreaHa, properties.name.'),
              code: described(z.enum(DETAIL_CODES), 'Stable code of what is wrong with the field.'),
              params: described(
                z.record(z.string(), z.unknown()).optional(),
                'What the code needs to be put in words, e.g. { minimum: 0 } for too_small.',
              ),
              message: z.string(),
            }),
          ),
          z.record(z.string(), z.unknown()),
        ])
        .optional(),
    }),
  }),
  'Every /api and /tiles error: `{ error: { code, message, details? } }`; details name the wrong fields.',
);

export const ogcExceptionSchema = component(
  'OgcException',
  z.looseObject({ code: z.string(), description: z.string() }),
  'OGC API exception: errors under /ogc are `{ code, description }`.',
);

// ---------------------------------------------------------------------------------------------
// Auth
// Health, config

// ---------------------------------------------------------------------------------------------
// Roads

// ---------------------------------------------------------------------------------------------
// Projects

const _bilingual = z.looseObject({ fr: z.string(), en: z.string() });
const _share = z.number().min(0).max(1);
