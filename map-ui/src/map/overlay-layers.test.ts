import { booleanPointInPolygon } from '@turf/boolean-point-in-polygon';
import { describe, expect, it } from 'vitest';
import { geometryBbox, labelPoint, toOverlay } from './overlay-layers.ts';

const square = {
  type: 'Polygon' as const,
  coordinates: [
    [
      [0, 0],
      [2, 0],
      [2, 2],
      [0, 2],
      [0, 0],
    ],
  ],
};
// An L shape whose bounding-box centre (1.5, 1.5) lies outside the polygon.
const lShape = {
  type: 'Polygon' as const,
  coordinates: [
    [
      [0, 0],
      [3, 0],
      [3, 1],
      [1, 1],
      [1, 3],
      [0, 3],
      [0, 0],
    ],
  ],
};

describe('overlay helpers', () => {
  it('computes the box of several geometries', () => {
    expect(geometryBbox([square, { type: 'Point', coordinates: [5, -1] }])).toEqual([0, -1, 5, 2]);
    expect(geometryBbox([])).toBeNull();
    expect(
      geometryBbox([
        {
          type: 'MultiPolygon',
          coordinates: [
            square.coordinates,
            [
              [
                [10, 10],
                [11, 10],
                [11, 12],
                [10, 10],
              ],
            ],
          ],
        },
      ]),
    ).toEqual([0, 0, 11, 12]);
  });

  it('puts the label point inside the site, even for concave shapes', () => {
    expect(labelPoint(square)).toEqual([1, 1]);
    // The box centre (1.5, 1.5) is outside the L: the vertex nearest to it, the inner corner.
    const l = labelPoint(lShape);
    expect(l).toEqual([1, 1]);
    expect(booleanPointInPolygon(l!, lShape)).toBe(true);
    expect(labelPoint({ type: 'Point', coordinates: [2.35, 48.85] })).toEqual([2.35, 48.85]);
  });

  it('turns sites into an area and a point feature each, keeping rank and name', () => {
    const fc = toOverlay([{ id: 'a', geometry: square, rank: 2, name: 'A' }]);
    expect(fc.features.map((f) => f.properties.kind)).toEqual(['area', 'point']);
    expect(fc.features[1].properties).toEqual({ kind: 'point', siteId: 'a', rank: 2, name: 'A' });
  });
});
