/** Site and infrastructure reads (public map). */
import type { SiteFilters } from '../state/filters.ts';
import { filtersToQuery } from '../state/filters.ts';
import { apiFetch } from './client.ts';
import type { SiteCollection, SiteDetail } from './types.ts';

export interface ListOptions {
  bbox?: [number, number, number, number];
  limit?: number;
  offset?: number;
  signal?: AbortSignal;
}

/** `GET /api/sites` with the filters of the map: `listSites(filters, { bbox, limit: 50 })`. */
export function listSites(filters: SiteFilters, opts: ListOptions = {}): Promise<SiteCollection> {
  const q = filtersToQuery(filters);
  if (opts.bbox) q.set('bbox', opts.bbox.map((v) => v.toFixed(5)).join(','));
  q.set('limit', String(opts.limit ?? 50));
  if (opts.offset) q.set('offset', String(opts.offset));
  return apiFetch<SiteCollection>(`/api/sites?${q}`, { signal: opts.signal });
}

/** `GET /api/sites/:id`: every public property plus the access distances. */
export function getSite(id: string, signal?: AbortSignal): Promise<SiteDetail> {
  return apiFetch<SiteDetail>(`/api/sites/${encodeURIComponent(id)}`, { signal });
}
