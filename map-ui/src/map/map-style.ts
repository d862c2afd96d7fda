/**
 * The whole map style in one pure function: a basemap (offline or online) plus Landmatch's
 * sources and layers. The map component hands the result to MapLibre, whose style diff
 * turns a switch into setPaintProperty/setLayoutProperty calls (no tile refetch) and a site
 * filter into a new sites source (the server filters the tiles, site-layers.ts); the
 * unit tests validate the same object with the style-spec validator.
 */
import type { LayerSpecification, StyleSpecification } from 'maplibre-gl';
import { glyphsUrl } from './basemap-style.ts';
import { SPRITE_ID } from './infrastructure-icons.ts';
import {
  buildInfrastructureLayers,
  buildInfrastructureSource,
  DEFAULT_LABEL_FONT,
} from './infrastructure-layers.ts';
import type { InfraLayerKey } from './layer-ids.ts';
import { SOURCE } from './layer-ids.ts';
import {
  buildMatchLayers,
  buildOverlaySource,
  buildSelectionLayers,
  EMPTY_OVERLAY,
  type OverlayCollection,
} from './overlay-layers.ts';
import { buildSiteLayers, buildSitesSource, type SiteLayerOptions } from './site-layers.ts';

export interface MapStyleOptions extends SiteLayerOptions {
  /** Absolute origin of the API (tile URLs must be absolute: the worker has no base URL). */
  origin: string;
  basemap: StyleSpecification;
  infraLayers: readonly InfraLayerKey[];
  selection?: OverlayCollection;
  matchResults?: OverlayCollection;
}

/** Where a basemap says which fontstack its glyph server has (set by online-basemap.ts). */
export const LABEL_FONT_METADATA = 'landmatch:label-font';

/** The Landmatch sprite (scripts/build-sprite.ts) served by this app: `spriteUrl(origin)`. */
export const spriteUrl = (origin: string): string => `${origin}/sprites/landmatch`;

/**
 * The basemap's sprite plus Landmatch's under the id `lm` (MapLibre's multi-sprite form), so
 * infrastructure icons are `lm:<name>` whatever the basemap: `mergeSprite(undefined, url)` →
 * `[{ id: 'lm', url }]`; a basemap's string sprite becomes the `default` entry.
 */
export function mergeSprite(
  base: StyleSpecification['sprite'],
  ownUrl: string,
): Exclude<StyleSpecification['sprite'], string | undefined> {
  const own = { id: SPRITE_ID, url: ownUrl };
  if (!base) return [own];
  if (typeof base === 'string') return [{ id: 'default', url: base }, own];
  return [...base.filter((s) => s.id !== SPRITE_ID), own];
}

/**
 * `buildMapStyle({ origin, basemap: buildOfflineBasemap(url), colorBy: 'status', filters,
 * infraLayers: [] })` → a complete style. Landmatch layers go below the basemap's first
 * symbol layer, so an online basemap's place names stay readable above the sites.
 */
export function buildMapStyle(o: MapStyleOptions): StyleSpecification {
  // Infrastructure under the sites: the sites are what this map is about.
  const meta = (o.basemap.metadata ?? {}) as Record<string, unknown>;
  const font = Array.isArray(meta[LABEL_FONT_METADATA])
    ? (meta[LABEL_FONT_METADATA] as string[])
    : DEFAULT_LABEL_FONT;
  const own: LayerSpecification[] = [
    ...buildInfrastructureLayers(o.infraLayers, o.dimmed, font),
    ...buildSiteLayers(o),
    ...buildSelectionLayers(),
    ...buildMatchLayers(),
  ];
  const base = o.basemap.layers;
  const firstSymbol = base.findIndex((l) => l.type === 'symbol');
  const layers =
    firstSymbol < 0 ? [...base, ...own] : [...base.slice(0, firstSymbol), ...own, ...base.slice(firstSymbol)];
  return {
    ...o.basemap,
    // A basemap without glyphs (a raster one) gets this app's, for the infrastructure names.
    glyphs: o.basemap.glyphs ?? glyphsUrl(o.origin),
    sprite: mergeSprite(o.basemap.sprite, spriteUrl(o.origin)),
    sources: {
      ...o.basemap.sources,
      [SOURCE.sites]: buildSitesSource(o.origin, o.filters),
      [SOURCE.infrastructure]: buildInfrastructureSource(o.origin),
      [SOURCE.selection]: buildOverlaySource(o.selection ?? EMPTY_OVERLAY),
      [SOURCE.matchResults]: buildOverlaySource(o.matchResults ?? EMPTY_OVERLAY),
    },
    layers,
  };
}
