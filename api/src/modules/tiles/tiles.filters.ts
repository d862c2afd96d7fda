/**
 * The allow-listed filters of the sites tiles (`/tiles/sites/{z}/{x}/{y}.mvt?label=star_est&minAreaHa=10`),
 * with the same meaning as `GET /api/sites`: they are applied before clustering, so the
 * low-zoom counts stay true under a filter. Each becomes a fixed predicate with bound values.
 */
import type { Knex } from 'knex';
import { z } from 'zod';
import { parseInput } from '../../shared/validation.ts';
import { siteFilterObject } from '../sites/sites.schemas.ts';

const TILE_FILTER_KEYS = [
  'label',
  'status',
  'region',
  'department',
  'minAreaHa',
  'maxAreaHa',
  'minPowerMw',
  'railSiding',
  'quay',
  'brownfield',
] as const;

// The very same field schemas as the list endpoint, restricted to the keys tiles accept.
const tileFilterSchema = siteFilterObject.pick(
  Object.fromEntries(TILE_FILTER_KEYS.map((k) => [k, true])) as Record<
    (typeof TILE_FILTER_KEYS)[number],
    true
  >,
);

export interface TileFilter {
  sql: string;
  bindings: Knex.Value[];
  /** Canonical form, part of the cache key. */
  key: string;
}

export const NO_FILTER: TileFilter = { sql: '', bindings: [], key: '' };

/** Parses the allowed filters (`allowed = []`: the layer takes none, any key is an error). */
export function parseTileFilter(query: Record<string, unknown>, allowed?: readonly string[]): TileFilter {
  if (Object.keys(query).length === 0) return NO_FILTER;
  const schema = allowed ? z.strictObject({}) : tileFilterSchema;
  const f = parseInput(schema, query, 'tile filter') as Record<string, any>;
  const parts: string[] = [];
  const bindings: Knex.Value[] = [];
  const add = (sql: string, ...values: Knex.Value[]) => {
    parts.push(sql);
    bindings.push(...values);
  };
  if (f.label?.length) add('s.labels && ?::text[]', f.label);
  if (f.status?.length) add('s.status = ANY(?::text[])', f.status);
  if (f.region?.length) add('s.region = ANY(?::text[])', f.region);
  if (f.department?.length) add('s.departement = ANY(?::text[])', f.department);
  if (f.minAreaHa !== undefined) add('s.site_surf_comm_dispo >= ?', f.minAreaHa);
  if (f.maxAreaHa !== undefined) add('s.site_surf_comm_dispo <= ?', f.maxAreaHa);
  if (f.minPowerMw !== undefined) add('s.power_available_mw >= ?', f.minPowerMw);
  if (f.railSiding !== undefined) add('s.reseau_fret_ferroviaire = ?', f.railSiding);
  if (f.quay !== undefined) add('s.reseau_fluvial = ?', f.quay);
  if (f.brownfield !== undefined) add('s.brownfield = ?', f.brownfield);
  if (parts.length === 0) return NO_FILTER;
  return { sql: `AND ${parts.join(' AND ')}`, bindings, key: JSON.stringify(f) };
}
