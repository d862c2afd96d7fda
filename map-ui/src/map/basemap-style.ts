/**
 * The offline basemap: a plain sea background, land, coastline and country borders from the
 * GeoJSON built from world-atlas. No glyphs and no sprite, so it renders with no network at
 * all (the map's only text, the match ranks, is drawn as HTML markers: see map-view.tsx).
 */
import type { StyleSpecification } from 'maplibre-gl';
import { BASEMAP_COLORS } from './colors.ts';
import { LAYER, SOURCE } from './layer-ids.ts';

/** `buildOfflineBasemap('/assets/countries-1a2b.geojson')` → a complete style with 4 layers. */
export function buildOfflineBasemap(countriesUrl: string): StyleSpecification {
  return {
    version: 8,
    name: 'Landmatch offline',
    sources: {
      [SOURCE.countries]: {
        type: 'geojson',
        data: countriesUrl,
        attribution: 'Natural Earth (world-atlas)',
        // Outlines only: a coarse tolerance keeps low zooms light.
        tolerance: 0.6,
      },
    },
    layers: [
      { id: LAYER.background, type: 'background', paint: { 'background-color': BASEMAP_COLORS.water } },
      {
        id: LAYER.land,
        type: 'fill',
        source: SOURCE.countries,
        filter: ['==', ['get', 'kind'], 'land'],
        paint: { 'fill-color': BASEMAP_COLORS.land, 'fill-antialias': false },
      },
      {
        id: LAYER.coastline,
        type: 'line',
        source: SOURCE.countries,
        filter: ['==', ['get', 'kind'], 'land'],
        paint: {
          'line-color': BASEMAP_COLORS.coastline,
          'line-width': ['interpolate', ['linear'], ['zoom'], 3, 0.6, 10, 1.6],
        },
      },
      {
        id: LAYER.borders,
        type: 'line',
        source: SOURCE.countries,
        filter: ['==', ['get', 'kind'], 'border'],
        layout: { 'line-join': 'round' },
        paint: {
          'line-color': BASEMAP_COLORS.border,
          'line-width': ['interpolate', ['linear'], ['zoom'], 3, 0.7, 10, 2],
          'line-dasharray': [3, 2],
        },
      },
    ],
  };
}
