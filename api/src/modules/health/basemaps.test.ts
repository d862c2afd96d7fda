import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../config.ts';
import { cadastreOverlay, clientBasemaps } from './basemaps.ts';

const cfg = (env: Record<string, string>) => loadConfig({ DATABASE_URL: undefined, ...env });

describe('the basemaps offered to the map UI', () => {
  it('offers only the offline basemap by default, so tests and the demo never reach the network', () => {
    expect(clientBasemaps(cfg({}))).toEqual([
      { id: 'offline', type: 'offline', url: null, attribution: null },
    ]);
  });

  it('lists the configured online basemaps in order, the default first, offline always last when not listed', () => {
    const list = clientBasemaps(cfg({ BASEMAPS: 'plan-ign, ortho-ign,osm' }));
    expect(list.map((b) => [b.id, b.type])).toEqual([
      ['plan-ign', 'style'],
      ['ortho-ign', 'raster'],
      ['osm', 'style'],
      ['offline', 'offline'],
    ]);
    expect(list[0].url).toBe(
      'https://data.geopf.fr/annexes/ressources/vectorTiles/styles/PLAN.IGN/standard.json',
    );
    expect(list[1].url).toContain('LAYER=ORTHOIMAGERY.ORTHOPHOTOS');
    expect(list[1].url).toContain('TILEMATRIX={z}&TILEROW={y}&TILECOL={x}');
    expect(list.every((b) => b.type === 'offline' || b.attribution)).toBe(true);
  });

  it('takes URLs from the environment and keeps BASEMAP_STYLE_URL first as the custom basemap', () => {
    const list = clientBasemaps(
      cfg({
        BASEMAP_STYLE_URL: 'https://maps.example/style.json',
        BASEMAPS: 'offline,osm',
        BASEMAP_OSM_STYLE_URL: 'https://osm.example/s.json',
      }),
    );
    expect(list.map((b) => `${b.id} ${b.url}`)).toEqual([
      'custom https://maps.example/style.json',
      'offline null',
      'osm https://osm.example/s.json',
    ]);
  });

  it('draws the cadastre (PCI) over online basemaps unless switched off', () => {
    expect(cadastreOverlay(cfg({}))?.url).toContain('LAYER=CADASTRALPARCELS.PARCELLAIRE_EXPRESS');
    expect(cadastreOverlay(cfg({ BASEMAP_CADASTRE_TILES_URL: 'off' }))).toBeNull();
  });

  it('stops at start-up on an unknown basemap or a URL that is not http(s), naming the setting', () => {
    expect(() => cfg({ BASEMAPS: 'offline,google' })).toThrow(/BASEMAPS/);
    expect(() => cfg({ BASEMAP_ORTHO_TILES_URL: 'ftp://x/{z}' })).toThrow(/BASEMAP_ORTHO_TILES_URL.*http/);
  });
});
