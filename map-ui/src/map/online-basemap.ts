/**
 * The online basemaps of GET /api/config (Plan IGN, OpenStreetMap, a custom style: MapLibre style
 * URLs; IGN orthophotos: a tile template): loaded and checked here rather than handed to MapLibre
 * as a URL, so Landmatch layers can be merged into them (one style, one diff) and so a failure
 * (network, HTTP error, a style the MapLibre style spec refuses, a tile server that does not
 * answer) is caught before the switch, falling back to the offline basemap.
 */
import type { LayerSpecification, StyleSpecification } from 'maplibre-gl';
import type { BasemapConfig, ClientBasemap } from '../api/config.ts';
import { LAYER, SOURCE } from './layer-ids.ts';
import { LABEL_FONT_METADATA } from './map-style.ts';

const ABSOLUTE = /^[a-z][a-z0-9+.-]*:/i;

/**
 * Makes a style-relative URL absolute while keeping `{z}`-style placeholders intact:
 * `absolutize('./fonts/{fontstack}/{range}.pbf', 'https://x.fr/style.json')`
 * → `https://x.fr/fonts/{fontstack}/{range}.pbf`.
 */
export function absolutize(url: string, base: string): string {
  if (ABSOLUTE.test(url)) return url;
  return new URL(url, base).href.replace(/%7B/gi, '{').replace(/%7D/gi, '}');
}

/** Rewrites the relative URLs of a style loaded from `base` (sources, sprite, glyphs). */
export function absolutizeStyle(style: StyleSpecification, base: string): StyleSpecification {
  const sources: StyleSpecification['sources'] = {};
  for (const [id, src] of Object.entries(style.sources ?? {})) {
    const s = { ...src } as Record<string, unknown>;
    if (typeof s.url === 'string') s.url = absolutize(s.url, base);
    if (Array.isArray(s.tiles)) s.tiles = (s.tiles as string[]).map((t) => absolutize(t, base));
    if (typeof s.data === 'string') s.data = absolutize(s.data, base);
    sources[id] = s as unknown as StyleSpecification['sources'][string];
  }
  const out: StyleSpecification = { ...style, sources };
  if (typeof style.glyphs === 'string') out.glyphs = absolutize(style.glyphs, base);
  if (typeof style.sprite === 'string') out.sprite = absolutize(style.sprite, base);
  else if (Array.isArray(style.sprite))
    out.sprite = style.sprite.map((sp) => ({ ...sp, url: absolutize(sp.url, base) }));
  return out;
}

/**
 * The style-spec validator's errors for a style (empty when valid). The validator is loaded on
 * demand: the offline map never needs it.
 */
export async function validateBasemapStyle(style: StyleSpecification): Promise<string[]> {
  const { validateStyleMin } = await import('@maplibre/maplibre-gl-style-spec');
  return validateStyleMin(style).map((e) => e.message);
}

/** Loads an online style; throws on a network error, a non-2xx answer or something that is not a valid v8 style. */
export async function loadOnlineStyle(url: string, signal?: AbortSignal): Promise<StyleSpecification> {
  const res = await fetch(url, { signal, credentials: 'omit' });
  if (!res.ok) throw new Error(`basemap style: HTTP ${res.status}`);
  const style = (await res.json()) as StyleSpecification;
  if (style?.version !== 8 || !Array.isArray(style.layers) || typeof style.sources !== 'object') {
    throw new Error('basemap style: not a MapLibre style (version 8)');
  }
  const absolute = absolutizeStyle(style, res.url || url);
  const errors = await validateBasemapStyle(absolute);
  if (errors.length) throw new Error(`basemap style: invalid (${errors.slice(0, 3).join('; ')})`);
  return absolute;
}

/** `tileUrl('https://t/{z}/{x}/{y}.png', 5, 16, 11)` → `https://t/5/16/11.png`. */
export const tileUrl = (template: string, z: number, x: number, y: number): string =>
  template.replace('{z}', String(z)).replace('{x}', String(x)).replace('{y}', String(y));

/**
 * Asks a raster tile server for one tile over France (z5, x16, y11) before switching to it;
 * throws when it does not answer with an image.
 */
