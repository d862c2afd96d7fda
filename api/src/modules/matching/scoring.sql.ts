/**
 * The ranking scores in SQL over a `site_match` row (alias `m`): the weighted sum of the
 * weighted criteria's SQL scores (criteria/*.ts `sql`), or the TOPSIS closeness of their SQL
 * raw values against column statistics. Same arithmetic, same order of operations and the same
 * normalised weights as rank.ts, so the database orders every passing site exactly as the
 * TypeScript re-score of the top does.
 */
import type { CRITERIA, CriterionOptions } from './criteria/index.ts';
import { type SqlExpr, sql } from './criteria/sql.ts';
import type { Direction } from './mcda.ts';
import type { Needs } from './needs.schema.ts';

type CriterionDef = (typeof CRITERIA)[number];

const join = (parts: SqlExpr[], separator: string): SqlExpr => ({
  sql: parts.map((p) => p.sql).join(separator),
  bindings: parts.flatMap((p) => p.bindings),
});

/** `Σ score_j × w_j`, summed from 0 in registry order like rank.ts. */
export function weightedScoreSql(
  defs: readonly CriterionDef[],
  weights: readonly number[],
  needs: Needs,
  options?: CriterionOptions,
): SqlExpr {
  const terms = defs.map((c, j) => sql`${c.sql(needs, options).score} * ${weights[j]}`);
  return sql`(${0} + ${join(terms, ' + ')})`;
}

/** The raw TOPSIS value of each weighted criterion, as columns `r0`, `r1`… */
export function topsisRawColumns(
  defs: readonly CriterionDef[],
  needs: Needs,
  options?: CriterionOptions,
): SqlExpr {
  return join(
    defs.map((c, j) => {
      const raw = c.sql(needs, options).raw;
      return { sql: `${raw.sql} AS r${j}`, bindings: raw.bindings };
    }),
    ', ',
  );
}

/**
 * Column statistics over a relation `p` with columns r0…: `s0` = Σr², `hi0`, `lo0`; `extra`
 * adds rows computed elsewhere (plot assemblies) as bound values.
 */
export function topsisStatsSql(
  m: number,
  extra: { sumSq: number[]; max: (number | null)[]; min: (number | null)[] } | null,
): SqlExpr {
  const cols: SqlExpr[] = [];
  for (let j = 0; j < m; j++) {
    const r = { sql: `p.r${j}`, bindings: [] };
    const add = extra ? extra.sumSq[j] : 0;
    const hi = extra?.max[j] ?? null;
    const lo = extra?.min[j] ?? null;
    cols.push(
      { sql: `(coalesce(sum(${r.sql} * ${r.sql}), 0) + ?::float8) AS s${j}`, bindings: [add] },
      { sql: `GREATEST(max(${r.sql}), ?::float8) AS hi${j}`, bindings: [hi as number] },
      { sql: `LEAST(min(${r.sql}), ?::float8) AS lo${j}`, bindings: [lo as number] },
    );
  }
  return join(cols, ', ');
}

const raw = (text: string): SqlExpr => ({ sql: text, bindings: [] });

/**
 * Derived statistics over `st` (columns s0, hi0, lo0…): the norm `n0` = √Σx², and the scaled
 * ideal `i0` and anti-ideal `a0` by direction, as mcda.ts `topsisWithStats`.
 */
export function topsisPolesSql(weights: readonly number[], directions: readonly Direction[]): SqlExpr {
  return join(
    directions.flatMap((d, j) => {
      const n = raw(`sqrt(st.s${j})`);
      const scaled = (x: string) =>
        sql`(CASE WHEN ${n} = 0 THEN ${0} ELSE (${raw(x)} / ${n}) * ${weights[j]} END)`;
      const [best, worst] = d === 'benefit' ? [`st.hi${j}`, `st.lo${j}`] : [`st.lo${j}`, `st.hi${j}`];
      return [
        { sql: `${n.sql} AS n${j}`, bindings: [] },
        sql`${scaled(best)} AS ${raw(`i${j}`)}`,
        sql`${scaled(worst)} AS ${raw(`a${j}`)}`,
      ];
    }),
    ', ',
  );
}

/**
 * TOPSIS closeness of a row `p` (r0…) against the poles `pl` (n0, i0, a0…):
 * v = (x / n) × w, D⁺ = √Σ(v − i)², D⁻ = √Σ(v − a)², C = D⁻ / (D⁺ + D⁻) (0.5 when both are 0).
 * `v` is computed once per row in a LATERAL subquery named `v` (columns v0…).
 */
export function topsisClosenessSql(weights: readonly number[]): { values: SqlExpr; closeness: SqlExpr } {
  const values = join(
    weights.map(
      (w, j) =>
        sql`(CASE WHEN pl.n${raw(String(j))} = 0 THEN ${0} ELSE (p.r${raw(String(j))} / pl.n${raw(String(j))}) * ${w} END) AS v${raw(String(j))}`,
    ),
    ', ',
  );
  const sq = (pole: 'i' | 'a') =>
    raw(
      `sqrt(0 + ${weights.map((_, j) => `(v.v${j} - pl.${pole}${j}) * (v.v${j} - pl.${pole}${j})`).join(' + ')})`,
    );
  const dPlus = sq('i');
  const dMinus = sq('a');
  return {
    values,
    closeness: sql`(CASE WHEN ${dPlus} + ${dMinus} = 0 THEN ${0.5} ELSE ${dMinus} / (${dPlus} + ${dMinus}) END)`,
  };
}
