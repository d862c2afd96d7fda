/**
 * What a project draws on the shared map: its shortlisted sites (or its match results) as
 * highlighted plots with numbered markers. Plot geometries come from `GET /api/sites/:id`,
 * fetched once per site and cached for the screen's lifetime; a site without a geometry yet
 * falls back to the point the shortlist API gives.
 */

import type { SiteDetail } from '@api/modules/sites/sites.schemas.ts';
import type { Geometry } from 'geojson';
import { useEffect, useMemo, useRef, useState } from 'react';
import { isAbort } from '../../api/client.ts';
import { getSite } from '../../api/sites.ts';
import type { Bounds, RankMarker } from '../../map/map-view.tsx';
import {
  EMPTY_OVERLAY,
  geometryBbox,
  labelPoint,
  type OverlayCollection,
  toOverlay,
} from '../../map/overlay-layers.ts';

export interface ProjectMapLayers {
  overlay: OverlayCollection;
  markers: RankMarker[];
  bbox: Bounds | null;
}

export const EMPTY_PROJECT_MAP: ProjectMapLayers = { overlay: EMPTY_OVERLAY, markers: [], bbox: null };

export interface MapEntry {
  siteId: string;
  rank: number;
  name: string;
  /** A point on the site (shortlist API), used until the plot geometry is in. */
  location?: [number, number] | null;
}

/**
 * Overlay, markers and bounding box of ranked sites:
 * `buildProjectLayers([{ siteId, rank: 1, name }], geometries)` → one plot and marker "1".
 */
export function buildProjectLayers(
  entries: readonly MapEntry[],
  geometries: ReadonlyMap<string, Geometry>,
): ProjectMapLayers {
  if (entries.length === 0) return EMPTY_PROJECT_MAP;
  const items: Array<{ id: string; geometry: Geometry; rank: number; name: string }> = [];
  const markers: RankMarker[] = [];
  for (const e of entries) {
    const geometry: Geometry | null =
      geometries.get(e.siteId) ?? (e.location ? { type: 'Point', coordinates: e.location } : null);
    if (!geometry) continue;
    items.push({ id: e.siteId, geometry, rank: e.rank, name: e.name });
    const p = labelPoint(geometry);
    if (p) markers.push({ siteId: e.siteId, rank: e.rank, name: e.name, position: [p[0], p[1]] });
  }
  return {
    overlay: items.length ? toOverlay(items) : EMPTY_OVERLAY,
    markers,
    bbox: geometryBbox(items.map((i) => i.geometry)),
  };
}

/** Plot geometries of the given sites, fetched as needed; `failed` when some could not be loaded. */
export function useSiteGeometries(ids: readonly string[]): {
  geometries: ReadonlyMap<string, Geometry>;
  failed: boolean;
} {
  const [sites, setSites] = useState<Map<string, SiteDetail>>(() => new Map());
  const [failed, setFailed] = useState(false);
  // Sites that failed once are not asked again (a deleted site would be asked forever).
  const given = useRef(new Set<string>());
  const key = [...new Set(ids)].sort().join(',');

  useEffect(() => {
    const missing = key ? key.split(',').filter((id) => !sites.has(id) && !given.current.has(id)) : [];
    if (missing.length === 0) return;
    const ctrl = new AbortController();
    Promise.allSettled(missing.map((id) => getSite(id, ctrl.signal))).then((all) => {
      if (ctrl.signal.aborted) return;
      all.forEach((r, i) => {
        if (r.status === 'rejected' && !isAbort(r.reason)) given.current.add(missing[i]);
      });
      setFailed(all.some((r) => r.status === 'rejected' && !isAbort(r.reason)));
      if (!all.some((r) => r.status === 'fulfilled')) return;
      setSites((prev) => {
        const next = new Map(prev);
        for (const r of all) if (r.status === 'fulfilled') next.set(String(r.value.id), r.value);
        return next;
      });
    });
    return () => ctrl.abort();
  }, [key, sites]);

  const geometries = useMemo(() => {
    const m = new Map<string, Geometry>();
    for (const [id, s] of sites) if (s.geometry) m.set(id, s.geometry);
    return m;
  }, [sites]);
  return { geometries, failed };
}
