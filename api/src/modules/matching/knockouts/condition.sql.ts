/**
 * Compiles conditions (condition.ts) to SQL over a `site_match` row: the predicate (same
 * three-valued semantics: NULL = unknown) and the normalised gap (same arithmetic as
 * `conditionGap`). Pure string building: identifiers come only from FIELD_BY_KEY and the
 * access-kind list (never from input), every value is a `?` binding (knex style).
 */
import type { AccessKind } from '../candidate.ts';
import { type Condition, DATE_GAP_DAYS, UNKNOWN_GAP } from './condition.ts';

export interface SqlFragment {
  sql: string;
  bindings: (string | number | boolean)[];
}

const IDENT = /^[a-z_][a-z0-9_]*$/;
/** Quotes a constant identifier, refusing anything that is not a plain lower-case name. */
export const quoteIdent = (name: string) => {
  if (!IDENT.test(name)) throw new Error(`refusing identifier ${JSON.stringify(name)}`);
  return `"${name}"`;
};
/** The distance column of an access kind in `site_match`: `accessColumn('port')` → 'port_m'. */
export const accessColumn = (kind: AccessKind) => `${kind}_m`;

/** Joins fragments with a separator, concatenating bindings in order. */
export function joinSql(parts: readonly SqlFragment[], separator: string): SqlFragment {
  return { sql: parts.map((p) => p.sql).join(separator), bindings: parts.flatMap((p) => p.bindings) };
}

/** The drive-time column of an access kind in `site_match`: `driveColumn('port')` → 'port_min'. */
export const driveColumn = (kind: AccessKind) => `${kind}_min`;
/** The labour-pool column for a drive time: `poolColumn(30)` → 'active_30'. */
export const poolColumn = (minutes: number) => {
  if (minutes !== 20 && minutes !== 30 && minutes !== 45) throw new Error(`no labour pool at ${minutes} min`);
  return `active_${minutes}`;
};

/** `predicate(atLeast('availableAreaHa', 10), 'm')` → `("m"."site_surf_comm_dispo" >= ?::double precision)`, [10]. */
export function compilePredicate(c: Condition, alias: string): SqlFragment {
  const t = quoteIdent(alias);
  switch (c.kind) {
    case 'anyOf':
    case 'allOf': {
      const parts = joinSql(
        c.conditions.map((sub) => compilePredicate(sub, alias)),
        c.kind === 'anyOf' ? ' OR ' : ' AND ',
      );
      return { sql: `(${parts.sql})`, bindings: parts.bindings };
    }
    case 'accessMax':
      return { sql: `(${t}.${quoteIdent(accessColumn(c.accessKind))} <= ?)`, bindings: [c.valueM] };
    case 'driveMax':
      return {
        sql: `(${t}.${quoteIdent(driveColumn(c.accessKind))} <= ?::double precision)`,
        bindings: [c.minutes],
      };
    case 'poolMin':
      return {
        sql: `(${t}.${quoteIdent(poolColumn(c.minutes))} >= ?::double precision)`,
        bindings: [c.active],
      };
    case 'isNull':
      return { sql: `(${t}.${quoteIdent(c.column)} IS NULL)`, bindings: [] };
    case 'min':
    case 'max': {
      const op = c.kind === 'min' ? '>=' : '<=';
      const cast = c.valueType === 'date' ? '::date' : '::double precision';
      return { sql: `(${t}.${quoteIdent(c.column)} ${op} ?${cast})`, bindings: [c.value] };
    }
    case 'equals':
      return {
        sql: `(${t}.${quoteIdent(c.column)} = ?${c.valueType === 'boolean' ? '::boolean' : '::text'})`,
        bindings: [c.value],
      };
    case 'in':
    case 'notIn': {
      // One placeholder per value keeps the SQL driver-agnostic (pg, PGlite, knex).
      const list = c.values.map(() => '?').join(', ');
      return {
        sql: `(${t}.${quoteIdent(c.column)} ${c.kind === 'in' ? 'IN' : 'NOT IN'} (${list}))`,
        bindings: [...c.values],
      };
    }
  }
}

