/** Loads the selected site's full record (public facts + access distances): the `siteQuery` of its id. */

import type { SiteDetail } from '@api/modules/sites/sites.schemas.ts';
import { useQuery } from '@tanstack/react-query';
import { siteQuery } from '../../api/sites.ts';

export interface SiteDetailState {
  site: SiteDetail | null;
  loading: boolean;
  error: unknown;
  reload(): void;
}

export function useSiteDetail(id: string | null): SiteDetailState {
  const query = useQuery({ ...siteQuery(id ?? ''), enabled: id !== null });
  const { refetch } = query;
  return {
    site: id !== null ? (query.data ?? null) : null,
    loading: query.isFetching,
    error: id !== null ? query.error : null,
    reload: () => void refetch(),
  };
}
