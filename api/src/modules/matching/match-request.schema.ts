/**
 * The `POST /api/match` body: needs, then weights (or AHP judgements), method, limit and the
 * engine version. Built by `matchRequestSchemaFor` over a needs schema and a criteria registry,
 * so the previous engine (legacy/v1) validates its requests with the same rules and messages
 * over its own needs and criteria.
 */
import { z } from 'zod';
import { CRITERION_KEYS, type CriterionKey, isCriterionKey, resolveWeights } from './criteria/index.ts';
import { AHP_MAX_CR, AHP_MAX_SIZE, ahp } from './mcda.ts';
import { finite, LIMITS, MATCH_METHODS, needsSchema } from './needs.schema.ts';
import { ALGORITHM_VERSIONS } from './version.ts';

/** What the request schema needs of an engine's criteria registry. */
export interface CriteriaRegistry<N, K extends string> {
  keys: readonly K[];
  isKey(key: string): key is K;
  resolveWeights(
    needs: N,
    weights?: Partial<Record<string, number>>,
  ): { total: number; active: readonly string[] };
}

const weightValue = finite('weight')
  .min(0, 'weights must not be negative')
  .max(LIMITS.weight, `at most ${LIMITS.weight}`);

/**
 * The request schema of an engine: `extra` fields go between `method` and `limit` (the order
 * of the parsed object's keys).
 */
export function matchRequestSchemaFor<NS extends z.ZodType, K extends string, S extends z.ZodRawShape>(
  needs: NS,
  registry: CriteriaRegistry<z.output<NS>, K>,
  extra: S,
) {
  return z
    .strictObject({
      needs,
      weights: z.record(z.string(), weightValue).optional(),
      method: z.enum(MATCH_METHODS, { error: 'expected "weighted" or "topsis"' }).default('weighted'),
      ...extra,
      limit: z
        .number()
        .int('expected a whole number')
        .min(1, 'at least 1')
        .max(LIMITS.resultLimit, `at most ${LIMITS.resultLimit}`)
        .default(20),
      ahp: z
        .strictObject({
          criteria: z
            .array(z.string())
            .min(2, 'AHP needs at least 2 criteria')
            .max(
              AHP_MAX_SIZE,
              `AHP over more than ${AHP_MAX_SIZE} criteria is not supported (Saaty's RI table)`,
            ),
          matrix: z.array(z.array(finite('AHP judgement'))),
        })
        .optional(),
    })
    .superRefine((parsed, ctx) => {
      const req = parsed as {
        needs?: z.output<NS> & { surfaceHa?: unknown };
        weights?: Record<string, number>;
        ahp?: { criteria: string[]; matrix: number[][] };
      };
      const known = `known criteria: ${registry.keys.join(', ')}`;
      if (req.weights) {
        for (const key of Object.keys(req.weights)) {
          if (!registry.isKey(key)) {
            ctx.addIssue({
              code: 'custom',
              path: ['weights', key],
              message: `unknown criterion "${key}"; ${known}`,
            });
          }
        }
        const values = Object.values(req.weights);
        if (values.length > 0 && values.every((v) => v === 0)) {
          ctx.addIssue({
            code: 'custom',
            path: ['weights'],
            message: 'weights sum to 0: give at least one criterion a positive weight',
          });
        }
      }
      if (req.ahp && req.weights) {
        ctx.addIssue({ code: 'custom', path: ['ahp'], message: 'send either weights or ahp, not both' });
      }
      const ahpWeights = req.ahp ? checkAhp(req.ahp, ctx, registry) : undefined;
      // Only meaningful once needs and weights parsed cleanly.
      if (
        req.needs?.surfaceHa &&
        !req.ahp &&
        req.weights &&
        Object.keys(req.weights).every((k) => registry.isKey(k))
      ) {
        const r = registry.resolveWeights(req.needs, req.weights);
        if (r.total === 0 && Object.values(req.weights).some((v) => v > 0)) {
          ctx.addIssue({
            code: 'custom',
            path: ['weights'],
            message: `these weights give 0 to every criterion the needs activate (${r.active.join(', ')})`,
          });
        }
      }
      if (ahpWeights && req.needs?.surfaceHa) {
        const r = registry.resolveWeights(req.needs, ahpWeights);
        if (r.total === 0) {
          ctx.addIssue({
            code: 'custom',
            path: ['ahp', 'criteria'],
            message: `none of the AHP criteria is activated by the needs (active: ${r.active.join(', ')})`,
          });
        }
      }
    });
}

const SAATY_MIN = 1 / 9;
const SAATY_MAX = 9;
const RECIPROCAL_TOLERANCE = 0.02; // accepts 0.33 for 1/3 and 0.14 for 1/7

