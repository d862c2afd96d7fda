/**
 * Building blocks for the SQL form of the criteria: each criterion file exports, beside its
 * TypeScript `evaluate` (which explains), a `sql(needs, options)` that computes the same score
 * and TOPSIS raw value over a `site_match` row (alias `m`), so the exact ranking runs in the
 * database over every passing site. `criteria.sql.test.ts` checks both forms agree on random
 * sites on both engines.
 *
 * Safety: the `sql` tag only inlines fragments built here (column names from FIELD_BY_KEY or
 * the constant lists below); every number is a bound `?::float8` parameter.
 */
import { FIELD_BY_KEY } from '../../sites/site.fields.ts';
import type { AccessKind } from '../candidate.ts';
import { accessColumn, quoteIdent } from '../knockouts/condition.sql.ts';

export interface SqlExpr {
  sql: string;
  bindings: (string | number | boolean)[];
}

type Part = SqlExpr | number;

/**
 * Tagged template: `sql\`CASE WHEN ${col('availableAreaHa')} < ${10} THEN ${0.6} END\``
 * → `CASE WHEN "m"."site_surf_comm_dispo" < ?::float8 THEN ?::float8 END`, [10, 0.6].
 */
export function sql(strings: TemplateStringsArray, ...parts: Part[]): SqlExpr {
  let text = strings[0];
  const bindings: SqlExpr['bindings'] = [];
  parts.forEach((p, i) => {
    if (typeof p === 'number') {
      if (!Number.isFinite(p)) throw new RangeError(`cannot bind ${p} into criterion SQL`);
      text += '?::float8';
      bindings.push(p);
    } else {
      text += p.sql;
      bindings.push(...p.bindings);
    }
    text += strings[i + 1];
  });
  return { sql: text, bindings };
}

/** A bound text value: `text('done')` → `?::text`. */
export const text = (v: string): SqlExpr => ({ sql: '?::text', bindings: [v] });
/** A bound date: `date('2027-12-31')` → `?::date`. */
export const date = (v: string): SqlExpr => ({ sql: '?::date', bindings: [v] });

const ALIAS = quoteIdent('m');

/** Columns of `site_match` derived there, not copied from `sites` (migration 0007). */
const DERIVED = new Set(['readiness_done', 'readiness_stated', 'banned', 'risk_score', 'zoning_base']);

/** A site field's column in the `m` row: `col('availableAreaHa')` → `"m"."site_surf_comm_dispo"`. */
export function col(key: string): SqlExpr {
  if (DERIVED.has(key)) return { sql: `${ALIAS}.${quoteIdent(key)}`, bindings: [] };
  const f = FIELD_BY_KEY.get(key);
  if (!f) throw new Error(`no site field ${key}`);
  return { sql: `${ALIAS}.${quoteIdent(f.column)}`, bindings: [] };
}

/** The distance (metres) to the nearest feature of a kind: `dist('port')` → `"m"."port_m"`. */
export const dist = (kind: AccessKind): SqlExpr => ({
  sql: `${ALIAS}.${quoteIdent(accessColumn(kind))}`,
  bindings: [],
});

/** Clamps to [0, 1] and trims float noise like criteria/common.ts `result()`. */
export const clampRound = (x: SqlExpr): SqlExpr =>
  sql`(round(LEAST(${1}, GREATEST(${0}, ${x})) * ${1e12}) / ${1e12})`;

/** Rounds to 3 decimals half up like `Math.round(x * 1000) / 1000` for x ≥ 0. */
export const round3 = (x: SqlExpr): SqlExpr => sql`(floor(${x} * ${1000} + ${0.5}) / ${1000})`;

/** SQL form of `distanceScore(km, limitKm)` (criteria/common.ts). */
export const distanceScoreSql = (km: SqlExpr, limitKm: number): SqlExpr =>
  sql`(CASE WHEN ${km} <= ${limitKm} THEN ${1} - (${0.3} * ${km}) / ${limitKm} ELSE GREATEST(${0}, ${0.7} * (${1} - (${km} - ${limitKm}) / ${limitKm})) END)`;

export interface CriterionSql {
  score: SqlExpr;
  raw: SqlExpr;
}
