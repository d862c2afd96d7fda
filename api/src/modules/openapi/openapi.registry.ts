/**
 * The registry of named OpenAPI components. A zod schema added here with an `id` becomes
 * `#/components/schemas/<id>` wherever the document meets it. It is our own registry, not zod's
 * global one, so naming a schema of another module here changes nothing for other callers of
 * `z.toJSONSchema` (the UI converts `needsSchema` itself).
 */
import { z } from 'zod';

export interface OpenApiMeta {
  id?: string;
  description?: string;
  readOnly?: boolean;
  examples?: unknown[];
}

export const openapiRegistry = z.registry<OpenApiMeta>();

/**
 * Request schemas that responses echo back (stored needs, templates): shown in their input
 * shape everywhere, since a parsed value is a valid input and zod cannot describe what a
 * transform outputs.
 */
export const INPUT_SHAPED = new Set<string>();

/** Named schemas by id (to render a component on its own). */
export const COMPONENTS = new Map<string, z.ZodType>();

/** `component('Error', schema, 'why')` names a schema; returns it for chaining. */
export function component<S extends z.ZodType>(
  id: string,
  schema: S,
  description?: string,
  opts: { inputShaped?: boolean } = {},
): S {
  const existing = openapiRegistry.get(schema);
  if (existing?.id && existing.id !== id) throw new Error(`Schema already named ${existing.id}, not ${id}.`);
  const taken = COMPONENTS.get(id);
  if (taken && taken !== schema) throw new Error(`Two schemas named ${id}.`);
  openapiRegistry.add(schema, { ...existing, id, ...(description ? { description } : {}) });
  COMPONENTS.set(id, schema);
  if (opts.inputShaped) INPUT_SHAPED.add(id);
  return schema;
}

/**
 * `described(share, 'why')`: a described copy of a schema, so that a schema shared by several
 * fields (`share`, `z.string()` constants) does not carry one field's description to the others.
 */
export function described<S extends z.ZodType>(schema: S, description: string, extra: OpenApiMeta = {}): S {
  const copy = schema.clone() as S;
  openapiRegistry.add(copy, { ...extra, description });
  return copy;
}

/**
 * A GeoJSON FeatureCollection page of `feature`s with the count of all matches (sites and
 * infrastructure lists answer the same envelope).
 */
export const featureCollection = <F extends z.ZodType>(feature: F) =>
  z.looseObject({
    type: z.literal('FeatureCollection'),
    numberMatched: described(z.number().int(), 'Features matching the filters, all pages together.'),
    numberReturned: z.number().int(),
    features: z.array(feature),
  });
