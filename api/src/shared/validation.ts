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

/** No request shape of ours nests deeper than a MultiPolygon inside a Feature (6 levels). */
export const MAX_INPUT_DEPTH = 32;

// A lone UTF-16 half: with the `u` flag a valid pair is one code point and does not match.
const LONE_SURROGATE = /[\uD800-\uDFFF]/u;

function textProblem(s: string): string | undefined {
  // PostgreSQL refuses NUL in text (22021) and in jsonb (22P05): say so before it does.
  if (s.includes('\u0000')) return 'must not contain the NUL character (\\u0000)';
  // The pg driver would silently store U+FFFD instead.
  if (LONE_SURROGATE.test(s)) return 'is not valid Unicode (a lone UTF-16 surrogate)';
  return undefined;
}

/**
 * What no schema should have to think about: text PostgreSQL cannot store (NUL, lone
 * surrogates, in values and keys alike) and absurd nesting (a 10,000-level array would overflow
 * JSON.stringify and PostgreSQL's jsonb parser). Iterative, so the depth of the input is no risk.
 * `inputProblem({ name: 'a\u0000' })` → `{ field: 'name', message: 'must not contain the NUL character (\\u0000)' }`.
 */
export function inputProblem(
  value: unknown,
  prefix = '',
  maxDepth = MAX_INPUT_DEPTH,
): ErrorDetail | undefined {
  const stack: Array<{ v: unknown; path: string; depth: number }> = [{ v: value, path: prefix, depth: 0 }];
  const field = (path: string) => path || '(body)';
  while (stack.length > 0) {
    const { v, path, depth } = stack.pop()!;
    if (typeof v === 'string') {
      const problem = textProblem(v);
      if (problem) return { field: field(path), message: problem };
    } else if (v !== null && typeof v === 'object') {
      if (depth >= maxDepth) return { field: field(path), message: `nested deeper than ${maxDepth} levels` };
      const entries = Array.isArray(v) ? v.entries() : Object.entries(v);
      for (const [k, child] of entries) {
        const childPath = path ? `${path}.${k}` : String(k);
        const keyProblem = typeof k === 'string' ? textProblem(k) : undefined;
        if (keyProblem) return { field: field(path), message: `a field name ${keyProblem}` };
        stack.push({ v: child, path: childPath, depth: depth + 1 });
      }
    }
  }
  return undefined;
}

/** Parses or throws an InputError naming every wrong field (or the one unstorable value). */
export function parseInput<S extends z.ZodType>(
  schema: S,
  value: unknown,
  what: string,
  prefix = '',
): z.infer<S> {
  const problem = inputProblem(value, prefix);
  if (problem) throw new InputError(`Invalid ${what}: ${problem.field}: ${problem.message}`, [problem]);
  const r = schema.safeParse(value);
  if (r.success) return r.data;
  const details = zodDetails(r.error, prefix);
  const first = details[0];
  throw new InputError(`Invalid ${what}: ${first.field}: ${first.message}`, details);
}
