import type { z } from 'zod';
import { FORMULA_MESSAGE } from './csv.ts';
import { DETAIL_CODES, type DetailCode, type DetailParams, type ErrorDetail, InputError } from './errors.ts';

type Issue = z.core.$ZodIssue;

const isDetailCode = (c: unknown): c is DetailCode => (DETAIL_CODES as readonly unknown[]).includes(c);

/** Bounds as plain numbers (zod keeps bigints and dates there too). */
const bound = (v: unknown): number | string => (typeof v === 'number' ? v : String(v));

/**
 * One zod issue as a stable detail code with its parameters, e.g. a `too_small` on a number ≥ 0
 * → `{ code: 'too_small', params: { minimum: 0, origin: 'number', inclusive: true } }`. Our own
 * refinements name their code in `params.code` (`refine(f, { params: { code: 'min_exceeds_max' } })`).
 */
export function issueCode(issue: Issue, input?: unknown): { code: DetailCode; params?: DetailParams } {
  switch (issue.code) {
    case 'invalid_type':
      // A field not sent (or sent as null where a value is needed) is "required", not "wrong type".
      if (valueAt(input, issue.path) == null) return { code: 'required' };
      return { code: 'invalid_type', params: { expected: String(issue.expected) } };
    case 'too_small':
      return {
        code: 'too_small',
        params: { minimum: bound(issue.minimum), origin: issue.origin, inclusive: issue.inclusive !== false },
      };
    case 'too_big':
      return {
        code: 'too_big',
        params: { maximum: bound(issue.maximum), origin: issue.origin, inclusive: issue.inclusive !== false },
      };
    case 'invalid_format':
      return { code: 'invalid_format', params: { format: issue.format } };
    case 'not_multiple_of':
      return { code: 'not_multiple_of', params: { divisor: bound(issue.divisor) } };
    case 'unrecognized_keys':
      return { code: 'unknown_field', params: { keys: issue.keys } };
    case 'invalid_value':
      return { code: 'invalid_choice', params: { values: issue.values.map(String) } };
    case 'custom': {
      const { code, ...params } = (issue.params ?? {}) as { code?: unknown } & DetailParams;
      if (isDetailCode(code)) return Object.keys(params).length ? { code, params } : { code };
      if (issue.message === FORMULA_MESSAGE) return { code: 'formula_text' };
      return { code: 'invalid_value' };
    }
    default:
      return { code: 'invalid_value' };
  }
}

/** The value at a zod path in the parsed input (undefined when any step is missing). */
function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let v = input;
  for (const k of path) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<PropertyKey, unknown>)[k];
  }
  return v;
}

/**
 * Turns zod issues into `[{ field, code, params, message }]` with dotted paths (`properties.name`);
 * `input` (what was parsed) tells a missing field from one of the wrong type.
 */
export function zodDetails(error: z.ZodError, prefix = '', input?: unknown): ErrorDetail[] {
  return error.issues.map((i) => {
    let path = [prefix, ...i.path.map(String)].filter(Boolean).join('.');
    let message = i.message;
    if (i.code === 'unrecognized_keys') {
      message = `unknown field(s): ${i.keys.join(', ')}`;
      // The unknown key is the field to name, not the object that holds it.
      if (i.keys.length === 1) path = [path, i.keys[0]].filter(Boolean).join('.');
    }
    return { field: path || '(body)', ...issueCode(i, input), message };
  });
}

/** No request shape of ours nests deeper than a MultiPolygon inside a Feature (6 levels). */
export const MAX_INPUT_DEPTH = 32;

// A lone UTF-16 half: with the `u` flag a valid pair is one code point and does not match.
const LONE_SURROGATE = /[\uD800-\uDFFF]/u;

function textProblem(s: string): { code: DetailCode; message: string } | undefined {
  // PostgreSQL refuses NUL in text (22021) and in jsonb (22P05): say so before it does.
  if (s.includes('\u0000'))
    return { code: 'nul_character', message: 'must not contain the NUL character (\\u0000)' };
  // The pg driver would silently store U+FFFD instead.
  if (LONE_SURROGATE.test(s))
    return { code: 'invalid_unicode', message: 'is not valid Unicode (a lone UTF-16 surrogate)' };
  return undefined;
}

/**
 * What no schema should have to think about: text PostgreSQL cannot store (NUL, lone
 * surrogates, in values and keys alike) and absurd nesting (a 10,000-level array would overflow
 * JSON.stringify and PostgreSQL's jsonb parser). Iterative, so the depth of the input is no risk.
 * `inputProblem({ name: 'a\u0000' })` → `{ field: 'name', code: 'nul_character', message: … }`.
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
      if (problem) return { field: field(path), ...problem };
    } else if (v !== null && typeof v === 'object') {
      if (depth >= maxDepth)
        return {
          field: field(path),
          code: 'too_deep',
          params: { maxDepth },
          message: `nested deeper than ${maxDepth} levels`,
        };
      const entries = Array.isArray(v) ? v.entries() : Object.entries(v);
      for (const [k, child] of entries) {
        const childPath = path ? `${path}.${k}` : String(k);
        const keyProblem = typeof k === 'string' ? textProblem(k) : undefined;
        if (keyProblem)
          return { field: field(path), code: keyProblem.code, message: `a field name ${keyProblem.message}` };
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
  const details = zodDetails(r.error, prefix, value);
  const first = details[0];
  throw new InputError(`Invalid ${what}: ${first.field}: ${first.message}`, details);
}
