/**
 * zod validation of the rows every adapter produces: one schema for infrastructure points, and
 * the site properties checked field by field with the schemas of `sites/site.fields.ts` (the
 * single definition of a site field), so imports and the HTTP API accept the same values.
 */
import { z } from 'zod';
import type { MultiPolygonGeometry } from '../../shared/geo.ts';
import { inputProblem } from '../../shared/validation.ts';
import type { InfrastructureRow } from '../infrastructure/infrastructure.import-writer.ts';
import { INFRASTRUCTURE_KINDS, SIZE_CLASSES } from '../infrastructure/infrastructure.schemas.ts';
import { SITE_FIELDS } from '../sites/site.fields.ts';
import type { SiteImportRow } from '../sites/sites.import-writer.ts';
import { coordinateProblem } from './import.geo.ts';

const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max)
    .nullable()
    .transform((v) => (v === '' ? null : v));

const infrastructureRowSchema = z
  .strictObject({
    kind: z.enum(INFRASTRUCTURE_KINDS),
    name: z.string().trim().min(1, 'the name is empty').max(300),
    source: z.string().min(1).max(100),
    sourceId: z.string().trim().min(1, 'the source id is empty').max(300),
    sourceUrl: z
      .url({ protocol: /^https?$/ })
      .max(2000)
      .nullable(),
    voltageKv: z
      .number()
      .finite()
      .positive('voltage must be positive')
      .max(1500, 'voltage above 1,500 kV')
      .nullable(),
    sizeClass: z.enum(SIZE_CLASSES).nullable(),
    operator: optionalText(200),
    attrs: z.record(z.string(), z.unknown()),
    lon: z.number(),
    lat: z.number(),
  })
  .superRefine((row, ctx) => {
    const problem = coordinateProblem(row.lon, row.lat);
    if (problem) ctx.addIssue({ code: 'custom', message: problem, path: [] });
  });

/** Formats zod issues as one line: "field: message; field: message". */
function issuesText(error: z.ZodError): string {
  return error.issues
    .map((i) => (i.path.length > 0 ? `${i.path.join('.')}: ${i.message}` : i.message))
    .join('; ');
}

/**
 * Validates an infrastructure candidate built by an adapter.
 * @example validateInfrastructure({ kind: 'port', name: 'Le Havre', … }) // { row } or { error }
 */
export function validateInfrastructure(
  candidate: InfrastructureRow,
): { row: InfrastructureRow } | { error: string } {
  // A NUL or lone surrogate in a cell is this row's problem, not a database error for the file.
  const problem = inputProblem(candidate);
  if (problem) return { error: `${problem.field}: ${problem.message}` };
  const r = infrastructureRowSchema.safeParse(candidate);
  return r.success ? { row: r.data as InfrastructureRow } : { error: issuesText(r.error) };
}

/** Keys a site file may carry that are ours but computed: accepted and ignored (round trip of an export). */
const IGNORED_SITE_KEYS = new Set([
  ...SITE_FIELDS.filter((f) => f.readOnly).map((f) => f.key),
  'id',
  'access',
]);
const WRITABLE_SITE_FIELDS = SITE_FIELDS.filter((f) => !f.readOnly);
const SITE_FIELD_SCHEMAS = new Map(WRITABLE_SITE_FIELDS.map((f) => [f.key, f.schema]));

/** The kind of value a site field holds, for formats whose cells are text (CSV). */
export type SiteFieldType = 'string' | 'number' | 'boolean' | 'enum' | 'array';
export const SITE_FIELD_TYPES: ReadonlyMap<string, SiteFieldType> = new Map(
  WRITABLE_SITE_FIELDS.map((f) => [
    f.key,
    ((f.schema as { def?: { type?: string } }).def?.type ?? 'string') as SiteFieldType,
  ]),
);
export const WRITABLE_SITE_KEYS: readonly string[] = WRITABLE_SITE_FIELDS.map((f) => f.key);

/**
 * Checks site properties (JSON keys of site.fields.ts) one field at a time: null or absent
 * means "not given", computed keys are ignored, unknown keys are errors (typos must not vanish).
 * @example validateSiteProperties({ name: 'ZA Nord', availableAreaHa: -1 }) // { error: 'availableAreaHa: must not be negative' }
 */
export function validateSiteProperties(
  props: Record<string, unknown>,
): { properties: Record<string, unknown> } | { error: string } {
  const out: Record<string, unknown> = {};
  const problems: string[] = [];
  const unknown: string[] = [];
  for (const [key, value] of Object.entries(props)) {
    if (IGNORED_SITE_KEYS.has(key)) continue;
    const schema = SITE_FIELD_SCHEMAS.get(key);
    if (!schema) {
      unknown.push(key);
      continue;
    }
    if (value === null || value === undefined || value === '') continue;
    const problem = inputProblem(value, key);
    if (problem) {
      problems.push(`${problem.field}: ${problem.message}`);
      continue;
    }
    const r = schema.safeParse(value);
    if (r.success) out[key] = r.data;
    else problems.push(`${key}: ${r.error.issues.map((i) => i.message).join(', ')}`);
  }
  if (unknown.length > 0)
    problems.unshift(`unknown propert${unknown.length > 1 ? 'ies' : 'y'} ${unknown.join(', ')}`);
  if (typeof out.name !== 'string') problems.push('name: required');
  return problems.length > 0 ? { error: problems.join('; ') } : { properties: out };
}

/**
 * Builds a site row once properties and geometry are checked; source/sourceId make the
 * upsert key, so a site without one is an error rather than a duplicate on re-import.
 * @example siteRow({ name: 'ZA', source: 'x', sourceId: '1' }, geometry)
 */
export function siteRow(
  properties: Record<string, unknown>,
  geometry: MultiPolygonGeometry,
): { row: SiteImportRow } | { error: string } {
  if (typeof properties.source !== 'string' || properties.source === '') return { error: 'source: required' };
  if (typeof properties.sourceId !== 'string' || properties.sourceId === '') {
    return { error: 'sourceId: required (it identifies the site on re-import)' };
  }
  return { row: { properties: properties as SiteImportRow['properties'], geometry } };
}
