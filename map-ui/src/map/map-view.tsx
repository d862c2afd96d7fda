/**
 * The one component that owns the MapLibre instance. Everything it draws comes from the pure
 * builders (map-style.ts); it turns map events into callbacks (view changes, site clicks)
 * and exposes `window.__lm` for browser tests and debugging.
 */
import 'maplibre-gl/dist/maplibre-gl.css';
import type { Map as MapLibreMap, StyleSpecification } from 'maplibre-gl';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import MapGL, {
  AttributionControl,
  Layer,
  type MapLayerMouseEvent,
  type MapRef,
  Marker,
  NavigationControl,
  Popup,
  ScaleControl,
  Source,
  type ViewStateChangeEvent,
} from 'react-map-gl/maplibre';
import type { Isochrone } from '../api/sites.ts';
import { useI18n } from '../i18n/i18n.tsx';
import type { SiteFilters } from '../state/filters.ts';
import type { ColorBy, MapView as MapViewState } from '../state/url-state.ts';
import { fitPadding } from './camera-fit.ts';
import { ISOCHRONE_COLOR } from './colors.ts';
import { type InfraLayerKey, LAYER, SITE_LAYERS, SOURCE, SOURCE_LAYER } from './layer-ids.ts';
import { buildMapStyle } from './map-style.ts';
import { maplibreReady } from './maplibre.ts';
import type { OverlayCollection } from './overlay-layers.ts';
import { siteTileRequest } from './site-tiles.ts';

export type Bounds = [west: number, south: number, east: number, north: number];

export interface RankMarker {
  siteId: string;
  rank: number;
  name: string;
  position: [number, number];
}

export interface FitRequest {
  bbox: Bounds;
  /** Changes on every request, so fitting twice to the same box works. */
  key: number;
  padding?: { top: number; bottom: number; left: number; right: number };
  /** Closest zoom the fit may reach (default 15). */
  maxZoom?: number;
}

export interface MapViewProps {
  basemap: StyleSpecification;
  initialView: MapViewState;
  colorBy: ColorBy;
  /** The list's filters, text search included: the server filters the site tiles with them. */
  filters: SiteFilters;
  infraLayers: readonly InfraLayerKey[];
  dimSites: boolean;
  selection: OverlayCollection;
  matchResults: OverlayCollection;
  markers: readonly RankMarker[];
  fitRequest: FitRequest | null;
  /** Width covered on the right by the site panel that a click opens: a site clicked under it is panned into view. */
  panelInset: number;
  onViewChange(view: MapViewState, bounds: Bounds): void;
  onSelectSite(id: string): void;
  onTileError?(): void;
  /** The drive-time area of the open site (site panel toggle), drawn under the selection. */
  isochrone?: Isochrone | null;
  /** The MapLibre instance once created (the site editor draws on it), null when it goes. */
  onMap?(map: MapLibreMap | null): void;
  /**
   * Keeps the style as it is (the site editor: terra-draw's own sources and layers would be
   * dropped by a style change), whatever the other props say until it is false again.
   */
  freezeStyle?: boolean;
}

interface Hovered {
  id: string | number;
  layer: 'site' | 'infra' | 'cluster';
  name: string;
  detail: string;
  lngLat: [number, number];
}

declare global {
  interface Window {
    /** Test and debugging hook: the live map and its layer ids. */
    __lm?: { map: MapLibreMap; layers: typeof LAYER };
  }
}

/** WebGL is required by MapLibre; without it the list still works and the map says why. */
function hasWebGL(): boolean {
  try {
    const c = document.createElement('canvas');
    return Boolean(c.getContext('webgl2') ?? c.getContext('webgl'));
  } catch {
    return false;
  }
}

const INFRA_LAYER_PREFIX = 'lm-infra-';

