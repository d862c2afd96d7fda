/**
 * The filters of the sites tiles (`/tiles/sites/{z}/{x}/{y}.mvt?label=star_est&minAreaHa=10`),
 * with the same meaning as `GET /api/sites`: the keys tiles.schemas.ts allows, compiled by the
 * list's own compiler (sites.filter.ts). They are applied before clustering, so the low-zoom
 * counts stay true under a filter.
 */
import { z } from 'zod';
import { parseInput } from '../../shared/validation.ts';
import { compileSiteFilter, type SqlFragment } from '../sites/sites.filter.ts';
import { tileFilterQuerySchema } from './tiles.schemas.ts';

export interface TileFilter extends SqlFragment {
  /** Canonical form, part of the cache key. */
  key: string;
}

export const NO_FILTER: TileFilter = { sql: '', bindings: [], key: '' };

/**
 * Parses the allowed filters (`allowed = []`: the layer takes none, any key is an error) into
 * `AND …` for the FILTERS marker of the layer SQL, written against its alias `s`.
 */
export function parseTileFilter(query: Record<string, unknown>, allowed?: readonly string[]): TileFilter {
  if (Object.keys(query).length === 0) return NO_FILTER;
  const schema = allowed ? z.strictObject({}) : tileFilterQuerySchema;
  const f = parseInput(schema, query, 'tile filter');
  const { sql, bindings } = compileSiteFilter(f, 's');
  if (!sql) return NO_FILTER;
  return { sql: `AND ${sql}`, bindings, key: JSON.stringify(f) };
}
