/**
 * Compiles the declarative hard constraints (hard-constraints.ts) to SQL boolean expressions
 * with `?` placeholders (knex style), so the store runs exactly the rules that
 * `evaluateHardConstraints` explains. Pure string building: identifiers come only from
 * FIELD_BY_KEY and the access-kind list (never from input), every value is a binding.
 *
 * Usage in the store (sketch):
 *   const c = compileHardConstraints(hardConstraintSpecs(needs));
 *   FROM sites s ${c.accessJoins.map((j) => j.sql).join(' ')}     -- bindings: j.bindings
 *   WHERE ${c.scopeSql} AND ${c.passSql}                          -- candidates
 *   WHERE ${c.scopeSql} AND ${c.failureCountSql} BETWEEN 1 AND 2  -- near-misses
 * (concatenate the bindings in the same order as the fragments).
 */
import type { AccessKind } from '../../candidate.ts';
import {
  accessColumn,
  compilePredicate,
  joinSql,
  quoteIdent,
  type SqlFragment,
} from '../../knockouts/condition.sql.ts';
import type { Condition, HardConstraintSpec } from './hard-constraints.ts';

export type { SqlFragment };

export interface CompiledConstraint extends SqlFragment {
  key: string;
  scope: boolean;
}

export interface CompiledHardConstraints {
  /** LEFT JOINs of `site_access`, one per access kind the constraints read (none with `accessColumns`). */
  accessJoins: (SqlFragment & { kind: AccessKind; alias: string })[];
  constraints: CompiledConstraint[];
  /** AND of the scope filters (`TRUE` when none). */
  scopeSql: SqlFragment;
  /** AND of `(c) IS TRUE` over the hard constraints: the candidates. */
  passSql: SqlFragment;
  /** Sum of `((c) IS NOT TRUE)::int`: failed-or-unknown hard constraints, for near-misses. */
  failureCountSql: SqlFragment;
  /**
   * The same filters as `scopeSql` / `passSql` for a WHERE clause only, without `IS TRUE`:
   * WHERE drops NULL like FALSE, so the rows kept are identical, and the planner can then use
   * the indexes and column statistics of each condition (it cannot see through `IS TRUE`).
   */
  scopeWhere: SqlFragment;
  passWhere: SqlFragment;
}

export interface CompileOptions {
  /** Alias of the `sites` table in the query (default `s`). */
  siteAlias?: string;
  /**
   * Read each access distance from a `<kind>_m` column of the aliased row (the `site_match`
   * read model, migration 0005) instead of a LEFT JOIN of `site_access` per kind.
   */
  accessColumns?: boolean;
}

const accessAlias = (kind: AccessKind) => `acc_${kind}`;

export { accessColumn };

/**
 * A condition in SQL: access distances from a LEFT JOIN of `site_access` (or, with `columns`,
 * from the row's `<kind>_m` column); every other condition reads a column of the site row the
 * way version 2's compiler does.
 */
function compileCondition(c: Condition, site: string, kinds: Set<AccessKind>, columns: boolean): SqlFragment {
  switch (c.kind) {
    case 'anyOf':
    case 'allOf':
      return bracket(
        joinSql(
          c.conditions.map((sub) => compileCondition(sub, site, kinds, columns)),
          c.kind === 'anyOf' ? ' OR ' : ' AND ',
        ),
      );
    case 'accessMax':
      if (columns) break;
      kinds.add(c.accessKind);
      return { sql: `(${quoteIdent(accessAlias(c.accessKind))}.distance_m <= ?)`, bindings: [c.valueM] };
  }
  return compilePredicate(c, site);
}

const bracket = (f: SqlFragment): SqlFragment => ({ sql: `(${f.sql})`, bindings: f.bindings });

/**
 * Compiles specs to SQL. Example: the spec `maxDistanceKm.railFreight` (anyOf railSiding = true,
 * accessMax rail_freight 10000 m) → `(("s"."reseau_fret_ferroviaire" = ?::boolean) OR
 * ("acc_rail_freight".distance_m <= ?))` with bindings [true, 10000], plus a LEFT JOIN of
 * site_access for kind rail_freight.
 */
export function compileHardConstraints(
  specs: readonly HardConstraintSpec[],
  options: CompileOptions = {},
): CompiledHardConstraints {
  const alias = options.siteAlias ?? 's';
  const site = quoteIdent(alias);
  const kinds = new Set<AccessKind>();
  const constraints = specs.map(
    (s): CompiledConstraint => ({
      key: s.key,
      scope: s.scope,
      ...compileCondition(s.condition, alias, kinds, options.accessColumns ?? false),
    }),
  );
  const accessJoins = [...kinds].sort().map((kind) => ({
    kind,
    alias: accessAlias(kind),
    sql: `LEFT JOIN site_access ${quoteIdent(accessAlias(kind))} ON ${quoteIdent(accessAlias(kind))}.site_id = ${site}.id AND ${quoteIdent(accessAlias(kind))}.kind = ?`,
    bindings: [kind],
  }));
  const join = (
    parts: CompiledConstraint[],
    wrap: (sql: string) => string,
    sep: string,
    empty: string,
  ): SqlFragment =>
    parts.length === 0
      ? { sql: empty, bindings: [] }
      : { sql: `(${parts.map((p) => wrap(p.sql)).join(sep)})`, bindings: parts.flatMap((p) => p.bindings) };
  const scoped = constraints.filter((c) => c.scope);
  const hard = constraints.filter((c) => !c.scope);
  return {
    accessJoins,
    constraints,
    scopeSql: join(scoped, (s) => `${s} IS TRUE`, ' AND ', 'TRUE'),
    passSql: join(hard, (s) => `${s} IS TRUE`, ' AND ', 'TRUE'),
    failureCountSql: join(hard, (s) => `(${s} IS NOT TRUE)::int`, ' + ', '0'),
    scopeWhere: join(scoped, (s) => s, ' AND ', 'TRUE'),
    passWhere: join(hard, (s) => s, ' AND ', 'TRUE'),
  };
}
