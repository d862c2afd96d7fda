/** The editors' "to refresh" list (`GET /api/sites/to-refresh`, issue 12) as a query. */
import type { SitesToRefresh } from '@api/modules/sites/freshness/freshness.schemas.ts';
import { queryOptions } from '@tanstack/react-query';
import { apiFetch } from './client.ts';

/** `useQuery(toRefreshQuery(12))`: sites whose facts are older than 12 months or undated. */
export function toRefreshQuery(months: number) {
  return queryOptions({
    queryKey: ['sites', 'to-refresh', months] as const,
    queryFn: ({ signal }) => apiFetch<SitesToRefresh>(`/api/sites/to-refresh?months=${months}`, { signal }),
  });
}
