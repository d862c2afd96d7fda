/**
 * The data behind the site list: the sites matching the filters inside the map view (first
 * page), how many match in the view and in total, and the box around every match (for
 * fitting the map to the results). Two queries, asked once the filters and the view have
 * settled — the view is known before the map has loaded (use-map-camera.ts), so the list never
 * waits for it; a login refetches them (use-session.ts).
 */

import type { SiteListFeature } from '@api/modules/sites/sites.schemas.ts';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import { siteListQuery } from '../../api/sites.ts';
import type { Bounds } from '../../map/map-view.tsx';
import { countActiveFilters, type SiteFilters } from '../../state/filters.ts';
import { useDebounced } from '../../state/use-debounced.ts';

export const PAGE_SIZE = 50;

export interface SiteSearch {
  sites: SiteListFeature[];
  inView: number | null;
  total: number | null;
  /** The count stopped at the API's cap: "more than" the figure (sites.schemas.ts LIST_COUNT_CAP). */
  inViewCapped: boolean;
  totalCapped: boolean;
  /**
   * The box around every site the filters and text search keep (`key`: those filters,
   * `filtered`: whether any is on), once per answer: the shell fits the map to it.
   */
  resultsFit: { key: string; bbox: Bounds; filtered: boolean } | null;
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

  // Total and the box of every match: independent of the view (the last ones stay shown while asking).
  const totals = useQuery({
    ...siteListQuery(settledFilters, { limit: 1, withBbox: true }),
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

  const resultsFit = useMemo(() => {
    const b = totals.data?.bbox;
    if (!b || totals.isPlaceholderData) return null;
    const filtered = settledFilters.q.trim() !== '' || countActiveFilters(settledFilters) > 0;
    return { key: JSON.stringify(settledFilters), bbox: [b[0], b[1], b[2], b[3]] as Bounds, filtered };
  }, [totals.data, totals.isPlaceholderData, settledFilters]);
  const { refetch: refetchTotals } = totals;
  const { refetch: refetchList } = list;
  return {
    sites: list.data?.features ?? [],
    inView: list.data?.numberMatched ?? null,
    total: totals.data?.numberMatched ?? null,
    inViewCapped: list.data?.numberMatchedCapped === true,
    totalCapped: totals.data?.numberMatchedCapped === true,
    resultsFit,
    loading: list.isPending || list.isFetching,
    error: list.error ?? totals.error,
    retry: () => {
      void refetchTotals();
      void refetchList();
    },
  };
}
