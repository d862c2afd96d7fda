import type { MultiPolygon, Polygon } from 'geojson';
import { describe, expect, it } from 'vitest';
import { areaHa, fromRings, outlineFromGeoJson, toRings } from './outline.ts';

const square = (x: number, y: number, d: number) => [
  [x, y],
  [x + d, y],
  [x + d, y + d],
  [x, y + d],
  [x, y],
];

describe('outline rings', () => {
  it('splits a multipolygon with a hole into parts and holes, and puts it back together', () => {
    const geometry: MultiPolygon = {
      type: 'MultiPolygon',
      coordinates: [[square(1.7, 48.9, 0.01), square(1.703, 48.903, 0.002)], [square(1.75, 48.9, 0.005)]],
    };
    const rings = toRings(geometry);
    expect(rings.map((r) => r.role)).toEqual(['polygon', 'hole', 'polygon']);
    const back = fromRings(rings);
    expect(back.strayHoles).toBe(0);
    expect(back.geometry).toEqual(geometry);
  });

  it('puts a hole drawn after the parts into the part that contains it', () => {
    const rings = [
      { role: 'polygon' as const, coordinates: square(1.75, 48.9, 0.005) },
      { role: 'polygon' as const, coordinates: square(1.7, 48.9, 0.01) },
      { role: 'hole' as const, coordinates: square(1.702, 48.902, 0.001) },
      { role: 'hole' as const, coordinates: square(2, 49, 0.001) },
    ];
    const { geometry, strayHoles } = fromRings(rings);
    expect(strayHoles).toBe(1);
    expect((geometry as MultiPolygon).coordinates[1]).toHaveLength(2);
    expect((geometry as MultiPolygon).coordinates[0]).toHaveLength(1);
  });

  it('gives one part as a Polygon, none as null, and the area in hectares', () => {
    const one = fromRings([{ role: 'polygon', coordinates: square(1.7, 48.9, 0.01) }]).geometry as Polygon;
    expect(one.type).toBe('Polygon');
    expect(fromRings([]).geometry).toBeNull();
    // 0.01° × 0.01° at 48.9° N ≈ 1,113 m × 733 m ≈ 81.6 ha.
    expect(areaHa(one)).toBeGreaterThan(80);
    expect(areaHa(one)).toBeLessThan(83);
    const holed = fromRings(
      toRings({ type: 'Polygon', coordinates: [square(1.7, 48.9, 0.01), square(1.702, 48.902, 0.005)] }),
    );
    expect(areaHa(holed.geometry)).toBeCloseTo(areaHa(one)! * 0.75, 0);
  });
});

describe('GeoJSON import', () => {
  it('reads a Feature, a FeatureCollection or a bare geometry, merging its polygons', () => {
    const poly = { type: 'Polygon', coordinates: [square(1.7, 48.9, 0.01)] };
    expect(outlineFromGeoJson(JSON.stringify(poly)).type).toBe('Polygon');
    const fc = {
      type: 'FeatureCollection',
      features: [
        { type: 'Feature', properties: {}, geometry: poly },
        { type: 'Feature', properties: {}, geometry: { type: 'Point', coordinates: [1, 2] } },
        {
          type: 'Feature',
          properties: {},
          geometry: { type: 'MultiPolygon', coordinates: [[square(2, 49, 0.01)]] },
        },
      ],
    };
    const merged = outlineFromGeoJson(JSON.stringify(fc)) as MultiPolygon;
    expect(merged.type).toBe('MultiPolygon');
    expect(merged.coordinates).toHaveLength(2);
  });

  it('says when the file is not JSON or holds no polygon', () => {
    expect(() => outlineFromGeoJson('{nope')).toThrow('json');
    expect(() => outlineFromGeoJson('{"type":"Point","coordinates":[1,2]}')).toThrow('empty');
  });
});
