/**
 * Site and infrastructure reads (public map), with their TanStack Query options: the keys say
 * what a response depends on, so the cache serves a repeated read and a login refetches them.
 */

import type { Isochrone } from '@api/modules/roads/roads.schemas.ts';
import type { SiteCollection, SiteDetail } from '@api/modules/sites/sites.schemas.ts';
import { queryOptions } from '@tanstack/react-query';
import type { SiteFilters } from '../state/filters.ts';
import { filtersToQuery } from '../state/filters.ts';
import { apiFetch } from './client.ts';

export interface ListOptions {
  bbox?: [number, number, number, number];
  limit?: number;
  offset?: number;
  /** Also ask for `bbox`, the box around every match (all pages). */
  withBbox?: boolean;
  signal?: AbortSignal;
}

/** `GET /api/sites` with the filters of the map: `listSites(filters, { bbox, limit: 50 })`. */
export function listSites(filters: SiteFilters, opts: ListOptions = {}): Promise<SiteCollection> {
  const q = filtersToQuery(filters);
  if (opts.bbox) q.set('bbox', opts.bbox.map((v) => v.toFixed(5)).join(','));
  q.set('limit', String(opts.limit ?? 50));
  if (opts.offset) q.set('offset', String(opts.offset));
  if (opts.withBbox) q.set('withBbox', 'true');
  return apiFetch<SiteCollection>(`/api/sites?${q}`, { signal: opts.signal });
}

/**
 * A page of `listSites` as a query: `useQuery(siteListQuery(filters, { bbox, limit: 50 }))`.
 * The map view's box is part of the key, so panning asks again and panning back is cached.
 */
export function siteListQuery(filters: SiteFilters, opts: Omit<ListOptions, 'signal'> = {}) {
  return queryOptions({
    queryKey: ['sites', 'list', filters, opts] as const,
    queryFn: ({ signal }) => listSites(filters, { ...opts, signal }),
  });
}

/** `table`: the CSV for people, in the UI's language; `csv`: codes and raw numbers. */
export const SITE_EXPORT_FORMATS = ['table', 'geojson', 'csv', 'site-eco'] as const;
export type SiteExportFormat = (typeof SITE_EXPORT_FORMATS)[number];

const EXPORT_PATHS: Record<SiteExportFormat, string> = {
  geojson: '/api/sites.geojson',
  csv: '/api/sites.csv',
  table: '/api/sites.table.csv',
  'site-eco': '/api/sites.site-eco.csv',
};

/**
 * Download URL of every site matching the filters (the list's query, without the map view or
 * paging; the server caps a download at 100,000 sites):
 * `siteExportUrl({ ...EMPTY_FILTERS, departments: ['67'] }, 'csv')` → `/api/sites.csv?department=67`.
 */
export function siteExportUrl(
  filters: SiteFilters,
  format: SiteExportFormat,
  lang: 'fr' | 'en' = 'fr',
): string {
  const query = filtersToQuery(filters);
  if (format === 'table') query.set('lang', lang);
  const q = query.toString();
  return q ? `${EXPORT_PATHS[format]}?${q}` : EXPORT_PATHS[format];
}

/** `GET /api/sites/:id`: every public property plus the access distances. */
export function getSite(id: string, signal?: AbortSignal): Promise<SiteDetail> {
  return apiFetch<SiteDetail>(`/api/sites/${encodeURIComponent(id)}`, { signal });
}

/** One site as a query: `useQuery(siteQuery(id))`; the same key serves the panel and the maps. */
export function siteQuery(id: string) {
  return queryOptions({
    queryKey: ['sites', 'detail', id] as const,
    queryFn: ({ signal }) => getSite(id, signal),
  });
}

/** The area reachable from a point within `minutes` (GET /api/isochrone): the roads module's contract. */
export type { Isochrone };

/**
 * `GET /api/isochrone`; off the imported road graph the server's labelled estimate circle
 * (`method: "estimate"`) is asked for instead of a 400: `getIsochrone([1.75, 48.99], 30)`.
 */
export function getIsochrone(
  at: [number, number],
  minutes: number,
  profile: 'car' | 'truck' = 'car',
  signal?: AbortSignal,
): Promise<Isochrone> {
  const q = new URLSearchParams({
    lon: at[0].toFixed(6),
    lat: at[1].toFixed(6),
    minutes: String(minutes),
    profile,
    fallback: 'estimate',
  });
  return apiFetch<Isochrone>(`/api/isochrone?${q}`, { signal });
}

/** `getIsochrone` as a query; the area depends on nobody's session (a public key). */
export function isochroneQuery(at: [number, number], minutes: number, profile: 'car' | 'truck' = 'car') {
  return queryOptions({
    queryKey: ['public', 'isochrone', at[0], at[1], minutes, profile] as const,
    queryFn: ({ signal }) => getIsochrone(at, minutes, profile, signal),
    staleTime: Number.POSITIVE_INFINITY,
  });
}
