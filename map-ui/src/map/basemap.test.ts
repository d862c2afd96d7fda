import { validateStyleMin } from '@maplibre/maplibre-gl-style-spec';
import type { StyleSpecification, SymbolLayerSpecification } from 'maplibre-gl';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { EMPTY_FILTERS } from '../state/filters.ts';
import { INFRA_ICON_SCALE, INFRA_ICONS, infraIconName } from './infrastructure-icons.ts';
import { INFRA_LAYER_KEYS, infraLayerId, LAYER, SOURCE } from './layer-ids.ts';
import { buildMapStyle, LABEL_FONT_METADATA, mergeSprite } from './map-style.ts';
import {
  adoptOnlineStyle,
  CADASTRE_MINZOOM,
  loadOnlineBasemap,
  loadOnlineStyle,
  rasterBasemap,
  withCadastre,
} from './online-basemap.ts';

const ORIGIN = 'http://localhost:3000';
const CADASTRE = { url: 'https://tiles.example/pci/{z}/{x}/{y}.png', attribution: 'IGN – DGFiP' };
const ORTHO = 'https://tiles.example/ortho/{z}/{x}/{y}.jpg';

const merged = (basemap: StyleSpecification) =>
  buildMapStyle({
    origin: ORIGIN,
    basemap,
    colorBy: 'status',
    filters: EMPTY_FILTERS,
    infraLayers: [...INFRA_LAYER_KEYS],
  });

describe('infrastructure symbols', () => {
  it('draws each kind with its own sprite icon, substations sized by voltage class', () => {
    const style = merged(rasterBasemap(ORTHO, null, `${ORIGIN}/fonts/{fontstack}/{range}.pbf`));
    const layers = INFRA_LAYER_KEYS.map(
      (k) => style.layers.find((l) => l.id === infraLayerId(k)) as SymbolLayerSpecification,
    );
    expect(layers.map((l) => l.layout?.['icon-image'])).toEqual(
      INFRA_LAYER_KEYS.map((k) => `lm:${infraIconName(k)}`),
    );
    expect(new Set(INFRA_ICONS.map((i) => i.svg)).size).toBe(INFRA_ICONS.length);
    expect(INFRA_ICON_SCALE.substation_400).toBeGreaterThan(INFRA_ICON_SCALE.substation_225);
    expect(INFRA_ICON_SCALE.substation_225).toBeGreaterThan(INFRA_ICON_SCALE.substation_63);
    // Names from city zooms, in a font the glyph server has.
    for (const l of layers) {
      expect(JSON.stringify(l.layout?.['text-field'])).toContain('"step",["zoom"],"",10');
      expect(l.layout?.['text-font']).toEqual(['DejaVu Sans Book']);
    }
  });
});

describe('online basemaps', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
  });

  it('builds the orthophoto basemap with the cadastre from z15, and the merged style validates', () => {
    const base = withCadastre(
      rasterBasemap(ORTHO, '© IGN', `${ORIGIN}/fonts/{fontstack}/{range}.pbf`),
      CADASTRE,
    );
    const style = merged(base);
    expect(validateStyleMin(style)).toEqual([]);
    const cadastre = style.layers.find((l) => l.id === LAYER.cadastre)!;
    expect(cadastre.minzoom).toBe(CADASTRE_MINZOOM);
    expect(style.sources[SOURCE.cadastre]).toMatchObject({
      type: 'raster',
      tiles: [CADASTRE.url],
      minzoom: 15,
    });
    // Parcels under the sites.
    const ids = style.layers.map((l) => l.id);
    expect(ids.indexOf(LAYER.cadastre)).toBeLessThan(ids.indexOf(LAYER.sitesFill));
  });

  it("keeps a vector style's sprite and labels its infrastructure in the style's own font", () => {
    const online = adoptOnlineStyle(
      {
        version: 8,
        sprite: 'https://tiles.example/sprite',
        glyphs: 'https://tiles.example/fonts/{fontstack}/{range}.pbf',
        sources: { v: { type: 'vector', tiles: ['https://tiles.example/{z}/{x}/{y}.pbf'] } },
        layers: [
          { id: 'bg', type: 'background' },
          {
            id: 'place',
            type: 'symbol',
            source: 'v',
            'source-layer': 'place',
            layout: { 'text-field': '{name}', 'text-font': ['Noto Sans Regular'] },
          },
        ],
      },
      '© OpenStreetMap contributors',
    );
    expect(online.metadata).toMatchObject({ [LABEL_FONT_METADATA]: ['Noto Sans Regular'] });
    expect((online.sources.v as { attribution?: string }).attribution).toBe('© OpenStreetMap contributors');
    const style = merged(withCadastre(online, CADASTRE));
    expect(validateStyleMin(style)).toEqual([]);
    expect(style.sprite).toEqual([
      { id: 'default', url: 'https://tiles.example/sprite' },
      { id: 'lm', url: `${ORIGIN}/sprites/landmatch` },
    ]);
    const infra = style.layers.find((l) => l.id === infraLayerId('port')) as SymbolLayerSpecification;
    expect(infra.layout?.['text-font']).toEqual(['Noto Sans Regular']);
    expect(mergeSprite([{ id: 'lm', url: 'x' }], 'y')).toEqual([{ id: 'lm', url: 'y' }]);
  });

  it('refuses a style the MapLibre style spec rejects', async () => {
    const bad = { version: 8, sources: {}, layers: [{ id: 'x', type: 'fill', source: 'missing' }] };
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => new Response(JSON.stringify(bad), { status: 200 })),
    );
    await expect(loadOnlineStyle('https://maps.example/style.json')).rejects.toThrow(/invalid/);
  });

  it('probes a raster server before switching: a failing one throws (the UI falls back offline)', async () => {
    const fetchMock = vi.fn(async () => new Response('no', { status: 503 }));
    vi.stubGlobal('fetch', fetchMock);
    const option = { id: 'ortho-ign' as const, type: 'raster' as const, url: ORTHO, attribution: null };
    await expect(loadOnlineBasemap(option, CADASTRE, 'x')).rejects.toThrow(/HTTP 503/);
    expect(fetchMock).toHaveBeenCalledWith('https://tiles.example/ortho/5/16/11.jpg', expect.anything());
    fetchMock.mockImplementation(
      async () => new Response('jpeg', { status: 200, headers: { 'content-type': 'image/jpeg' } }),
    );
    const style = await loadOnlineBasemap(option, CADASTRE, `${ORIGIN}/fonts/{fontstack}/{range}.pbf`);
    expect(Object.keys(style.sources)).toEqual([SOURCE.rasterBasemap, SOURCE.cadastre]);
  });
});
