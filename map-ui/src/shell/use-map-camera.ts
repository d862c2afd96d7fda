/**
 * Where the map looks: its first view (from the URL, else all of France), the box it shows
 * (for the site list), and fit requests that leave room for what covers the map — the legend
 * on the left when open, the site panel on the right when a site is open.
 */
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { Bounds, FitRequest } from '../map/map-view.tsx';
import type { MapView as ViewState } from '../state/url-state.ts';

const FRANCE_VIEW: ViewState = { longitude: 2.45, latitude: 46.6, zoom: 5.2 };
/** Site panel width + its margins (styles.css), and the legend's, for fitting the map around them. */
export const SITE_PANEL_INSET = 412;
const LEGEND_INSET = 250;

export interface MapCamera {
  initialView: ViewState;
  bounds: Bounds | null;
  setBounds(b: Bounds): void;
  fitRequest: FitRequest | null;
  /** Zooms the map to a box, around the legend and the site panel. */
  fitMap(bbox: Bounds): void;
  legendOpen: boolean;
  setLegendOpen(open: boolean): void;
}

export function useMapCamera(urlView: ViewState | null, sitePanelOpen: boolean): MapCamera {
  const initialView = useRef(urlView ?? FRANCE_VIEW);
  const [bounds, setBounds] = useState<Bounds | null>(null);
  const [fitRequest, setFitRequest] = useState<FitRequest | null>(null);
  const [legendOpen, setLegendOpen] = useState(true);
  const fitMap = useCallback(
    (bbox: Bounds) =>
      setFitRequest({
        bbox,
        key: Date.now(),
        // Top leaves room for the rank markers (drawn above their point), bottom for the attribution.
        padding: {
          top: 70,
          bottom: 70,
          left: 60 + (legendOpen ? LEGEND_INSET : 0),
          right: 60 + (sitePanelOpen ? SITE_PANEL_INSET : 0),
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
