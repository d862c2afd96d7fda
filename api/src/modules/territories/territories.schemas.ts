/**
 * `GET /api/territories?siren=…`: the names of intercommunal territories (EPCI, and the EPT of
 * the Métropole du Grand Paris) from their SIREN, so screens and exports say "CU Grand Paris
 * Seine et Oise", not "200059889". Contract file: plain zod (the UI imports its types).
 */
import { z } from 'zod';
import { component, described } from '../openapi/openapi.registry.ts';

export const TERRITORY_KINDS = ['CC', 'CA', 'CU', 'METRO', 'MET69', 'EPT'] as const;

export const territoriesQuerySchema = z.strictObject({
  siren: z
    .union([z.string(), z.array(z.string())])
    .transform((v) => (Array.isArray(v) ? v : v.split(',')).map((s) => s.trim()).filter(Boolean))
    .pipe(
      z
        .array(z.string().regex(/^\d{9}$/, 'expected 9-digit SIRENs, comma-separated'))
        .min(1, 'name at least one SIREN')
        .max(200, 'at most 200 SIRENs'),
    ),
});
export type TerritoriesQuery = z.output<typeof territoriesQuerySchema>;

export const territorySchema = z.looseObject({
  siren: z.string(),
  name: described(z.string().nullable(), 'Official name; null when the SIREN is no EPCI or EPT.'),
  kind: described(
    z.enum(TERRITORY_KINDS).nullable(),
    'CC, CA, CU, METRO (métropole), MET69 (Métropole de Lyon) or EPT.',
  ),
});
export type Territory = z.output<typeof territorySchema>;

export const territoriesSchema = component(
  'Territories',
  z.looseObject({ territories: z.array(territorySchema) }),
  'One entry per SIREN asked, in the order asked.',
);
export type Territories = z.output<typeof territoriesSchema>;