export function MapView(props: MapViewProps) {
  const { t, tx, fmt } = useI18n();
  const mapRef = useRef<MapRef>(null);
  const hoveredRef = useRef<Hovered | null>(null);
  const [hovered, setHovered] = useState<Hovered | null>(null);
  const [webgl] = useState(hasWebGL);
  const origin = window.location.origin;
  const { onViewChange, onSelectSite, onTileError, panelInset, onMap } = props;

  const style = useMemo(
    () =>
      buildMapStyle({
        origin,
        basemap: props.basemap,
        colorBy: props.colorBy,
        filters: props.filters,
        dimmed: props.dimSites,
        infraLayers: props.infraLayers,
        selection: props.selection,
        matchResults: props.matchResults,
      }),
    [
      origin,
      props.basemap,
      props.colorBy,
      props.filters,
      props.dimSites,
      props.infraLayers,
      props.selection,
      props.matchResults,
    ],
  );

  const shownStyle = useRef(style);
  if (!props.freezeStyle) shownStyle.current = style;

  const interactive = useMemo(
    () => [...SITE_LAYERS, ...props.infraLayers.map((k) => `${INFRA_LAYER_PREFIX}${k}`)],
    [props.infraLayers],
  );

  const report = useCallback(
    (map: MapLibreMap) => {
      const c = map.getCenter();
      const b = map.getBounds();
      onViewChange({ longitude: c.lng, latitude: c.lat, zoom: map.getZoom() }, [
        b.getWest(),
        b.getSouth(),
        b.getEast(),
        b.getNorth(),
      ]);
    },
    [onViewChange],
  );

  const setHover = useCallback((next: Hovered | null) => {
    const map = mapRef.current?.getMap();
    const prev = hoveredRef.current;
    // Clusters have no id, hence no feature state: they only get the tooltip.
    if (prev && map && prev.layer !== 'cluster' && (prev.id !== next?.id || prev.layer !== next?.layer)) {
      const source = prev.layer === 'site' ? SOURCE.sites : SOURCE.infrastructure;
      const sourceLayer = prev.layer === 'site' ? SOURCE_LAYER.sites : SOURCE_LAYER.infrastructure;
      map.setFeatureState({ source, sourceLayer, id: prev.id }, { hover: false });
    }
    if (next && map && next.layer !== 'cluster') {
      const source = next.layer === 'site' ? SOURCE.sites : SOURCE.infrastructure;
      const sourceLayer = next.layer === 'site' ? SOURCE_LAYER.sites : SOURCE_LAYER.infrastructure;
      map.setFeatureState({ source, sourceLayer, id: next.id }, { hover: true });
    }
    hoveredRef.current = next;
    setHovered(next);
  }, []);

  const onMouseMove = useCallback(
    (e: MapLayerMouseEvent) => {
      const f = e.features?.[0];
      if (!f) return setHover(null);
      const p = f.properties as Record<string, unknown>;
      const lngLat: [number, number] = [e.lngLat.lng, e.lngLat.lat];
      if (f.layer.id === LAYER.sitesCluster) {
        const count = Number(p.count);
        const key = `cluster:${lngLat.map((v) => v.toFixed(2)).join(',')}:${count}`;
        if (hoveredRef.current?.id === key) return;
        return setHover({
          id: key,
          layer: 'cluster',
          name: t('map.cluster', { count }),
          detail: t('map.clusterHint'),
          lngLat,
        });
      }
      if (f.id === undefined) return setHover(null);
      const isSite = SITE_LAYERS.includes(f.layer.id);
      const detail = isSite
        ? [
            typeof p.availableAreaHa === 'number'
              ? t('map.tooltip.available', { area: fmt.hectares(p.availableAreaHa) })
              : '',
            tx(`status.${String(p.status)}`, ''),
          ]
            .filter(Boolean)
            .join(' · ')
        : [
            tx(`infra.kind.${String(p.kind)}`, String(p.kind)),
            typeof p.voltageKv === 'number' ? `${fmt.number(p.voltageKv, 0)} kV` : '',
          ]
            .filter(Boolean)
            .join(' · ');
      if (hoveredRef.current?.id === f.id) return;
      setHover({ id: f.id, layer: isSite ? 'site' : 'infra', name: String(p.name ?? ''), detail, lngLat });
    },
    [setHover, t, tx, fmt],
  );

  const onClick = useCallback(
    (e: MapLayerMouseEvent) => {
      const f = e.features?.find((x) => SITE_LAYERS.includes(x.layer.id));
      if (!f) return;
      if (f.layer.id === LAYER.sitesCluster) {
        // A cluster opens up two zoom levels closer.
        e.target.easeTo({ center: e.lngLat, zoom: Math.min(e.target.getZoom() + 2, 14), duration: 500 });
        return;
      }
      const id = f.properties?.id ?? f.id;
      if (id === undefined || id === null) return;
      onSelectSite(String(id));
      const width = e.target.getContainer().clientWidth;
      const visible = width - panelInset;
      if (e.point.x > visible - 24) e.target.panBy([e.point.x - visible / 2, 0], { duration: 500 });
    },
    [onSelectSite, panelInset],
  );

  const onLoad = useCallback(
    (e: { target: MapLibreMap }) => {
      foldAttributionOnPhones(e.target);
      report(e.target);
    },
    [report],
  );
  const [mapReady, setMapReady] = useState(false);
  const reportRef = useRef(report);
  reportRef.current = report;

  // The test hook exists from the moment the map does (tests then wait for it to be idle). The
  // map knows its box as soon as it exists: the list need not wait for its load event.
  const setMapRef = useCallback(
    (ref: MapRef | null) => {
      mapRef.current = ref;
      if (ref) {
        window.__lm = { map: ref.getMap(), layers: LAYER };
        ref.getMap().once('styledata', (e) => foldAttributionOnPhones(e.target));
        reportRef.current(ref.getMap());
      }
      setMapReady(ref !== null);
      onMap?.(ref ? ref.getMap() : null);
    },
    [onMap],
  );

  const onError = useCallback(
    (e: { error?: Error & { status?: number }; sourceId?: string }) => {
      // A missing tile (404) is normal at the edges; anything else means the tiles are down.
      if ((e.sourceId === SOURCE.sites || e.sourceId === SOURCE.infrastructure) && e.error?.status !== 404) {
        onTileError?.();
      }
    },
    [onTileError],
  );

  // A fit asked before the map existed (results that came in first) is done once it does.
  const fit = props.fitRequest;
  const fitted = useRef<number | null>(null);
  useEffect(() => {
    const map = mapRef.current?.getMap();
    if (!fit || !map || !mapReady || fitted.current === fit.key) return;
    fitted.current = fit.key;
    const [w, s, e, n] = fit.bbox;
    const c = map.getContainer();
    const padding = fitPadding(
      fit.padding ?? { top: 60, bottom: 60, left: 60, right: 60 },
      c.clientWidth,
      c.clientHeight,
    );
    const maxZoom = fit.maxZoom ?? 15;
    if (e - w < 1e-6 && n - s < 1e-6)
      map.flyTo({ center: [w, s], zoom: Math.min(14, maxZoom), padding, duration: 700 });
    else
      map.fitBounds(
        [
          [w, s],
          [e, n],
        ],
        { padding, maxZoom, duration: 700 },
      );
  }, [fit, mapReady]);

  if (!webgl) {
    return (
      <div className="map-fallback" role="status">
        <p>{t('map.noWebgl')}</p>
      </div>
    );
  }

  return (
    <section className="map-canvas" aria-label={t('map.label')}>
      <MapGL
        ref={setMapRef}
        mapLib={maplibreReady}
        initialViewState={props.initialView}
        mapStyle={shownStyle.current}
        transformRequest={siteTileRequest}
        interactiveLayerIds={interactive}
        onMouseMove={onMouseMove}
        onMouseLeave={() => setHover(null)}
        onClick={onClick}
        onLoad={onLoad}
        onMoveEnd={(e: ViewStateChangeEvent) => report(e.target)}
        onError={onError}
        cursor={hovered && hovered.layer !== 'infra' ? 'pointer' : 'grab'}
        attributionControl={false}
        maxZoom={18}
        minZoom={2}
        dragRotate={false}
        pitchWithRotate={false}
        touchPitch={false}
        style={{ position: 'absolute', inset: 0 }}
      >
        <NavigationControl position="top-left" showCompass={false} />
        <ScaleControl position="bottom-right" unit="metric" />
        <AttributionControl position="bottom-right" compact />
        {hovered && (
          <Popup
            longitude={hovered.lngLat[0]}
            latitude={hovered.lngLat[1]}
            closeButton={false}
            closeOnClick={false}
            offset={12}
            className="map-tooltip"
            maxWidth="260px"
          >
            <strong>{hovered.name || t('site.unnamed')}</strong>
            {hovered.detail && <span>{hovered.detail}</span>}
          </Popup>
        )}
        {props.isochrone && (
          <Source id={SOURCE.isochrone} type="geojson" data={props.isochrone}>
            <Layer
              id={LAYER.isochroneFill}
              type="fill"
              paint={{ 'fill-color': ISOCHRONE_COLOR, 'fill-opacity': 0.12 }}
            />
            <Layer
              id={LAYER.isochroneLine}
              type="line"
              paint={{
                'line-color': ISOCHRONE_COLOR,
                'line-width': 2,
                ...(props.isochrone.properties.method === 'estimate' ? { 'line-dasharray': [2, 2] } : {}),
              }}
            />
          </Source>
        )}
        {props.markers.map((m) => (
          <Marker key={m.siteId} longitude={m.position[0]} latitude={m.position[1]} anchor="bottom">
            <button
              type="button"
              className="rank-marker"
              data-rank={m.rank}
              aria-label={t('match.marker', { rank: m.rank, name: m.name })}
              title={m.name}
              onClick={(ev) => {
                ev.stopPropagation();
                onSelectSite(m.siteId);
              }}
            >
              {m.rank}
            </button>
          </Marker>
        ))}
      </MapGL>
    </section>
  );
}

/**
 * On a narrow map the attribution starts folded behind its (i) button, not over a third of a
 * phone's map: MapLibre shows a compact attribution unfolded at first and folds it at the first
 * drag (the same class change here); a tap on (i) unfolds it.
 */
function foldAttributionOnPhones(map: MapLibreMap): void {
  const container = map.getContainer();
  if (container.offsetWidth >= 768) return;
  container
    .querySelector('.maplibregl-ctrl-attrib.maplibregl-compact')
    ?.classList.remove('maplibregl-compact-show');
}
