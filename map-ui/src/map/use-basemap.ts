/**
 * Picks the basemap once at start-up: the online style of `GET /api/config` when one is
 * configured and loads within a few seconds, else the offline basemap (which needs nothing
 * but this app's own files). A failed online style is logged, never shown as an error: the
 * offline map is a complete product.
 */

import countriesUrl from 'virtual:lm-basemap-countries';
import { useQuery } from '@tanstack/react-query';
import type { StyleSpecification } from 'maplibre-gl';
import { getConfig } from '../api/config.ts';
import { buildOfflineBasemap } from './basemap-style.ts';
import { loadOnlineStyle } from './online-basemap.ts';

const ONLINE_TIMEOUT_MS = 6000;

export interface Basemap {
  style: StyleSpecification;
  kind: 'offline' | 'online';
}

export function offlineBasemap(): Basemap {
  return { style: buildOfflineBasemap(countriesUrl), kind: 'offline' };
}

/** The config, then the online style if any, within the time limit; never fails (offline fallback). */
async function pickBasemap(): Promise<Basemap> {
  const ctrl = new AbortController();
  const timer = setTimeout(() => ctrl.abort(), ONLINE_TIMEOUT_MS);
  try {
    const { basemapStyleUrl } = await getConfig();
    if (!basemapStyleUrl) return offlineBasemap();
    return { style: await loadOnlineStyle(basemapStyleUrl, ctrl.signal), kind: 'online' };
  } catch (err) {
    console.warn('Landmatch: online basemap unavailable, using the offline basemap.', err);
    return offlineBasemap();
  } finally {
    clearTimeout(timer);
  }
}

/** `null` while deciding (a config round-trip, plus the online style if any); decided once per page. */
export function useBasemap(): Basemap | null {
  const query = useQuery({
    queryKey: ['public', 'basemap'],
    queryFn: pickBasemap,
    staleTime: Number.POSITIVE_INFINITY,
    gcTime: Number.POSITIVE_INFINITY,
    retry: false,
  });
  return query.data ?? null;
}
