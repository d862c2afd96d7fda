/**
 * The filters of the public map, shared by the site list and the map: the same query goes to
 * `GET /api/sites` and to the sites vector tiles (map/site-layers.ts).
 */
import { SITE_STATUSES, type SiteStatus } from '@api/modules/sites/site.fields.ts';

export interface SiteFilters {
  /** Site name or commune; matched accent-insensitively by the server. */
  q: string;
  minAreaHa: number | null;
  maxAreaHa: number | null;
  minPowerMw: number | null;
  labels: string[];
  /** Empty = every status. */
  statuses: SiteStatus[];
  regions: string[];
  departments: string[];
  railSiding: boolean;
  quay: boolean;
  brownfield: boolean;
}

export const EMPTY_FILTERS: SiteFilters = {
  q: '',
  minAreaHa: null,
  maxAreaHa: null,
  minPowerMw: null,
  labels: [],
  statuses: [],
  regions: [],
  departments: [],
  railSiding: false,
  quay: false,
  brownfield: false,
};

/** Number of active filters (the search text not counted), for the "Filters (3)" badge. */
export function countActiveFilters(f: SiteFilters): number {
  let n = 0;
  if (f.minAreaHa !== null) n++;
  if (f.maxAreaHa !== null) n++;
  if (f.minPowerMw !== null) n++;
  n += f.labels.length > 0 ? 1 : 0;
  n += f.statuses.length > 0 ? 1 : 0;
  n += f.regions.length > 0 ? 1 : 0;
  n += f.departments.length > 0 ? 1 : 0;
  if (f.railSiding) n++;
  if (f.quay) n++;
  if (f.brownfield) n++;
  return n;
}

export function isSiteStatus(s: string): s is SiteStatus {
  return (SITE_STATUSES as readonly string[]).includes(s);
}

/**
 * The `GET /api/sites` query for filters, without paging:
 * `filtersToQuery({ ...EMPTY_FILTERS, labels: ['star_est'] }).toString()` → `label=star_est`.
 */
export function filtersToQuery(f: SiteFilters): URLSearchParams {
  const q = new URLSearchParams();
  if (f.q.trim()) q.set('q', f.q.trim());
  if (f.minAreaHa !== null) q.set('minAreaHa', String(f.minAreaHa));
  if (f.maxAreaHa !== null) q.set('maxAreaHa', String(f.maxAreaHa));
  if (f.minPowerMw !== null) q.set('minPowerMw', String(f.minPowerMw));
  if (f.labels.length) q.set('label', f.labels.join(','));
  if (f.statuses.length) q.set('status', f.statuses.join(','));
  if (f.regions.length) q.set('region', f.regions.join(','));
  if (f.departments.length) q.set('department', f.departments.join(','));
  if (f.railSiding) q.set('railSiding', 'true');
  if (f.quay) q.set('quay', 'true');
  if (f.brownfield) q.set('brownfield', 'true');
  return q;
}