export async function probeRasterTiles(template: string, signal?: AbortSignal): Promise<void> {
  const res = await fetch(tileUrl(template, 5, 16, 11), { signal, credentials: 'omit' });
  if (!res.ok) throw new Error(`basemap tiles: HTTP ${res.status}`);
  const type = res.headers.get('content-type') ?? '';
  if (!type.startsWith('image/'))
    throw new Error(`basemap tiles: ${type || 'no content type'}, not an image`);
}

/** A raster basemap (orthophotos) as a style: the tiles, over a neutral background. */
export function rasterBasemap(
  template: string,
  attribution: string | null,
  glyphs: string,
): StyleSpecification {
  return {
    version: 8,
    name: 'Landmatch raster basemap',
    glyphs,
    sources: {
      [SOURCE.rasterBasemap]: {
        type: 'raster',
        tiles: [template],
        tileSize: 256,
        maxzoom: 19,
        ...(attribution ? { attribution } : {}),
      },
    },
    layers: [
      { id: LAYER.background, type: 'background', paint: { 'background-color': '#dfe3e6' } },
      { id: LAYER.rasterBasemap, type: 'raster', source: SOURCE.rasterBasemap },
    ],
  };
}

/** Zoom from which the cadastral parcels are drawn (plot scale; below it they are a grey mesh). */
export const CADASTRE_MINZOOM = 15;

/** Adds the cadastral parcels (a transparent raster) under the basemap's first label layer. */
export function withCadastre(
  style: StyleSpecification,
  cadastre: BasemapConfig['cadastre'],
): StyleSpecification {
  if (!cadastre) return style;
  const layer: LayerSpecification = {
    id: LAYER.cadastre,
    type: 'raster',
    source: SOURCE.cadastre,
    minzoom: CADASTRE_MINZOOM,
    paint: { 'raster-opacity': 0.85 },
  };
  const firstSymbol = style.layers.findIndex((l) => l.type === 'symbol');
  const at = firstSymbol < 0 ? style.layers.length : firstSymbol;
  return {
    ...style,
    sources: {
      ...style.sources,
      [SOURCE.cadastre]: {
        type: 'raster',
        tiles: [cadastre.url],
        tileSize: 256,
        minzoom: CADASTRE_MINZOOM,
        maxzoom: 19,
        attribution: cadastre.attribution,
      },
    },
    layers: [...style.layers.slice(0, at), layer, ...style.layers.slice(at)],
  };
}

/**
 * Records the basemap's label fontstack (the first symbol layer's literal `text-font`) in the
 * style's metadata, so Landmatch's infrastructure names use a font its glyph server has; and
 * puts the configured attribution on its first source when none of them carries one.
 */
export function adoptOnlineStyle(style: StyleSpecification, attribution: string | null): StyleSpecification {
  let font: string[] | undefined;
  for (const l of style.layers) {
    const f = l.type === 'symbol' ? l.layout?.['text-font'] : undefined;
    if (Array.isArray(f) && f.length > 0 && f.every((x) => typeof x === 'string')) {
      font = f as string[];
      break;
    }
  }
  const sources = { ...style.sources };
  const ids = Object.keys(sources);
  const credited = ids.some(
    (id) => typeof (sources[id] as { attribution?: unknown }).attribution === 'string',
  );
  if (attribution && !credited && ids.length > 0) {
    sources[ids[0]] = { ...sources[ids[0]], attribution } as StyleSpecification['sources'][string];
  }
  return {
    ...style,
    sources,
    metadata: { ...((style.metadata as object) ?? {}), ...(font ? { [LABEL_FONT_METADATA]: font } : {}) },
  };
}

/**
 * One online basemap of the config, loaded, checked and ready to merge: a style fetched and
 * validated, or raster tiles probed; the cadastral overlay added. Throws on any failure.
 */
export async function loadOnlineBasemap(
  option: ClientBasemap,
  cadastre: BasemapConfig['cadastre'],
  glyphs: string,
  signal?: AbortSignal,
): Promise<StyleSpecification> {
  if (!option.url) throw new Error(`basemap ${option.id}: no URL configured`);
  if (option.type === 'raster') {
    await probeRasterTiles(option.url, signal);
    return withCadastre(rasterBasemap(option.url, option.attribution, glyphs), cadastre);
  }
  const style = await loadOnlineStyle(option.url, signal);
  return withCadastre(adoptOnlineStyle(style, option.attribution), cadastre);
}
