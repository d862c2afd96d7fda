/**
 * The site filters as SQL, once for every reader of the `sites` table that takes them: the list
 * (`GET /api/sites`, and through it the OGC items and the downloads) and the sites tiles. Each
 * filter key of `siteFilterObject` has one fixed predicate; values are always bound, never
 * written into the SQL. A filter added to the schema is a type error here until it has one.
 */
import type { Knex } from 'knex';
import type { z } from 'zod';
import type { siteFilterObject } from './sites.schemas.ts';

/** A piece of SQL and the values of its `?` placeholders, in order. */
export interface SqlFragment {
  sql: string;
  bindings: Knex.Value[];
}

/** Parsed filters (`siteFilterObject`'s output), paging aside. */
export type SiteFilter = Partial<Omit<z.output<typeof siteFilterObject>, 'limit' | 'offset'>>;
type FilterKey = keyof SiteFilter;

/** How the caller's query names the `sites` table: constants of this code base, never input. */
export type SitesAlias = 'sites' | 's';

type Predicate<K extends FilterKey> = (
  t: SitesAlias,
  value: NonNullable<SiteFilter[K]>,
) => SqlFragment | null;

const bound = (sql: string, ...bindings: Knex.Value[]): SqlFragment => ({ sql, bindings });
/** `column = ANY(list)`, or no predicate for an empty list (`?region=,` filters nothing). */
const anyOf = (sql: string, list: string[]) => (list.length ? bound(sql, list) : null);

const PREDICATES: { [K in FilterKey]-?: Predicate<K> } = {
  // ST_Intersects, not &&: a polygon whose box overlaps the bbox but whose shape does not is
  // outside it (OGC API Features says "intersects"); the GiST index still serves it.
  bbox: (t, b) => bound(`ST_Intersects(${t}.geom, ST_MakeEnvelope(?, ?, ?, ?, 4326))`, ...b),
  // Folded by lm_fold, like search_text itself: JS toLowerCase and the engine's lower()
  // disagree ('İ' → 'i̇' in JS, 'i' in PostgreSQL), so a JS-folded needle could miss.
  q: (t, q) =>
    q
      ? bound(
          `${t}.search_text LIKE '%' || lm_fold(?) || '%' ESCAPE '\\'`,
          q.replace(/[\\%_]/g, (c) => `\\${c}`),
        )
      : null,
  minAreaHa: (t, v) => bound(`${t}.site_surf_comm_dispo >= ?`, v),
  maxAreaHa: (t, v) => bound(`${t}.site_surf_comm_dispo <= ?`, v),
  minPowerMw: (t, v) => bound(`${t}.power_available_mw >= ?`, v),
  label: (t, l) => anyOf(`${t}.labels && ?::text[]`, l),
  region: (t, l) => anyOf(`${t}.region = ANY(?::text[])`, l),
  department: (t, l) => anyOf(`${t}.departement = ANY(?::text[])`, l),
  status: (t, l) => anyOf(`${t}.status = ANY(?::text[])`, l),
  territory: (t, l) => anyOf(`${t}.site_epci_siren = ANY(?::text[])`, l),
  ids: (t, l) => anyOf(`${t}.id = ANY(?::uuid[])`, l),
  published: (t, v) => bound(`${t}.published = ?`, v),
  railSiding: (t, v) => bound(`${t}.reseau_fret_ferroviaire = ?`, v),
  quay: (t, v) => bound(`${t}.reseau_fluvial = ?`, v),
  brownfield: (t, v) => bound(`${t}.brownfield = ?`, v),
};

const KEYS = Object.keys(PREDICATES) as FilterKey[];

/**
 * The filters as one predicate (`a AND b …`, empty when nothing filters), written against the
 * caller's name for the sites table.
 * @example compileSiteFilter({ minAreaHa: 10, region: ['44'] }, 's')
 * // { sql: 's.site_surf_comm_dispo >= ? AND s.region = ANY(?::text[])', bindings: [10, ['44']] }
 */
export function compileSiteFilter(filter: SiteFilter, t: SitesAlias): SqlFragment {
  const parts: SqlFragment[] = [];
  for (const key of KEYS) {
    const value = filter[key];
    if (value === undefined) continue;
    const part = (PREDICATES[key] as Predicate<FilterKey>)(t, value as never);
    if (part) parts.push(part);
  }
  return { sql: parts.map((p) => p.sql).join(' AND '), bindings: parts.flatMap((p) => p.bindings) };
}
