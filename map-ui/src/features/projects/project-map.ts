/**
 * What a project draws on the shared map: its shortlisted sites (or its match results) as
 * highlighted plots with numbered markers. Plot geometries come from `GET /api/sites/:id`
 * (the site query the site panel shares, so each site is asked once); a site without a
 * geometry yet falls back to the point the shortlist API gives.
 */

import type { SiteDetail } from '@api/modules/sites/sites.schemas.ts';
import { useQueries } from '@tanstack/react-query';
import type { Geometry } from 'geojson';
import { siteQuery } from '../../api/sites.ts';
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

/** Plot geometries of the given sites, asked as needed; `failed` when some could not be loaded. */
export function useSiteGeometries(ids: readonly string[]): {
  geometries: ReadonlyMap<string, Geometry>;
  failed: boolean;
} {
  const unique = [...new Set(ids)].sort();
  return useQueries({
    // A site that failed is not asked again (a deleted site would be asked forever).
    queries: unique.map((id) => ({ ...siteQuery(id), retryOnMount: false })),
    combine: geometriesOf,
  });
}

/** Kept out of the hook so TanStack Query can keep the combined result while nothing changed. */
function geometriesOf(results: ReadonlyArray<{ data?: SiteDetail; isError: boolean }>) {
  const geometries = new Map<string, Geometry>();
  for (const r of results) if (r.data?.geometry) geometries.set(String(r.data.id), r.data.geometry);
  return { geometries: geometries as ReadonlyMap<string, Geometry>, failed: results.some((r) => r.isError) };
}
