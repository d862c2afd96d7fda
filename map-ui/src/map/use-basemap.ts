/**
 * Which basemap the map shows. `GET /api/config` lists the basemaps to offer (the default
 * first; `offline` always, and only it unless a deployment configures online ones); the
 * switcher's choice is kept for the session in localStorage. An online basemap is loaded and
 * checked before it replaces the current one (online-basemap.ts); when it fails (no network,
 * an HTTP error, an invalid style, a timeout) the offline basemap is shown and `failed` names
 * the one that failed, for the switcher to say so.
 */

import adminUrl from 'virtual:lm-basemap-admin';
import communesUrl from 'virtual:lm-basemap-communes';
import countriesUrl from 'virtual:lm-basemap-countries';
import { useQuery } from '@tanstack/react-query';
import type { StyleSpecification } from 'maplibre-gl';
import { useRef, useSyncExternalStore } from 'react';
import {
  type BasemapConfig,
  type BasemapId,
  type ClientBasemap,
  getConfig,
  OFFLINE_ONLY,
} from '../api/config.ts';
import { buildOfflineBasemap, glyphsUrl } from './basemap-style.ts';
import { loadOnlineBasemap } from './online-basemap.ts';

const ONLINE_TIMEOUT_MS = 6000;
const STORAGE_KEY = 'lm.basemap';

export interface Basemap {
  id: BasemapId;
  style: StyleSpecification;
  kind: 'offline' | 'online';
}

const appGlyphs = () => glyphsUrl(window.location.origin, import.meta.env.BASE_URL);
const absolute = (url: string) => new URL(url, window.location.origin).href;

let offline: Basemap | null = null;

/** The offline basemap (one object per page, so React memos keep it). */
export function offlineBasemap(): Basemap {
  offline ??= {
    id: 'offline',
    kind: 'offline',
    style: buildOfflineBasemap({
      countries: absolute(countriesUrl),
      admin: absolute(adminUrl),
      communes: absolute(communesUrl),
      glyphs: appGlyphs(),
    }),
  };
  return offline;
}

// The switcher's choice: one per page, shared by every map (main map, import preview).
let chosen: string | null = readStored();
const listeners = new Set<() => void>();

function readStored(): string | null {
  try {
    return window.localStorage.getItem(STORAGE_KEY);
  } catch {
    return null;
  }
}

/** Switches every map of the page to basemap `id` (remembered in localStorage). */
export function chooseBasemap(id: BasemapId): void {
  chosen = id;
  try {
    window.localStorage.setItem(STORAGE_KEY, id);
  } catch {
    // Private mode: the choice lasts for the page.
  }
  for (const l of listeners) l();
}

const subscribe = (l: () => void) => {
  listeners.add(l);
  return () => listeners.delete(l);
};

async function loadBasemap(option: ClientBasemap, cadastre: BasemapConfig['cadastre']): Promise<Basemap> {
  if (option.type === 'offline') return offlineBasemap();
  const ctrl = new AbortController();
  const timer = setTimeout(() => ctrl.abort(), ONLINE_TIMEOUT_MS);
  try {
    const style = await loadOnlineBasemap(option, cadastre, appGlyphs(), ctrl.signal);
    return { id: option.id, style, kind: 'online' };
  } catch (err) {
    console.warn(`Landmatch: basemap "${option.id}" unavailable, using the offline basemap.`, err);
    throw err;
  } finally {
    clearTimeout(timer);
  }
}

export interface BasemapState {
  /** The basemaps to offer, the default first (only `offline` until the config arrives). */
  options: ClientBasemap[];
  /** The one asked for (the switcher's choice, else the default). */
  selected: BasemapId;
  /** The one drawn: null only before the first basemap is ready. */
  shown: Basemap | null;
  loading: boolean;
  /** The basemap that failed to load (the offline one is shown instead), or null. */
  failed: BasemapId | null;
  /** Online basemaps get the cadastral parcels from zoom 15. */
  cadastre: boolean;
  /** Asks again for a basemap that failed. */
  retry(): void;
}

export function useBasemapState(): BasemapState {
  const choice = useSyncExternalStore(subscribe, () => chosen);
  const config = useQuery({
    queryKey: ['public', 'config'],
    queryFn: getConfig,
    staleTime: Number.POSITIVE_INFINITY,
    gcTime: Number.POSITIVE_INFINITY,
    retry: false,
  });
  // A server that cannot say: offline only (never blocks the map).
  const cfg = config.data ?? (config.isError ? OFFLINE_ONLY : null);
  const options = cfg?.basemaps ?? OFFLINE_ONLY.basemaps;
  const option = options.find((o) => o.id === choice) ?? options[0];
  const basemap = useQuery({
    queryKey: ['public', 'basemap', option.id, option.url, cfg?.cadastre?.url ?? null],
    queryFn: () => loadBasemap(option, cfg?.cadastre ?? null),
    enabled: cfg !== null,
    staleTime: Number.POSITIVE_INFINITY,
    gcTime: Number.POSITIVE_INFINITY,
    retry: false,
  });
  // While a new basemap loads, the previous one stays on screen.
  const last = useRef<Basemap | null>(null);
  let shown: Basemap | null = basemap.data ?? null;
  if (basemap.isError) shown = offlineBasemap();
  if (shown) last.current = shown;
  else shown = last.current;
  return {
    options,
    selected: option.id,
    shown,
    loading: cfg === null || basemap.isFetching,
    failed: basemap.isError ? option.id : null,
    cadastre: Boolean(cfg?.cadastre),
    retry: () => void basemap.refetch(),
  };
}

/** The basemap style to draw: `null` while deciding (a config round-trip, plus an online style if chosen). */
export function useBasemap(): Basemap | null {
  return useBasemapState().shown;
}
