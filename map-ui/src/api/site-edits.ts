/**
 * Staff writes on sites (issue 12): versioned read (the `ETag`), create, change with
 * `If-Match`, soft delete, restore, the deleted list and a site's history, with their
 * TanStack Query options. A stale `If-Match` comes back as a 412 `ApiError` whose `info.current`
 * says who changed the site and when (contract-12.md, "Versions, ETag, If-Match").
 */
import type {
  DeletedSites,
  SiteDetail,
  SiteHistory,
  SiteHistoryEntry,
} from '@api/modules/sites/sites.schemas.ts';
import { type QueryClient, queryOptions } from '@tanstack/react-query';
import type { Geometry } from 'geojson';
import { ApiError, apiFetch, apiFetchTagged } from './client.ts';

/** A user as the API names one (`updatedBy`, history actors). */
export interface Actor {
  id: string;
  name: string | null;
}

/** The version of a site the editor started from: `"5"` → 5. */
export interface VersionedSite {
  site: SiteDetail;
  /** The ETag as sent back in If-Match (quotes included), or null if the server sent none. */
  etag: string | null;
}

/** The API's contracts of the history and the deleted list (sites.schemas.ts). */
export type HistoryEntry = SiteHistoryEntry;
export type DeletedSite = DeletedSites['features'][number];

/** Who holds the current version when a save was refused (412 `details.current`). */
export interface ConflictInfo {
  version: number | null;
  updatedAt: string | null;
  updatedBy: Actor | null;
}

const sitePath = (id: string) => `/api/sites/${encodeURIComponent(id)}`;

/** The ETag of a version number, when the server put the version in the body only. */
function etagOf(site: SiteDetail, header: string | null): string | null {
  if (header) return header;
  const v = site.properties.version;
  return typeof v === 'number' ? `"${v}"` : null;
}

export async function getVersionedSite(id: string, signal?: AbortSignal): Promise<VersionedSite> {
  const r = await apiFetchTagged<SiteDetail>(sitePath(id), { signal });
  return { site: r.body, etag: etagOf(r.body, r.etag) };
}

/** The site as the editor loads it: body and ETag, always fresh (never from the cache's past). */
export function versionedSiteQuery(id: string) {
  return queryOptions({
    queryKey: ['sites', 'versioned', id] as const,
    queryFn: ({ signal }) => getVersionedSite(id, signal),
    staleTime: 0,
  });
}

export interface SiteBody {
  properties?: Record<string, unknown>;
  geometry?: Geometry;
}

export async function createSite(body: Required<SiteBody>): Promise<VersionedSite> {
  const r = await apiFetchTagged<SiteDetail>('/api/sites', {
    method: 'POST',
    json: { type: 'Feature', ...body },
  });
  return { site: r.body, etag: etagOf(r.body, r.etag) };
}

/** PATCH with If-Match (`etag` null: the server had none to give, so none is sent). */
export async function updateSite(id: string, body: SiteBody, etag: string | null): Promise<VersionedSite> {
  const r = await apiFetchTagged<SiteDetail>(sitePath(id), {
    method: 'PATCH',
    json: { type: 'Feature', ...body },
    headers: etag ? { 'if-match': etag } : {},
  });
  return { site: r.body, etag: etagOf(r.body, r.etag) };
}

export function deleteSite(id: string, etag: string | null): Promise<void> {
  return apiFetch<void>(sitePath(id), { method: 'DELETE', headers: etag ? { 'if-match': etag } : {} });
}

export function restoreSite(id: string): Promise<SiteDetail> {
  return apiFetch<SiteDetail>(`${sitePath(id)}/restore`, { method: 'POST' });
}

export function deletedSitesQuery() {
  return queryOptions({
    queryKey: ['sites', 'deleted'] as const,
    queryFn: ({ signal }) => apiFetch<DeletedSites>('/api/sites/deleted', { signal }),
    staleTime: 0,
  });
}

export function siteHistoryQuery(id: string) {
  return queryOptions({
    queryKey: ['sites', 'history', id] as const,
    queryFn: ({ signal }) => apiFetch<SiteHistory>(`${sitePath(id)}/history`, { signal }),
    staleTime: 0,
  });
}

/** The conflict a 412 describes, or null for any other error. */
export function conflictOf(err: unknown): ConflictInfo | null {
  if (!(err instanceof ApiError) || err.status !== 412) return null;
  const c = (err.info?.current ?? {}) as Partial<ConflictInfo>;
  return { version: c.version ?? null, updatedAt: c.updatedAt ?? null, updatedBy: c.updatedBy ?? null };
}

/**
 * After a write: every site read (lists, details, history, the deleted list) is refetched,
 * and the map's vector tiles are reloaded by the caller (`refreshSiteTiles`).
 */
export function sitesChanged(client: QueryClient): Promise<void> {
  return client.invalidateQueries({ queryKey: ['sites'] });
}
