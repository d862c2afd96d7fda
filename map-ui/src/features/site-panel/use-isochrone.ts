/**
 * The "30 min" toggle of the site panel: the drive-time area of the open site, asked from a
 * point on the site and fitted into view when it arrives (it is far larger than the site).
 */

import type { SiteDetail } from '@api/modules/sites/sites.schemas.ts';
import { useQuery } from '@tanstack/react-query';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { type Isochrone, isochroneQuery } from '../../api/sites.ts';
import type { Bounds } from '../../map/map-view.tsx';
import { geometryBbox, labelPoint } from '../../map/overlay-layers.ts';

/** The drive-time area drawn on the map for the open site (the "30 min" toggle). */
export type IsochroneState = 'off' | 'loading' | 'road' | 'estimate' | 'error';
export const ISOCHRONE_MINUTES = 30;

export interface IsochroneToggle {
  state: IsochroneState;
  feature: Isochrone | null;
  toggle(): void;
}

export function useIsochrone(site: SiteDetail | null, fitMap: (b: Bounds) => void): IsochroneToggle {
  const [on, setOn] = useState(false);
  const at = useMemo(() => (site ? labelPoint(site.geometry) : null), [site]);
  const query = useQuery({
    ...isochroneQuery(at ? [at[0], at[1]] : [0, 0], ISOCHRONE_MINUTES, 'car'),
    enabled: on && at !== null,
  });
  const feature = on && at ? (query.data ?? null) : null;

  // Each area shown is fitted once (again after the toggle is switched off and on).
  const fitted = useRef<Isochrone | null>(null);
  const fitRef = useRef(fitMap);
  fitRef.current = fitMap;
  useEffect(() => {
    if (!feature || fitted.current === feature) return;
    fitted.current = feature;
    const box = geometryBbox([feature.geometry]);
    if (box) fitRef.current(box);
  }, [feature]);

  const toggle = useCallback(() => {
    fitted.current = null;
    setOn((v) => !v);
  }, []);
  const state: IsochroneState = !on
    ? 'off'
    : feature
      ? feature.properties.method
      : query.isError
        ? 'error'
        : 'loading';
  return { state, feature, toggle };
}
