/**
 * The data behind the site list: the sites matching the filters inside the map view (first
 * page), how many match in the view and in total, and, when a text search is active, the ids
 * it found (the map cannot fold accents itself, so it filters on those ids).
 */

import type { SiteListFeature } from '@api/modules/sites/sites.schemas.ts';
import { useEffect, useState } from 'react';
import { isAbort } from '../../api/client.ts';
import { listSites } from '../../api/sites.ts';
import type { Bounds } from '../../map/map-view.tsx';
import type { SiteFilters } from '../../state/filters.ts';

/** How many sites a text search may highlight on the map. */
export const SEARCH_ID_LIMIT = 500;
export const PAGE_SIZE = 50;

export interface SiteSearch {
  sites: SiteListFeature[];
  inView: number | null;
  total: number | null;
  searchIds: string[] | null;
  loading: boolean;
  error: unknown;
}

const DEBOUNCE_MS = 250;

export function useSiteSearch(
  filters: SiteFilters,
  bounds: Bounds | null,
  enabled: boolean,
  version: number,
): SiteSearch {
  const [state, setState] = useState<SiteSearch>({
    sites: [],
    inView: null,
    total: null,
    searchIds: null,
    loading: true,
    error: null,
  });

  // Total and search ids: independent of the view.
  useEffect(() => {
    void version; // a new session may see more sites: refetch
    if (!enabled) return;
    const ctrl = new AbortController();
    const hasText = filters.q.trim() !== '';
    const timer = setTimeout(() => {
      listSites(filters, { limit: hasText ? SEARCH_ID_LIMIT : 1, signal: ctrl.signal })
        .then((fc) =>
          setState((s) => ({
            ...s,
            total: fc.numberMatched,
            searchIds: hasText ? fc.features.map((f) => String(f.id)) : null,
          })),
        )
        .catch((error) => {
          if (!isAbort(error)) setState((s) => ({ ...s, error, loading: false }));
        });
    }, DEBOUNCE_MS);
    return () => {
      clearTimeout(timer);
      ctrl.abort();
    };
  }, [filters, enabled, version]);

  // The list: the first page inside the map view.
  useEffect(() => {
    void version;
    if (!enabled || !bounds) return;
    const ctrl = new AbortController();
    setState((s) => ({ ...s, loading: true }));
    const bbox: [number, number, number, number] = [
      Math.max(-180, bounds[0]),
      Math.max(-90, bounds[1]),
      Math.min(180, bounds[2]),
      Math.min(90, bounds[3]),
    ];
    const timer = setTimeout(() => {
      listSites(filters, { bbox, limit: PAGE_SIZE, signal: ctrl.signal })
        .then((fc) =>
          setState((s) => ({
            ...s,
            sites: fc.features,
            inView: fc.numberMatched,
            loading: false,
            error: null,
          })),
        )
        .catch((error) => {
          if (!isAbort(error)) setState((s) => ({ ...s, error, loading: false }));
        });
    }, DEBOUNCE_MS);
    return () => {
      clearTimeout(timer);
      ctrl.abort();
    };
  }, [filters, bounds, enabled, version]);

  return state;
}
