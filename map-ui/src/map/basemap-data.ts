/**
 * The offline basemap's data: world-atlas's Natural Earth 1:50m countries (an npm package, so
 * no network at run time) turned into one small GeoJSON file at build time by the Vite plugin
 * in map-ui/build/basemap-plugin.ts. Land is kept as polygons (fill + coastline), country
 * borders as one MultiLineString (each shared border once, so dashes do not double up).
 */
import type { Feature, FeatureCollection, MultiLineString, MultiPolygon, Polygon, Position } from 'geojson';
import { feature, mesh } from 'topojson-client';
import type { GeometryCollection, Topology } from 'topojson-specification';

export type BasemapFeature = Feature<Polygon | MultiPolygon | MultiLineString, { kind: 'land' | 'border' }>;

/** Rounds to 3 decimals (~100 m), plenty for a 1:50M source, and drops repeated points. */
function roundLine(line: Position[]): Position[] {
  const out: Position[] = [];
  for (const [x, y] of line) {
    const p = [Math.round(x * 1000) / 1000, Math.round(y * 1000) / 1000];
    const last = out[out.length - 1];
    if (!last || last[0] !== p[0] || last[1] !== p[1]) out.push(p);
  }
  return out;
}

/**
 * Converts a world-atlas topology (objects `land` and `countries`) into the basemap
 * FeatureCollection: `topologyToBasemap(countries50m).features[0].properties.kind` → `land`.
 */
export function topologyToBasemap(
  topology: Topology,
): FeatureCollection<BasemapFeature['geometry'], { kind: 'land' | 'border' }> {
  const landObject = topology.objects.land as GeometryCollection;
  const countries = topology.objects.countries as GeometryCollection;
  const land = feature(topology, landObject);
  const features: BasemapFeature[] = [];
  for (const f of land.features) {
    const g = f.geometry;
    if (g.type === 'Polygon') {
      const rings = g.coordinates.map(roundLine).filter((r) => r.length >= 4);
      if (rings.length)
        features.push({
          type: 'Feature',
          properties: { kind: 'land' },
          geometry: { type: 'Polygon', coordinates: rings },
        });
    } else if (g.type === 'MultiPolygon') {
      const polys = g.coordinates
        .map((p) => p.map(roundLine).filter((r) => r.length >= 4))
        .filter((p) => p.length > 0);
      if (polys.length)
        features.push({
          type: 'Feature',
          properties: { kind: 'land' },
          geometry: { type: 'MultiPolygon', coordinates: polys },
        });
    }
  }
  const borders = mesh(topology, countries, (a, b) => a !== b);
  features.push({
    type: 'Feature',
    properties: { kind: 'border' },
    geometry: {
      type: 'MultiLineString',
      coordinates: borders.coordinates.map(roundLine).filter((l) => l.length >= 2),
    },
  });
  return { type: 'FeatureCollection', features };
}
