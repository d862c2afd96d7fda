/**
 * The open site: its record (site panel), its outline on the map, and how it was chosen — a
 * click in a list flies to it at once when the list had its outline (else once its record is
 * in), and so does a shared link without a view, leaving room for the panel that opens; a
 * click on the map does not move the map.
 */
import type { Geometry } from 'geojson';
import { useCallback, useEffect, useMemo, useRef } from 'react';
import { type SiteDetailState, useSiteDetail } from '../features/site-panel/use-site-detail.ts';
import type { Bounds } from '../map/map-view.tsx';
import { EMPTY_OVERLAY, geometryBbox, type OverlayCollection, toOverlay } from '../map/overlay-layers.ts';
import type { UrlState } from '../state/url-state.ts';
import type { UrlStateUpdate } from '../state/use-url-state.ts';
import type { FitOptions } from './use-map-camera.ts';

export interface SiteSelection {
  detail: SiteDetailState;
  overlay: OverlayCollection;
  selectFromMap(id: string): void;
  /** `geometry`: the outline the list already has, to fly there without waiting for the record. */
  selectFromList(id: string, geometry?: Geometry | null): void;
  close(): void;
}

export function useSiteSelection(
  state: UrlState,
  update: (u: UrlStateUpdate) => void,
  fitMap: (b: Bounds, opts?: FitOptions) => void,
): SiteSelection {
  const detail = useSiteDetail(state.selected);
  const fitOnLoad = useRef(state.selected !== null && state.view === null);

  useEffect(() => {
    if (!detail.site || !fitOnLoad.current) return;
    fitOnLoad.current = false;
    const box = geometryBbox([detail.site.geometry]);
    if (box) fitMap(box, { sitePanel: true });
  }, [detail.site, fitMap]);

  const overlay = useMemo(
    () =>
      detail.site
        ? toOverlay([{ id: String(detail.site.id), geometry: detail.site.geometry }])
        : EMPTY_OVERLAY,
    [detail.site],
  );
  const selectFromMap = useCallback((id: string) => update({ selected: id }), [update]);
  const selectFromList = useCallback(
    (id: string, geometry?: Geometry | null) => {
      const box = geometry ? geometryBbox([geometry]) : null;
      if (box) fitMap(box, { sitePanel: true });
      fitOnLoad.current = box === null;
      update({ selected: id });
    },
    [update, fitMap],
  );
  const close = useCallback(() => update({ selected: null }), [update]);
  return { detail, overlay, selectFromMap, selectFromList, close };
}
