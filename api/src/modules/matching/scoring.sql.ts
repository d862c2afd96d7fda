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

/** The statistics as `topsisStatsSql` returns them, read back: Σx², max and min per criterion. */
export interface TopsisColumnStats {
  sumSq: readonly number[];
  max: readonly number[];
  min: readonly number[];
}

/**
 * TOPSIS with the poles already known (computed from the statistics as mcda.ts
 * `topsisWithStats` does, and bound as values), so a row needs only its own raw values:
 * - `values`: the scaled value `v0`… of each criterion, `(x / n) × w` (0 when the column's
 *   norm n is 0), over raw values `rawOf(j)` (an expression: a column, or a criterion's SQL);
 * - `distances`: `dp` = √Σ(v − ideal)² and `dm` = √Σ(v − anti-ideal)² over columns `v0`… of
 *   a relation `v`;
 * - `closeness`: D⁻ / (D⁺ + D⁻) (0.5 when both are 0) over columns `dp`, `dm`.
 * Same arithmetic and order of operations as `topsisWithStats`.
 */
export function topsisBoundSql(
  stats: TopsisColumnStats,
  weights: readonly number[],
  directions: readonly Direction[],
  rawOf: (j: number) => SqlExpr,
): { values: SqlExpr; distances: SqlExpr; closeness: SqlExpr } {
  const norms = stats.sumSq.map((x) => Math.sqrt(x));
  const scaled = (x: number, j: number) => (norms[j] === 0 ? 0 : (x / norms[j]) * weights[j]);
  const ideal = directions.map((d, j) => scaled(d === 'benefit' ? stats.max[j] : stats.min[j], j));
  const anti = directions.map((d, j) => scaled(d === 'benefit' ? stats.min[j] : stats.max[j], j));
  const values = join(
    weights.map((w, j) =>
      norms[j] === 0 ? raw(`0::float8 AS v${j}`) : sql`(${rawOf(j)} / ${norms[j]}) * ${w} AS ${raw(`v${j}`)}`,
    ),
    ', ',
  );
  const distance = (pole: readonly number[], name: string) =>
    sql`sqrt(${0} + ${join(
      pole.map((x, j) => sql`(${raw(`v.v${j}`)} - ${x}) * (${raw(`v.v${j}`)} - ${x})`),
      ' + ',
    )}) AS ${raw(name)}`;
  return {
    values,
    distances: join([distance(ideal, 'dp'), distance(anti, 'dm')], ', '),
    closeness: sql`(CASE WHEN d.dp + d.dm = 0 THEN ${0.5} ELSE d.dm / (d.dp + d.dm) END)`,
  };
}