const clamp = (expr: string) => `LEAST(1::float8, GREATEST(0::float8, ${expr}))`;

/** The normalised gap of a condition in SQL (a double in [0, 1], never NULL). */
export function compileGap(c: Condition, alias: string): SqlFragment {
  const t = quoteIdent(alias);
  const unknown = `${UNKNOWN_GAP}::float8`;
  switch (c.kind) {
    case 'anyOf':
    case 'allOf': {
      const parts = joinSql(
        c.conditions.map((sub) => compileGap(sub, alias)),
        ', ',
      );
      return { sql: `${c.kind === 'anyOf' ? 'LEAST' : 'GREATEST'}(${parts.sql})`, bindings: parts.bindings };
    }
    case 'accessMax': {
      const col = `${t}.${quoteIdent(accessColumn(c.accessKind))}`;
      if (c.valueM <= 0)
        return {
          sql: `CASE WHEN ${col} IS NULL THEN ${unknown} WHEN ${col} <= ? THEN 0::float8 ELSE 1::float8 END`,
          bindings: [c.valueM],
        };
      return {
        sql: `CASE WHEN ${col} IS NULL THEN ${unknown} ELSE ${clamp(`(${col} - ?::float8) / ?::float8`)} END`,
        bindings: [c.valueM, c.valueM],
      };
    }
    case 'driveMax': {
      const col = `${t}.${quoteIdent(driveColumn(c.accessKind))}`;
      return {
        sql: `CASE WHEN ${col} IS NULL THEN ${unknown} ELSE ${clamp(`(${col} - ?::float8) / ?::float8`)} END`,
        bindings: [c.minutes, c.minutes],
      };
    }
    case 'poolMin': {
      const col = `${t}.${quoteIdent(poolColumn(c.minutes))}`;
      return {
        sql: `CASE WHEN ${col} IS NULL THEN ${unknown} ELSE ${clamp(`(?::float8 - ${col}) / ?::float8`)} END`,
        bindings: [c.active, c.active],
      };
    }
    case 'isNull': {
      const col = `${t}.${quoteIdent(c.column)}`;
      return { sql: `CASE WHEN ${col} IS NULL THEN 0::float8 ELSE 1::float8 END`, bindings: [] };
    }
    case 'min':
    case 'max': {
      const col = `${t}.${quoteIdent(c.column)}`;
      if (c.valueType === 'date') {
        const late = c.kind === 'max' ? `(${col} - ?::date)` : `(?::date - ${col})`;
        return {
          sql: `CASE WHEN ${col} IS NULL THEN ${unknown} ELSE ${clamp(`${late}::float8 / ${DATE_GAP_DAYS}::float8`)} END`,
          bindings: [c.value],
        };
      }
      const limit = Number(c.value);
      const short = c.kind === 'min' ? `(?::float8 - ${col})` : `(${col} - ?::float8)`;
      if (limit === 0) {
        return {
          sql: `CASE WHEN ${col} IS NULL THEN ${unknown} WHEN ${short} <= 0 THEN 0::float8 ELSE 1::float8 END`,
          bindings: [limit],
        };
      }
      return {
        sql: `CASE WHEN ${col} IS NULL THEN ${unknown} WHEN ${short} <= 0 THEN 0::float8 ELSE ${clamp(`${short} / ?::float8`)} END`,
        bindings: [limit, limit, Math.abs(limit)],
      };
    }
    case 'equals':
    case 'in':
    case 'notIn': {
      const col = `${t}.${quoteIdent(c.column)}`;
      const p = compilePredicate(c, alias);
      return {
        sql: `CASE WHEN ${col} IS NULL THEN ${unknown} WHEN ${p.sql} THEN 0::float8 ELSE 1::float8 END`,
        bindings: p.bindings,
      };
    }
  }
}
