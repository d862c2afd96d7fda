import type { z } from 'zod';
import { type ErrorDetail, InputError } from './errors.ts';

/** Turns zod issues into `[{ field, message }]` with dotted paths (`properties.name`). */
export function zodDetails(error: z.ZodError, prefix = ''): ErrorDetail[] {
  return error.issues.map((i) => {
    const path = [prefix, ...i.path.map(String)].filter(Boolean).join('.');
    let message = i.message;
    if (i.code === 'unrecognized_keys') message = `unknown field(s): ${i.keys.join(', ')}`;
    return { field: path || '(body)', message };
  });
}

/** Parses or throws an InputError naming every wrong field. */
export function parseInput<S extends z.ZodType>(
  schema: S,
  value: unknown,
  what: string,
  prefix = '',
): z.infer<S> {
  const r = schema.safeParse(value);
  if (r.success) return r.data;
  const details = zodDetails(r.error, prefix);
  const first = details[0];
  throw new InputError(`Invalid ${what}: ${first.field}: ${first.message}`, details);
}
