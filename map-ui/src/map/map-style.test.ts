import { validateStyleMin } from '@maplibre/maplibre-gl-style-spec';
import type { Topology } from 'topojson-specification';
import { describe, expect, it } from 'vitest';
import topology from 'world-atlas/countries-50m.json';
import { EMPTY_FILTERS } from '../state/filters.ts';
import { topologyToBasemap } from './basemap-data.ts';
import { buildOfflineBasemap, glyphsUrl } from './basemap-style.ts';
import { INFRA_LAYER_KEYS, infraLayerId, LAYER, SOURCE } from './layer-ids.ts';
import { buildMapStyle } from './map-style.ts';
import { toOverlay } from './overlay-layers.ts';

const ORIGIN = 'http://localhost:3000';
const OFFLINE = buildOfflineBasemap({
  countries: `${ORIGIN}/assets/countries.geojson`,
  admin: `${ORIGIN}/assets/basemap-admin.geojson`,
  communes: `${ORIGIN}/assets/basemap-communes.geojson`,
  glyphs: glyphsUrl(ORIGIN),
});

/** Every string of a style that looks like a URL. */
function urlsIn(value: unknown, out: string[] = []): string[] {
  if (typeof value === 'string') {
    if (/^[a-z][a-z0-9+.-]*:\/\//i.test(value)) out.push(value);
  } else if (Array.isArray(value)) for (const v of value) urlsIn(v, out);
  else if (value && typeof value === 'object') for (const v of Object.values(value)) urlsIn(v, out);
  return out;
}
const rect = {
  type: 'Polygon' as const,
  coordinates: [
    [
      [1.74, 48.99],
      [1.75, 48.99],
      [1.75, 49.0],
      [1.74, 49.0],
      [1.74, 48.99],
    ],
  ],
};

const fullStyle = (over: Partial<Parameters<typeof buildMapStyle>[0]> = {}) =>
  buildMapStyle({
    origin: ORIGIN,
    basemap: OFFLINE,
    colorBy: 'status',
    filters: {
      ...EMPTY_FILTERS,
      minAreaHa: 5,
      maxAreaHa: 50,
      minPowerMw: 10,
      labels: ['star_est', 'cle_en_main_france_2030'],
      statuses: ['available', 'in_preparation'],
      regions: ['44'],
      departments: ['57', '2A'],
      railSiding: true,
      quay: true,
      brownfield: true,
    },
    infraLayers: ['port', 'substation_400'],
    selection: toOverlay([{ id: 'a', geometry: rect }]),
    matchResults: toOverlay([{ id: 'b', geometry: rect, rank: 1, name: 'Site B' }]),
    ...over,
  });

describe('the generated map style', () => {
  it('passes the MapLibre style-spec validator with every filter and overlay in use', () => {
    expect(validateStyleMin(fullStyle())).toEqual([]);
  });

  it('passes the validator coloured by label, dimmed, with nothing filtered', () => {
    const style = fullStyle({
      colorBy: 'label',
      dimmed: true,
      filters: EMPTY_FILTERS,
      infraLayers: [],
    });
    expect(validateStyleMin(style)).toEqual([]);
  });

  it('loads glyphs and sprite from this app only: the offline map needs nothing from the network', () => {
    const style = fullStyle();
    expect(style.glyphs).toBe(`${ORIGIN}/fonts/{fontstack}/{range}.pbf`);
    expect(style.sprite).toEqual([{ id: 'lm', url: `${ORIGIN}/sprites/landmatch` }]);
    const urls = urlsIn(style);
    expect(urls.length).toBeGreaterThan(5);
    expect(urls.filter((u) => !u.startsWith(`${ORIGIN}/`))).toEqual([]);
  });

  it("writes the names of régions, départements and communes with the app's own fontstacks", () => {
    const style = fullStyle();
    const symbols = style.layers.filter((l) => l.type === 'symbol');
    const ids = symbols.map((l) => l.id);
    expect(ids).toEqual(
      expect.arrayContaining([
        LAYER.regionLabels,
        LAYER.departementLabels,
        `${LAYER.communeLabels}-1`,
        `${LAYER.communeLabels}-4`,
      ]),
    );
    const fonts = new Set(
      symbols.flatMap((l) => (l.layout as { 'text-font'?: string[] })['text-font'] ?? []),
    );
    expect(fonts).toEqual(new Set(['DejaVu Sans Book', 'DejaVu Sans Bold']));
  });

  it('points the tile sources at the API origin with absolute URLs', () => {
    const style = fullStyle({ filters: EMPTY_FILTERS });
    const sites = style.sources[SOURCE.sites] as { tiles: string[] };
    const infra = style.sources[SOURCE.infrastructure] as { tiles: string[] };
    expect(sites.tiles).toEqual([`${ORIGIN}/tiles/sites/{z}/{x}/{y}.mvt`]);
    expect(infra.tiles).toEqual([`${ORIGIN}/tiles/infrastructure/{z}/{x}/{y}.mvt`]);
  });

  it('draws the basemap first, then infrastructure, sites, selection and match results', () => {
    const ids = fullStyle().layers.map((l) => l.id);
    expect(ids.indexOf(LAYER.land)).toBeLessThan(ids.indexOf(infraLayerId('port')));
    expect(ids.indexOf(infraLayerId('port'))).toBeLessThan(ids.indexOf(LAYER.sitesFill));
    expect(ids.indexOf(LAYER.sitesPoint)).toBeLessThan(ids.indexOf(LAYER.selectionOutline));
    expect(ids.indexOf(LAYER.selectionOutline)).toBeLessThan(ids.indexOf(LAYER.matchOutline));
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('inserts its layers below the first symbol layer of an online basemap', () => {
    const online = {
      version: 8 as const,
      glyphs: 'https://tiles.example/fonts/{fontstack}/{range}.pbf',
      sources: {},
      layers: [
        { id: 'bg', type: 'background' as const },
        { id: 'place-labels', type: 'symbol' as const, source: 'x', layout: { 'text-field': 'x' } },
      ],
    };
    const ids = fullStyle({ basemap: online as never }).layers.map((l) => l.id);
    expect(ids[0]).toBe('bg');
    expect(ids.at(-1)).toBe('place-labels');
  });

  it('hides switched-off infrastructure layers and shows switched-on ones', () => {
    const style = fullStyle({ infraLayers: ['port'] });
    for (const key of INFRA_LAYER_KEYS) {
      const layer = style.layers.find((l) => l.id === infraLayerId(key)) as {
        layout?: { visibility?: string };
      };
      expect(layer.layout?.visibility).toBe(key === 'port' ? 'visible' : 'none');
    }
  });
});

describe('the offline basemap data', () => {
  const fc = topologyToBasemap(topology as unknown as Topology);

  it('keeps land polygons and one border line set from world-atlas', () => {
    const kinds = new Set(fc.features.map((f) => f.properties.kind));
    expect(kinds).toEqual(new Set(['land', 'border']));
    expect(fc.features.filter((f) => f.properties.kind === 'border')).toHaveLength(1);
  });

  it('covers metropolitan France with land', () => {
    // Paris must fall inside one land polygon's bounding box.
    const hit = fc.features.some((f) => {
      if (f.geometry.type === 'MultiLineString') return false;
      const polys = f.geometry.type === 'Polygon' ? [f.geometry.coordinates] : f.geometry.coordinates;
      return polys.some((p) => {
        const xs = p[0].map((c) => c[0]);
        const ys = p[0].map((c) => c[1]);
        return (
          Math.min(...xs) < 2.35 &&
          Math.max(...xs) > 2.35 &&
          Math.min(...ys) < 48.85 &&
          Math.max(...ys) > 48.85
        );
      });
    });
    expect(hit).toBe(true);
  });

  it('rounds coordinates to 3 decimals to keep the file small', () => {
    const border = fc.features.find((f) => f.properties.kind === 'border')!;
    const [x, y] = (border.geometry as { coordinates: number[][][] }).coordinates[0][0];
    expect(Math.round(x * 1000) / 1000).toBe(x);
    expect(Math.round(y * 1000) / 1000).toBe(y);
  });
});
