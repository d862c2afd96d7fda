/**
 * Picks the basemap once at start-up: the online style of `GET /api/config` when one is
 * configured and loads within a few seconds, else the offline basemap (which needs nothing
 * but this app's own files). A failed online style is logged, never shown as an error: the
 * offline map is a complete product.
 */

import countriesUrl from 'virtual:lm-basemap-countries';
import type { StyleSpecification } from 'maplibre-gl';
import { useEffect, useState } from 'react';
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

/** `null` while deciding (a config round-trip, plus the online style if any). */
export function useBasemap(): Basemap | null {
  const [basemap, setBasemap] = useState<Basemap | null>(null);
  useEffect(() => {
    let cancelled = false;
    const ctrl = new AbortController();
    const timer = setTimeout(() => ctrl.abort(), ONLINE_TIMEOUT_MS);
    (async () => {
      try {
        const { basemapStyleUrl } = await getConfig();
        if (!basemapStyleUrl) return offlineBasemap();
        return { style: await loadOnlineStyle(basemapStyleUrl, ctrl.signal), kind: 'online' } as Basemap;
      } catch (err) {
        console.warn('Landmatch: online basemap unavailable, using the offline basemap.', err);
        return offlineBasemap();
      }
    })().then((b) => {
      clearTimeout(timer);
      if (!cancelled) setBasemap(b);
    });
    return () => {
      cancelled = true;
      clearTimeout(timer);
      ctrl.abort();
    };
  }, []);
  return basemap;
}
