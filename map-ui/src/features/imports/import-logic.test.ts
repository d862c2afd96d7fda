import { describe, expect, it } from 'vitest';
import { formatOfFileName, type ImportPreview } from '../../api/imports.ts';
import { previewBounds, unresolvedCount } from './import-logic.ts';

const conflict = (field: string) => ({ field, current: 1, incoming: 2, editedAt: null, editedBy: null });
const preview = {
  rows: [
    { line: 1, status: 'changed', siteId: 's1', conflicts: [conflict('name'), conflict('powerAvailableMw')] },
    { line: 2, status: 'changed', siteId: 's2', conflicts: [conflict('geometry')] },
    { line: 3, status: 'new' },
  ],
  geojson: {
    type: 'FeatureCollection',
    features: [
      {
        type: 'Feature',
        geometry: {
          type: 'Polygon',
          coordinates: [
            [
              [1.7, 48.9],
              [1.8, 48.9],
              [1.8, 49],
              [1.7, 48.9],
            ],
          ],
        },
        properties: {},
      },
      {
        type: 'Feature',
        geometry: {
          type: 'MultiPolygon',
          coordinates: [
            [
              [
                [2, 49.1],
                [2.1, 49.1],
                [2.1, 49.2],
                [2, 49.1],
              ],
            ],
          ],
        },
        properties: {},
      },
    ],
  },
} as unknown as ImportPreview;

describe('import screen logic', () => {
  it('counts the conflicts without a choice', () => {
    expect(unresolvedCount(preview, {})).toBe(3);
    expect(unresolvedCount(preview, { s1: { name: 'keep' } })).toBe(2);
    expect(
      unresolvedCount(preview, {
        s1: { name: 'keep', powerAvailableMw: 'incoming' },
        s2: { geometry: 'keep' },
      }),
    ).toBe(0);
  });

  it('fits the outlines of every feature, and nothing without features', () => {
    expect(previewBounds(preview.geojson)).toEqual([1.7, 48.9, 2.1, 49.2]);
    expect(previewBounds({ type: 'FeatureCollection', features: [] })).toBeNull();
  });

  it('infers the format from the extension', () => {
    expect(formatOfFileName('Sites.GeoJSON')).toBe('sites-geojson');
    expect(formatOfFileName('export.json')).toBe('sites-geojson');
    expect(formatOfFileName('zae.csv')).toBe('sites-csv');
    expect(formatOfFileName('zae.xlsx')).toBeNull();
  });
});
