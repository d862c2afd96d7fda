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
import type { AccessKind } from './candidate.ts';
import type { Condition, HardConstraintSpec } from './hard-constraints.ts';

export interface SqlFragment {
  sql: string;
  bindings: (string | number | boolean)[];
}

export interface CompiledConstraint extends SqlFragment {
  key: string;
  scope: boolean;
}

export interface CompiledHardConstraints {
  /** LEFT JOINs of `site_access`, one per access kind the constraints read. */
  accessJoins: (SqlFragment & { kind: AccessKind; alias: string })[];
  constraints: CompiledConstraint[];
  /** AND of the scope filters (`TRUE` when none). */
  scopeSql: SqlFragment;
  /** AND of `(c) IS TRUE` over the hard constraints: the candidates. */
  passSql: SqlFragment;
  /** Sum of `((c) IS NOT TRUE)::int`: failed-or-unknown hard constraints, for near-misses. */
  failureCountSql: SqlFragment;
}

export interface CompileOptions {
  /** Alias of the `sites` table in the query (default `s`). */
  siteAlias?: string;
}

const IDENT = /^[a-z_][a-z0-9_]*$/;
const quoteIdent = (name: string) => {
  if (!IDENT.test(name)) throw new Error(`refusing identifier ${JSON.stringify(name)}`);
  return `"${name}"`;
};
const accessAlias = (kind: AccessKind) => `acc_${kind}`;

function compileCondition(c: Condition, site: string, kinds: Set<AccessKind>): SqlFragment {
  switch (c.kind) {
    case 'anyOf':
    case 'allOf': {
      const parts = c.conditions.map((sub) => compileCondition(sub, site, kinds));
      return {
        sql: `(${parts.map((p) => p.sql).join(c.kind === 'anyOf' ? ' OR ' : ' AND ')})`,
        bindings: parts.flatMap((p) => p.bindings),
      };
    }
    case 'accessMax':
      kinds.add(c.accessKind);
      return { sql: `(${quoteIdent(accessAlias(c.accessKind))}.distance_m <= ?)`, bindings: [c.valueM] };
    case 'isNull':
      return { sql: `(${site}.${quoteIdent(c.column)} IS NULL)`, bindings: [] };
    case 'min':
    case 'max': {
      const op = c.kind === 'min' ? '>=' : '<=';
      const cast = c.valueType === 'date' ? '::date' : '::double precision';
      return { sql: `(${site}.${quoteIdent(c.column)} ${op} ?${cast})`, bindings: [c.value] };
    }
    case 'equals':
      return {
        sql: `(${site}.${quoteIdent(c.column)} = ?${c.valueType === 'boolean' ? '::boolean' : '::text'})`,
        bindings: [c.value],
      };
    case 'in':
    case 'notIn': {
      // One placeholder per value keeps the SQL driver-agnostic (pg, PGlite, knex).
      const list = c.values.map(() => '?').join(', ');
      return {
        sql: `(${site}.${quoteIdent(c.column)} ${c.kind === 'in' ? 'IN' : 'NOT IN'} (${list}))`,
        bindings: [...c.values],
      };
    }
  }
}

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
  const site = quoteIdent(options.siteAlias ?? 's');
  const kinds = new Set<AccessKind>();
  const constraints = specs.map(
    (s): CompiledConstraint => ({
      key: s.key,
      scope: s.scope,
      ...compileCondition(s.condition, site, kinds),
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
  };
}
