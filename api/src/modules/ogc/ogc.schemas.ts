/**
 * Query parameters of OGC API – Features (Part 1 Core). Every endpoint refuses parameters it
 * does not define (400, as /req/core/query-param-unknown allows), so a typo never silently
 * returns unfiltered data.
 */
import type { Request } from 'express';
import { z } from 'zod';
import { InputError } from '../../shared/errors.ts';
import { parseInput } from '../../shared/validation.ts';

export const CRS84 = 'http://www.opengis.net/def/crs/OGC/1.3/CRS84';
export const LIMIT_DEFAULT = 10;
/** Above it, `limit` is clamped rather than refused (the OGC `limit` parameter's documented rule). */
export const LIMIT_MAX = 10_000;
export const OFFSET_MAX = 10_000_000;

export type Format = 'json' | 'html';

/** Parameters every items endpoint takes, before the collection's own filters. */
export const ITEMS_PARAMS = ['f', 'limit', 'offset', 'bbox', 'bbox-crs'] as const;

const formatSchema = z.enum(['json', 'html'], { error: 'f must be json or html' });

const itemsParamsSchema = z.object({
  limit: z.coerce
    .number({ error: `limit must be an integer from 1 to ${LIMIT_MAX}` })
    .int(`limit must be an integer from 1 to ${LIMIT_MAX}`)
    .min(1, `limit must be an integer from 1 to ${LIMIT_MAX}`)
    .transform((n) => Math.min(n, LIMIT_MAX))
    .default(LIMIT_DEFAULT),
  offset: z.coerce
    .number({ error: `offset must be an integer from 0 to ${OFFSET_MAX}` })
    .int(`offset must be an integer from 0 to ${OFFSET_MAX}`)
    .min(0, `offset must be an integer from 0 to ${OFFSET_MAX}`)
    .max(OFFSET_MAX, `offset must be an integer from 0 to ${OFFSET_MAX}`)
    .default(0),
  'bbox-crs': z.literal(CRS84, { error: `bbox-crs must be ${CRS84} (the only CRS served)` }).optional(),
});

export interface ItemsQuery {
  limit: number;
  offset: number;
  /** Raw `minLon,minLat,maxLon,maxLat`; the collection validates it with its own filters. */
  bbox?: string;
  /** The collection's own filters, as sent. */
  filters: Record<string, string>;
}

type RawQuery = Request['query'];

/** Refuses parameters outside `allowed` and repeated parameters, naming what is accepted. */
export function assertKnownParams(query: RawQuery, allowed: readonly string[]): Record<string, string> {
  const unknown = Object.keys(query).filter((k) => !allowed.includes(k));
  if (unknown.length) {
    throw new InputError(
      `Unknown query parameter${unknown.length > 1 ? 's' : ''} ${unknown.join(', ')}; this resource accepts ${allowed.join(', ')}.`,
    );
  }
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(query)) {
    if (typeof v !== 'string') throw new InputError(`Send the query parameter ${k} once.`);
    out[k] = v;
  }
  return out;
}

/** `f=json|html` wins; otherwise the Accept header (browsers get HTML, everything else JSON). */
export function negotiateFormat(req: Request): Format {
  const f = req.query.f;
  if (f !== undefined) return parseInput(formatSchema, f, 'query', 'f');
  return req.accepts(['application/json', 'application/geo+json', 'text/html']) === 'text/html'
    ? 'html'
    : 'json';
}

/** Splits an items query into paging, bbox and the collection's filters (validated later). */
export function parseItemsQuery(query: RawQuery, filterKeys: readonly string[]): ItemsQuery {
  const raw = assertKnownParams(query, [...ITEMS_PARAMS, ...filterKeys]);
  const { limit, offset } = parseInput(itemsParamsSchema, raw, 'query');
  const filters: Record<string, string> = {};
  for (const k of filterKeys) if (raw[k] !== undefined) filters[k] = raw[k];
  return { limit, offset, bbox: raw.bbox, filters };
}
