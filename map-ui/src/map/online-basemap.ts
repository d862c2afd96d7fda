/**
 * The optional online basemap (`BASEMAP_STYLE_URL`): fetched here rather than handed to
 * MapLibre as a URL, so Landmatch layers can be merged into it (one style, one diff) and so
 * a failure is caught before the map starts, falling back to the offline basemap.
 */
import type { StyleSpecification } from 'maplibre-gl';

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

/** Loads an online style; throws on a network error, a non-2xx answer or something that is not a v8 style. */
export async function loadOnlineStyle(url: string, signal?: AbortSignal): Promise<StyleSpecification> {
  const res = await fetch(url, { signal, credentials: 'omit' });
  if (!res.ok) throw new Error(`basemap style: HTTP ${res.status}`);
  const style = (await res.json()) as StyleSpecification;
  if (style?.version !== 8 || !Array.isArray(style.layers) || typeof style.sources !== 'object') {
    throw new Error('basemap style: not a MapLibre style (version 8)');
  }
  return absolutizeStyle(style, res.url || url);
}
