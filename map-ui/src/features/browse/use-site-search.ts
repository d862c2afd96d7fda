/**
 * The data behind the site list: the sites matching the filters inside the map view (first
 * page), how many match in the view and in total, and, when a text search is active, the ids
 * it found (the map cannot fold accents itself, so it filters on those ids). Two queries, asked
 * once the filters and the view have settled; a login refetches them (use-session.ts).
 */

import type { SiteListFeature } from '@api/modules/sites/sites.schemas.ts';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { bbox as turfBbox } from '@turf/bbox';
import { useMemo } from 'react';
import { siteListQuery } from '../../api/sites.ts';
import type { Bounds } from '../../map/map-view.tsx';
import type { SiteFilters } from '../../state/filters.ts';
import { useDebounced } from '../../state/use-debounced.ts';

/** How many sites a text search may highlight on the map. */
export const SEARCH_ID_LIMIT = 500;
export const PAGE_SIZE = 50;

export interface SiteSearch {
  sites: SiteListFeature[];
  inView: number | null;
  total: number | null;
  searchIds: string[] | null;
  /**
   * The box around what a text search found, once per search (`key` = the text): the shell fits
   * the map to it, so a site found by name is on screen even when it was outside the view.
   */
  searchFit: { key: string; bbox: Bounds } | null;
  loading: boolean;
  error: unknown;
  /** Asks both again (the "retry" of an error). */
  retry(): void;
}

const DEBOUNCE_MS = 250;

/** The map view clamped to the world, as the API's `bbox`. */
function toBbox(b: Bounds): [number, number, number, number] {
  return [Math.max(-180, b[0]), Math.max(-90, b[1]), Math.min(180, b[2]), Math.min(90, b[3])];
}

export function useSiteSearch(filters: SiteFilters, bounds: Bounds | null, enabled: boolean): SiteSearch {
  const settledFilters = useDebounced(filters, DEBOUNCE_MS);
  const settledBounds = useDebounced(bounds, DEBOUNCE_MS);
  const hasText = settledFilters.q.trim() !== '';

  // Total and search ids: independent of the view (the last ones stay shown while asking).
  const totals = useQuery({
    ...siteListQuery(settledFilters, { limit: hasText ? SEARCH_ID_LIMIT : 1 }),
    enabled,
    placeholderData: keepPreviousData,
  });
  // The list: the first page inside the map view; the previous page stays shown meanwhile.
  const list = useQuery({
    ...siteListQuery(settledFilters, {
      bbox: settledBounds ? toBbox(settledBounds) : undefined,
      limit: PAGE_SIZE,
    }),
    enabled: enabled && settledBounds !== null,
    placeholderData: keepPreviousData,
  });

  const searchIds = useMemo(
    () => (hasText && totals.data ? totals.data.features.map((f) => String(f.id)) : null),
    [hasText, totals.data],
  );
  const searchFit = useMemo(() => {
    if (!hasText || !totals.data || totals.isPlaceholderData || totals.data.features.length === 0)
      return null;
    const [w, s, e, n] = turfBbox({ type: 'FeatureCollection', features: totals.data.features } as never);
    return Number.isFinite(w) ? { key: settledFilters.q.trim(), bbox: [w, s, e, n] as Bounds } : null;
  }, [hasText, totals.data, totals.isPlaceholderData, settledFilters.q]);
  const { refetch: refetchTotals } = totals;
  const { refetch: refetchList } = list;
  return {
    sites: list.data?.features ?? [],
    inView: list.data?.numberMatched ?? null,
    total: totals.data?.numberMatched ?? null,
    searchIds,
    searchFit,
    loading: list.isPending || list.isFetching,
    error: list.error ?? totals.error,
    retry: () => {
      void refetchTotals();
      void refetchList();
    },
  };
}
