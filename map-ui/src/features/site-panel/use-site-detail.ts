/** Loads the selected site's full record (public facts + access distances). */

import type { SiteDetail } from '@api/modules/sites/sites.schemas.ts';
import { useCallback, useEffect, useState } from 'react';
import { isAbort } from '../../api/client.ts';
import { getSite } from '../../api/sites.ts';

export interface SiteDetailState {
  site: SiteDetail | null;
  loading: boolean;
  error: unknown;
  reload(): void;
}

export function useSiteDetail(id: string | null, version: number): SiteDetailState {
  const [site, setSite] = useState<SiteDetail | null>(null);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    // `attempt` and `version` only re-trigger the load.
    void attempt;
    void version;
    if (!id) {
      setSite(null);
      setError(null);
      return;
    }
    const ctrl = new AbortController();
    setLoading(true);
    setError(null);
    getSite(id, ctrl.signal)
      .then((s) => {
        setSite(s);
        setLoading(false);
      })
      .catch((e) => {
        if (isAbort(e)) return;
        setSite(null);
        setError(e);
        setLoading(false);
      });
    return () => ctrl.abort();
  }, [id, attempt, version]);

  const reload = useCallback(() => setAttempt((a) => a + 1), []);
  return { site: site && site.id === id ? site : null, loading, error, reload };
}