/** Validates the AHP block and returns its weights by criterion, or undefined after adding issues. */
function checkAhp<K extends string>(
  block: { criteria: string[]; matrix: number[][] },
  ctx: z.RefinementCtx,
  registry: CriteriaRegistry<never, K>,
): Partial<Record<K, number>> | undefined {
  const { criteria, matrix } = block;
  let ok = true;
  const issue = (path: (string | number)[], message: string) => {
    ok = false;
    ctx.addIssue({ code: 'custom', path: ['ahp', ...path], message });
  };
  const seen = new Set<string>();
  criteria.forEach((c, i) => {
    if (!registry.isKey(c))
      issue(['criteria', i], `unknown criterion "${c}"; known criteria: ${registry.keys.join(', ')}`);
    if (seen.has(c)) issue(['criteria', i], `criterion "${c}" appears twice`);
    seen.add(c);
  });
  const n = criteria.length;
  if (matrix.length !== n || matrix.some((row) => !Array.isArray(row) || row.length !== n)) {
    issue(
      ['matrix'],
      `expected a ${n}×${n} matrix (one row and one column per criterion, in the order of criteria)`,
    );
    return undefined;
  }
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      const a = matrix[i][j];
      if (!(a > 0)) {
        issue(['matrix', i, j], 'judgements must be positive (Saaty scale 1/9 … 9)');
        continue;
      }
      if (i === j && Math.abs(a - 1) > 1e-9)
        issue(['matrix', i, j], 'the diagonal must be 1 (a criterion equals itself)');
      if (a < SAATY_MIN * (1 - RECIPROCAL_TOLERANCE) || a > SAATY_MAX * (1 + RECIPROCAL_TOLERANCE)) {
        issue(['matrix', i, j], `judgement ${a} is outside Saaty's scale 1/9 … 9`);
      }
      if (j > i && matrix[j][i] > 0 && Math.abs(a * matrix[j][i] - 1) > RECIPROCAL_TOLERANCE) {
        issue(['matrix', j, i], `matrix[${j}][${i}] must be the reciprocal of matrix[${i}][${j}] (1/${a})`);
      }
    }
  }
  if (!ok) return undefined;
  const result = ahp(matrix);
  if (result.cr > AHP_MAX_CR) {
    issue(
      ['matrix'],
      `inconsistent pairwise judgements: consistency ratio ${result.cr.toFixed(3)} > ${AHP_MAX_CR} ` +
        '(if A matters more than B and B more than C, A must matter more than C); revise the comparisons',
    );
    return undefined;
  }
  return Object.fromEntries(criteria.map((c, i) => [c, result.weights[i]])) as Partial<Record<K, number>>;
}

/**
 * The weights a parsed request asks for: AHP weights (criteria not in the AHP get 0), the
 * client's `weights` (over the defaults), or undefined for the defaults.
 */
export function requestWeightsFor<K extends string>(
  req: { weights?: Record<string, number>; ahp?: { criteria: string[]; matrix: number[][] } },
  registry: Pick<CriteriaRegistry<never, K>, 'keys' | 'isKey'>,
): Partial<Record<K, number>> | undefined {
  if (req.ahp) {
    const r = ahp(req.ahp.matrix);
    const out: Partial<Record<K, number>> = {};
    for (const k of registry.keys) out[k] = 0;
    req.ahp.criteria.forEach((c, i) => {
      if (registry.isKey(c)) out[c] = r.weights[i];
    });
    return out;
  }
  return req.weights as Partial<Record<K, number>> | undefined;
}

/** The AHP diagnostics of a parsed request (for the response): `{ weights, lambdaMax, ci, cr }`. */
export function requestAhp(req: { ahp?: { criteria: string[]; matrix: number[][] } }) {
  return req.ahp ? { criteria: req.ahp.criteria, ...ahp(req.ahp.matrix) } : undefined;
}

// ---------------------------------------------------------------------------------------------
// The current engine's request

const CRITERIA_REGISTRY: CriteriaRegistry<z.output<typeof needsSchema>, CriterionKey> = {
  keys: CRITERION_KEYS,
  isKey: isCriterionKey,
  resolveWeights,
};

export const matchRequestSchema = matchRequestSchemaFor(needsSchema, CRITERIA_REGISTRY, {
  algorithmVersion: z
    .enum(ALGORITHM_VERSIONS, { error: `expected one of ${ALGORITHM_VERSIONS.join(', ')}` })
    .optional(),
});

export type MatchRequest = z.output<typeof matchRequestSchema>;
export type MatchRequestInput = z.input<typeof matchRequestSchema>;

/** `requestWeights(matchRequestSchema.parse(body))` → `{ surface: 0.28, power: 0.65, … }`. */
export const requestWeights = (req: MatchRequest) => requestWeightsFor(req, CRITERIA_REGISTRY);
