/**
 * Pure builders of the infrastructure layers over the `infrastructure` vector tiles: one
 * circle layer per switch, drawn as coloured rings so they never read as sites (sites are
 * filled). Substations are split by voltage class and sized by it.
 */
import type { ExpressionSpecification, LayerSpecification, VectorSourceSpecification } from 'maplibre-gl';
import { INFRA_COLORS } from './colors.ts';
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

const BASE_RADIUS: Record<InfraLayerKey, number> = {
  motorway_access: 4,
  rail_freight: 4,
  rail_station: 3.5,
  port: 5,
  airport: 5.5,
  substation_400: 6,
  substation_225: 4.5,
  substation_63: 3.5,
};

/**
 * One circle layer per infrastructure switch; switched-off layers stay in the style, hidden.
 * `dimmed` fades them behind match results.
 */
export function buildInfrastructureLayers(
  visible: readonly InfraLayerKey[],
  dimmed = false,
): LayerSpecification[] {
  const fade = dimmed ? 0.4 : 1;
  return INFRA_LAYER_KEYS.map((key) => {
    const r = BASE_RADIUS[key];
    const hover: ExpressionSpecification = ['boolean', ['feature-state', 'hover'], false];
    return {
      id: infraLayerId(key),
      type: 'circle',
      source: SOURCE.infrastructure,
      'source-layer': SOURCE_LAYER.infrastructure,
      filter: infraFilter(key),
      layout: { visibility: visible.includes(key) ? 'visible' : 'none' },
      paint: {
        'circle-color': ['case', hover, INFRA_COLORS[key], '#ffffff'],
        // Small and faint at country scale (hundreds of points), full size once zoomed in.
        'circle-radius': ['interpolate', ['linear'], ['zoom'], 5, r * 0.45, 8, r * 0.9, 12, r * 1.4],
        'circle-stroke-color': INFRA_COLORS[key],
        'circle-stroke-width': ['interpolate', ['linear'], ['zoom'], 5, 1, 8, 1.8, 12, 2.5],
        'circle-opacity': ['interpolate', ['linear'], ['zoom'], 5, 0.6 * fade, 8, fade],
        'circle-stroke-opacity': ['interpolate', ['linear'], ['zoom'], 5, 0.6 * fade, 8, fade],
      },
    } satisfies LayerSpecification;
  });
}
