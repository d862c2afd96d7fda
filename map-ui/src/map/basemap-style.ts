/**
 * The offline basemap: sea, land, coastline and country borders from world-atlas; régions and
 * départements (outlines and names) and commune names from the seed files derived from IGN/INSEE
 * open data (geodata/seed/SOURCES-basemap.md); text drawn with the SDF glyphs this app serves
 * itself (map-ui/public/fonts, made by scripts/build-glyphs.ts). Every URL it holds is one of
 * this app's own files, so it renders with no network at all.
 */
import type { ExpressionSpecification, StyleSpecification, SymbolLayerSpecification } from 'maplibre-gl';
import { BASEMAP_COLORS } from './colors.ts';
import { LAYER, SOURCE } from './layer-ids.ts';

/** Absolute URLs of the offline basemap's files (the Vite plugin hashes the GeoJSON names). */
export interface OfflineAssets {
  countries: string;
  admin: string;
  communes: string;
  /** `…/fonts/{fontstack}/{range}.pbf` */
  glyphs: string;
}

/** The app's glyph URL template under an origin and base path: `glyphsUrl('http://x', '/')`. */
export const glyphsUrl = (origin: string, base = '/'): string =>
  `${origin}${base}fonts/{fontstack}/{range}.pbf`;

export const FONT_REGULAR = ['DejaVu Sans Book'];
export const FONT_BOLD = ['DejaVu Sans Bold'];

const kindIs = (kind: string): ExpressionSpecification => ['==', ['get', 'kind'], kind];

/** Commune names by population rank (1: ≥ 100 000 … 4: small towns near the demo sites). */
const COMMUNE_RANK_MINZOOM: Array<[rank: number, minzoom: number, size: number]> = [
  [1, 5, 13],
  [2, 7.5, 12],
  [3, 9, 11.5],
  [4, 10.5, 11],
];

const halo = {
  'text-halo-color': BASEMAP_COLORS.labelHalo,
  'text-halo-width': 1.5,
} as const;

function communeLayer(rank: number, minzoom: number, size: number): SymbolLayerSpecification {
  return {
    id: `${LAYER.communeLabels}-${rank}`,
    type: 'symbol',
    source: SOURCE.communes,
    minzoom,
    filter: ['==', ['get', 'rank'], rank],
    layout: {
      'text-field': ['get', 'name'],
      'text-font': rank <= 2 ? FONT_BOLD : FONT_REGULAR,
      'text-size': size,
      'text-max-width': 8,
      'symbol-sort-key': ['-', 0, ['get', 'population']],
      'text-padding': 3,
    },
    paint: { 'text-color': BASEMAP_COLORS.communeLabel, ...halo },
  };
}

/** `buildOfflineBasemap(assets)` → a complete style: fills and lines, then the name layers. */
export function buildOfflineBasemap(assets: OfflineAssets): StyleSpecification {
  return {
    version: 8,
    name: 'Landmatch offline',
    glyphs: assets.glyphs,
    sources: {
      [SOURCE.countries]: {
        type: 'geojson',
        data: assets.countries,
        attribution: 'Natural Earth (world-atlas)',
        // Outlines only: a coarse tolerance keeps low zooms light.
        tolerance: 0.6,
      },
      [SOURCE.admin]: {
        type: 'geojson',
        data: assets.admin,
        attribution: 'IGN ADMIN EXPRESS / INSEE COG 2018 (Licence Ouverte)',
        tolerance: 0.5,
      },
      [SOURCE.communes]: {
        type: 'geojson',
        data: assets.communes,
        attribution: 'INSEE 2021',
      },
    },
    layers: [
      { id: LAYER.background, type: 'background', paint: { 'background-color': BASEMAP_COLORS.water } },
      {
        id: LAYER.land,
        type: 'fill',
        source: SOURCE.countries,
        filter: kindIs('land'),
        paint: { 'fill-color': BASEMAP_COLORS.land, 'fill-antialias': false },
      },
      {
        id: LAYER.departementLines,
        type: 'line',
        source: SOURCE.admin,
        minzoom: 5.5,
        filter: kindIs('departement'),
        layout: { 'line-join': 'round' },
        paint: {
          'line-color': BASEMAP_COLORS.departement,
          'line-width': ['interpolate', ['linear'], ['zoom'], 6, 0.5, 10, 1.2],
          'line-dasharray': [4, 2],
        },
      },
      {
        id: LAYER.regionLines,
        type: 'line',
        source: SOURCE.admin,
        filter: kindIs('region'),
        layout: { 'line-join': 'round' },
        paint: {
          'line-color': BASEMAP_COLORS.region,
          'line-width': ['interpolate', ['linear'], ['zoom'], 4, 0.6, 10, 2],
        },
      },
      {
        id: LAYER.coastline,
        type: 'line',
        source: SOURCE.countries,
        filter: kindIs('land'),
        paint: {
          'line-color': BASEMAP_COLORS.coastline,
          'line-width': ['interpolate', ['linear'], ['zoom'], 3, 0.6, 10, 1.6],
        },
      },
      {
        id: LAYER.borders,
        type: 'line',
        source: SOURCE.countries,
        filter: kindIs('border'),
        layout: { 'line-join': 'round' },
        paint: {
          'line-color': BASEMAP_COLORS.border,
          'line-width': ['interpolate', ['linear'], ['zoom'], 3, 0.7, 10, 2],
          'line-dasharray': [3, 2],
        },
      },
      // Names. MapLibre places labels from the top layer down, so the layers go from the least
      // to the most important: small towns, …, big cities, départements, régions. Landmatch's
      // own layers go under the first of them (map-style.ts).
      ...[...COMMUNE_RANK_MINZOOM]
        .reverse()
        .map(([rank, minzoom, size]) => communeLayer(rank, minzoom, size)),
      {
        id: LAYER.regionLabels,
        type: 'symbol',
        source: SOURCE.admin,
        minzoom: 4.5,
        maxzoom: 7.5,
        filter: kindIs('region-label'),
        layout: {
          'text-field': ['upcase', ['get', 'name']],
          'text-font': FONT_BOLD,
          'text-size': ['interpolate', ['linear'], ['zoom'], 5, 11, 7, 14],
          'text-letter-spacing': 0.08,
          'text-max-width': 8,
        },
        paint: { 'text-color': BASEMAP_COLORS.regionLabel, ...halo },
      },
      {
        id: LAYER.departementLabels,
        type: 'symbol',
        source: SOURCE.admin,
        minzoom: 7,
        maxzoom: 10.5,
        filter: kindIs('departement-label'),
        layout: {
          'text-field': ['concat', ['get', 'name'], ' (', ['get', 'code'], ')'],
          'text-font': FONT_REGULAR,
          'text-size': 12,
          'text-max-width': 8,
          'text-letter-spacing': 0.04,
        },
        paint: { 'text-color': BASEMAP_COLORS.departementLabel, ...halo },
      },
    ],
  };
}
