import type { Geometry } from 'geojson';
import { describe, expect, it } from 'vitest';
import { buildProjectLayers, EMPTY_PROJECT_MAP } from './project-map.ts';

const square = (x: number, y: number): Geometry => ({
  type: 'Polygon',
  coordinates: [
    [
      [x, y],
      [x + 1, y],
      [x + 1, y + 1],
      [x, y + 1],
      [x, y],
    ],
  ],
});

describe('a project on the map', () => {
  it('draws each ranked site with a numbered marker inside its plot and fits them all', () => {
    const layers = buildProjectLayers(
      [
        { siteId: 'a', rank: 1, name: 'A' },
        { siteId: 'b', rank: 2, name: 'B' },
      ],
      new Map([
        ['a', square(0, 0)],
        ['b', square(4, 2)],
      ]),
    );
    expect(layers.markers.map((m) => [m.siteId, m.rank, m.position])).toEqual([
      ['a', 1, [0.5, 0.5]],
      ['b', 2, [4.5, 2.5]],
    ]);
    expect(layers.bbox).toEqual([0, 0, 5, 3]);
    expect(layers.overlay.features.filter((f) => f.properties.kind === 'area')).toHaveLength(2);
  });

  it('uses the shortlist point until the plot geometry is loaded, and skips a site with neither', () => {
    const layers = buildProjectLayers(
      [
        { siteId: 'a', rank: 1, name: 'A', location: [2.35, 48.85] },
        { siteId: 'b', rank: 2, name: 'B' },
      ],
      new Map(),
    );
    expect(layers.markers).toEqual([{ siteId: 'a', rank: 1, name: 'A', position: [2.35, 48.85] }]);
    expect(layers.bbox).toEqual([2.35, 48.85, 2.35, 48.85]);
  });

  it('draws nothing for an empty list', () => {
    expect(buildProjectLayers([], new Map())).toBe(EMPTY_PROJECT_MAP);
  });
});
