/**
 * Pure builders of the infrastructure layers over the `infrastructure` vector tiles: one
 * symbol layer per switch, each kind its own shape and pictogram (never a filled dot, which is
 * what a site looks like), substations split by voltage class and sized by it.
 */
import type { ExpressionSpecification, LayerSpecification, VectorSourceSpecification } from 'maplibre-gl';
import { INFRA_COLORS } from './colors.ts';
import { INFRA_ICON_SCALE, infraIconName, SPRITE_ID } from './infrastructure-icons.ts';
import { INFRA_LAYER_KEYS, type InfraLayerKey, infraLayerId, SOURCE, SOURCE_LAYER } from './layer-ids.ts';

export function buildInfrastructureSource(origin: string): VectorSourceSpecification {
  return {
    type: 'vector',
    tiles: [`${origin}/tiles/infrastructure/{z}/{x}/{y}.mvt`],
    minzoom: 0,
    maxzoom: 14,
    promoteId: 'id',
    attribution: '© RTE, SNCF Réseau, OurAirports, OpenStreetMap',
  };
}

const kindIs = (kind: string): ExpressionSpecification => ['==', ['get', 'kind'], kind];
const kv: ExpressionSpecification = ['to-number', ['get', 'voltageKv'], 0];

/**
 * The feature filter of one switch: `infraFilter('substation_225')` keeps substations with
 * 200 kV ≤ voltage < 380 kV (RTE's 225 kV class); `substation_63` keeps the rest (63/90 kV,
 * or unknown voltage), `substation_400` the 400 kV grid.
 */
export function infraFilter(key: InfraLayerKey): ExpressionSpecification {
  switch (key) {
    case 'substation_400':
      return ['all', kindIs('substation'), ['>=', kv, 380]];
    case 'substation_225':
      return ['all', kindIs('substation'), ['>=', kv, 200], ['<', kv, 380]];
    case 'substation_63':
      return ['all', kindIs('substation'), ['<', kv, 200]];
    default:
      return kindIs(key);
  }
}

/** The fontstack of the infrastructure labels when the basemap does not say (offline glyphs). */
export const DEFAULT_LABEL_FONT = ['DejaVu Sans Book'];
/** Zoom from which infrastructure names are written beside their symbol (city scale). */
export const INFRA_LABEL_MINZOOM = 10;

/**
 * One symbol layer per infrastructure switch (switched-off layers stay in the style, hidden):
 * the kind's icon from the Landmatch sprite (infrastructure-icons.ts), sized by kind and voltage
 * class and small at country scale, and from city zooms its name below it. Icons never hide one
 * another (every substation stays visible); names give way on collisions. `dimmed` fades them
 * behind match results. `font` is a fontstack the basemap's glyph server has.
 */
export function buildInfrastructureLayers(
  visible: readonly InfraLayerKey[],
  dimmed = false,
  font: readonly string[] = DEFAULT_LABEL_FONT,
): LayerSpecification[] {
  const fade = dimmed ? 0.4 : 1;
  return INFRA_LAYER_KEYS.map((key) => {
    const s = INFRA_ICON_SCALE[key];
    return {
      id: infraLayerId(key),
      type: 'symbol',
      source: SOURCE.infrastructure,
      'source-layer': SOURCE_LAYER.infrastructure,
      filter: infraFilter(key),
      layout: {
        visibility: visible.includes(key) ? 'visible' : 'none',
        'icon-image': `${SPRITE_ID}:${infraIconName(key)}`,
        'icon-size': ['interpolate', ['linear'], ['zoom'], 5, s * 0.5, 8, s * 0.75, 11, s],
        'icon-allow-overlap': true,
        'icon-ignore-placement': true,
        // Big substations drawn above small ones where they overlap.
        'symbol-sort-key': -s,
        'text-field': ['step', ['zoom'], '', INFRA_LABEL_MINZOOM, ['coalesce', ['get', 'name'], '']],
        'text-font': [...font],
        'text-size': 11.5,
        'text-anchor': 'top',
        'text-offset': [0, 1.1],
        'text-max-width': 9,
        'text-optional': true,
      },
      paint: {
        'icon-opacity': ['interpolate', ['linear'], ['zoom'], 5, 0.75 * fade, 8, fade],
        'text-color': INFRA_COLORS[key],
        'text-halo-color': 'rgba(255,255,255,0.92)',
        'text-halo-width': 1.4,
        'text-opacity': fade,
      },
    } satisfies LayerSpecification;
  });
}
