/**
 * The map side of the shell: the one shared map with what the current screen draws on it,
 * its legend, the tile-error notice, the site panel and the stage of the wide staff views.
 */
import type { Geometry } from 'geojson';
import type { Map as MapLibreMap } from 'maplibre-gl';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useSession } from '../features/account/use-session.ts';
import { MapLegend } from '../features/browse/map-legend.tsx';
import { EditorLauncher, SiteEditing, useSiteEditing } from '../features/site-editor/site-editing.tsx';
import { SitePanel } from '../features/site-panel/site-panel.tsx';
import type { IsochroneToggle } from '../features/site-panel/use-isochrone.ts';
import { useI18n } from '../i18n/i18n.tsx';
import type { Bounds, FitRequest, RankMarker } from '../map/map-view.tsx';
import { MapView } from '../map/map-view.tsx';
import { EMPTY_OVERLAY, geometryBbox, type OverlayCollection } from '../map/overlay-layers.ts';
import { useBasemap } from '../map/use-basemap.ts';
import type { SiteFilters } from '../state/filters.ts';
import { siteLink, type UrlState, type MapView as ViewState } from '../state/url-state.ts';
import type { UrlStateUpdate } from '../state/use-url-state.ts';
import type { SheetSnap } from '../ui/bottom-sheet.tsx';
import { Spinner } from '../ui/error-notice.tsx';
import { StageRoot } from '../ui/stage.tsx';
import { NARROW_QUERY, PHONE_QUERY, useMediaQuery } from '../ui/use-media-query.ts';
import { type MapCamera, SITE_PANEL_INSET } from './use-map-camera.ts';
import type { SiteSelection } from './use-site-selection.ts';

const NO_MARKERS: readonly RankMarker[] = [];
const noop = () => {};

interface Props {
  state: UrlState;
  update(u: UrlStateUpdate): void;
  camera: MapCamera;
  selection: SiteSelection;
  isochrone: IsochroneToggle;
  /** The site filters the map applies (none outside the browse screen). */
  filters: SiteFilters;
  /** Ranked sites of the current screen (match results, a project's shortlist). */
  ranked: { overlay: OverlayCollection; markers: readonly RankMarker[] } | null;
  /** The bottom sheet's height on phones, which covers the bottom of the map. */
  sheet: SheetSnap;
}

/** The tablet's site panel (styles.css: 340 px wide, 12 px from the edge) and a margin. */
const TABLET_PANEL_INSET = 364;

/**
 * A fit whose side margins (legend, site panel) leave less than 80 px of a narrow map is
 * refused by MapLibre ("cannot fit"): shrink them in proportion so that the fit happens.
 */
function fitWithin(fit: FitRequest, width: number): FitRequest {
  const p = fit.padding;
  if (!p) return fit;
  const room = Math.max(width - 80, 0);
  const sides = p.left + p.right;
  if (sides <= room) return fit;
  const k = room / sides;
  return { ...fit, padding: { ...p, left: Math.floor(p.left * k), right: Math.floor(p.right * k) } };
}

/** The sheet's peek height (styles.css `--sheet-peek`), for fitting the map above it. */
const SHEET_PEEK_PX = 112;

/**
 * On a phone nothing covers the map's sides: the legend and the site panel are over its top and
 * bottom. A fit keeps a small margin around the box and leaves the sheet's height at the bottom
 * (half the map when half or full: a site opened from the list brings the sheet to half).
 */
function phoneFit(fit: FitRequest, sheet: SheetSnap, mapHeight: number): FitRequest {
  const bottom = sheet === 'peek' ? SHEET_PEEK_PX : Math.round(mapHeight / 2);
  return { ...fit, padding: { top: 56, left: 24, right: 24, bottom: bottom + 24 } };
}

export function MapArea({ state, update, camera, selection, isochrone, filters, ranked, sheet }: Props) {
  const { t } = useI18n();
  const phone = useMediaQuery(PHONE_QUERY);
  const narrow = useMediaQuery(NARROW_QUERY);
  const basemap = useBasemap();
  const [tileError, setTileError] = useState(false);
  const onTileError = useCallback(() => setTileError(true), []);
  const { setBounds } = camera;
  const onViewChange = useCallback(
    (view: ViewState, b: Bounds) => {
      setBounds(b);
      update({ view });
    },
    [setBounds, update],
  );
  const { fitMap } = camera;
  const [map, setMap] = useState<MapLibreMap | null>(null);
  const { session } = useSession();
  const editing = useSiteEditing(session, (selected) => update({ selected }));
  // The legend starts folded on phones and tablets, where open it would hide much of the map.
  const { setLegendOpen } = camera;
  useEffect(() => {
    if (narrow) setLegendOpen(false);
  }, [narrow, setLegendOpen]);
  // The sheet's height when a fit is asked for (a later drag of the sheet does not refit).
  const sheetNow = useRef(sheet);
  sheetNow.current = sheet;
  const fitRequest = useMemo(() => {
    const fit = camera.fitRequest;
    if (!fit) return fit;
    const box = map?.getContainer();
    if (phone) return phoneFit(fit, sheetNow.current, box?.clientHeight ?? window.innerHeight);
    return fitWithin(fit, box?.clientWidth ?? window.innerWidth);
  }, [phone, camera.fitRequest, map]);
  const zoomTo = (geometry: Geometry) => {
    const box = geometryBbox([geometry]);
    if (box) fitMap(box);
  };

  return (
    <div className="map-area">
      {basemap ? (
        <MapView
          basemap={basemap.style}
          initialView={camera.initialView}
          colorBy={state.colorBy}
          filters={filters}
          infraLayers={state.layers}
          dimSites={ranked !== null}
          selection={selection.overlay}
          matchResults={ranked?.overlay ?? EMPTY_OVERLAY}
          markers={ranked?.markers ?? NO_MARKERS}
          fitRequest={fitRequest}
          panelInset={phone ? 0 : narrow ? TABLET_PANEL_INSET : SITE_PANEL_INSET}
          onViewChange={onViewChange}
          onSelectSite={editing.mode ? noop : selection.selectFromMap}
          onTileError={onTileError}
          isochrone={isochrone.feature}
          onMap={setMap}
          freezeStyle={editing.mode?.kind === 'edit' || editing.mode?.kind === 'create'}
        />
      ) : (
        <div className="map-loading">
          <Spinner label={t('map.loading')} />
        </div>
      )}
      <MapLegend
        colorBy={state.colorBy}
        layers={state.layers}
        showMatch={ranked !== null}
        open={camera.legendOpen}
        onOpen={camera.setLegendOpen}
        onColorBy={(colorBy) => update({ colorBy })}
        onLayers={(layers) => update({ layers })}
      />
      {tileError && (
        <div className="map-notice" role="alert">
          <span>{t('map.tileError')}</span>
          <button
            type="button"
            className="btn btn-small btn-ghost"
            onClick={() => setTileError(false)}
            aria-label={t('action.dismiss')}
          >
            ×
          </button>
        </div>
      )}
      <EditorLauncher editing={editing} />
      {editing.mode ? (
        <SiteEditing editing={editing} map={map} />
      ) : (
        state.selected !== null && (
          <SitePanel
            detail={selection.detail}
            shareUrl={siteLink(state, state.selected, window.location.origin)}
            onClose={selection.close}
            onZoom={(s) => zoomTo(s.geometry)}
            isochrone={isochrone.state}
            onToggleIsochrone={isochrone.toggle}
            session={session}
            onEdit={editing.canEdit(selection.detail.site) ? (s) => editing.edit(String(s.id)) : undefined}
          />
        )
      )}
      <StageRoot />
    </div>
  );
}
