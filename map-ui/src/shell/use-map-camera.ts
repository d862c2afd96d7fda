/**
 * Where the map looks: its first view (from the URL, else all of France), the box it shows
 * (for the site list: estimated from the first view and the window until the map reports it,
 * so the list never waits for the map), and fit requests that leave room for what covers the
 * map — the legend on the left when open, the site panel on the right when a site is open.
 */
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { viewBounds } from '../map/camera-fit.ts';
import type { Bounds, FitRequest } from '../map/map-view.tsx';
import type { MapView as ViewState } from '../state/url-state.ts';

const FRANCE_VIEW: ViewState = { longitude: 2.45, latitude: 46.6, zoom: 5.2 };
/** Site panel width + its margins (styles.css), and the legend's, for fitting the map around them. */
export const SITE_PANEL_INSET = 412;
const LEGEND_INSET = 250;
/** Zoom of a fit to results: close enough to tell a plot, far enough to see the roads around it. */
export const RESULTS_MAX_ZOOM = 14;

export interface FitOptions {
  /** The site panel will be open over the map (a site chosen in a list), whatever it is now. */
  sitePanel?: boolean;
  maxZoom?: number;
}

export interface MapCamera {
  initialView: ViewState;
  bounds: Bounds | null;
  setBounds(b: Bounds): void;
  fitRequest: FitRequest | null;
  /** Zooms the map to a box, around the legend and the site panel. */
  fitMap(bbox: Bounds, opts?: FitOptions): void;
  legendOpen: boolean;
  setLegendOpen(open: boolean): void;
}

export function useMapCamera(urlView: ViewState | null, sitePanelOpen: boolean): MapCamera {
  const initialView = useRef(urlView ?? FRANCE_VIEW);
  // The window is wider than the map (the sidebar is beside it): the first list asks a little
  // more than the view, and is asked again as soon as the map reports its real box.
  const [bounds, setBounds] = useState<Bounds | null>(() =>
    viewBounds(initialView.current, window.innerWidth, window.innerHeight),
  );
  const [fitRequest, setFitRequest] = useState<FitRequest | null>(null);
  const [legendOpen, setLegendOpen] = useState(true);
  const fitMap = useCallback(
    (bbox: Bounds, opts: FitOptions = {}) =>
      setFitRequest({
        bbox,
        key: Date.now(),
        maxZoom: opts.maxZoom,
        // Top leaves room for the rank markers (drawn above their point), bottom for the attribution.
        padding: {
          top: 70,
          bottom: 70,
          left: 60 + (legendOpen ? LEGEND_INSET : 0),
          right: 60 + (sitePanelOpen || opts.sitePanel ? SITE_PANEL_INSET : 0),
        },
      }),
    [sitePanelOpen, legendOpen],
  );
  return {
    initialView: initialView.current,
    bounds,
    setBounds,
    fitRequest,
    fitMap,
    legendOpen,
    setLegendOpen,
  };
}

/**
 * Fits the map to a box that arrives after an action (a match run's results): `expect()` before
 * the action, `cancel()` if it failed; the first box that comes in afterwards is fitted once.
 */
export function useFitWhenReady(bbox: Bounds | null, fitMap: (b: Bounds) => void) {
  const pending = useRef(false);
  useEffect(() => {
    if (pending.current && bbox) {
      pending.current = false;
      fitMap(bbox);
    }
  }, [bbox, fitMap]);
  return useMemo(
    () => ({
      expect: () => {
        pending.current = true;
      },
      cancel: () => {
        pending.current = false;
      },
    }),
    [],
  );
}

/**
 * Fits the map to the results of the list's filters and text search each time they change
 * (`fit.key`, once their box is in), except for the ones the page opened with when its link
 * says where to look (a map view or an open site). Clearing every filter does not move the map.
 */
export function useFitToResults(
  fit: { key: string; bbox: Bounds; filtered: boolean } | null,
  fitMap: (b: Bounds, opts?: FitOptions) => void,
  openedAt: { view: ViewState | null; selected: string | null },
) {
  const fitted = useRef<string | null>(null);
  const skipFirst = useRef(openedAt.view !== null || openedAt.selected !== null);
  useEffect(() => {
    if (!fit || fit.key === fitted.current) return;
    const first = fitted.current === null;
    fitted.current = fit.key;
    if ((first && skipFirst.current) || !fit.filtered) return;
    fitMap(fit.bbox, { maxZoom: RESULTS_MAX_ZOOM });
  }, [fit, fitMap]);
}
