import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import type { SiteListFeature } from '../sites.schemas.ts';
import { csvField, csvLine, PLAIN_CSV_HEADER, plainCsvRecord } from './downloads.csv.ts';
import { centroid, toWkt } from './downloads.geo.ts';

describe('csvField', () => {
  it('quotes per RFC 4180 only when needed', () => {
    expect(csvField('plain', false)).toBe('plain');
    expect(csvField('a,b', false)).toBe('"a,b"');
    expect(csvField('say "hi"', false)).toBe('"say ""hi"""');
    expect(csvField('two\nlines', false)).toBe('"two\nlines"');
    expect(csvField(null, false)).toBe('');
    expect(csvField(Number.NaN, false)).toBe('');
    expect(csvField(true, false)).toBe('true');
  });

  it('guards text a spreadsheet would run as a formula, never numbers', () => {
    for (const s of ['=1+1', '+33 1 23', '-2', '@SUM(A1)', '\tx', '\rx']) {
      expect(csvField(s, true).replace(/^"|"$/g, '')).toBe(`'${s}`);
    }
    expect(csvField('=HYPERLINK("http://x","y")', true)).toBe(`"'=HYPERLINK(""http://x"",""y"")"`);
    expect(csvField(-2.5, true)).toBe('-2.5');
    expect(csvField('ZA =1', true)).toBe('ZA =1');
    expect(csvField('=1+1', false)).toBe('=1+1');
  });

  it('makes records that a CSV parser reads back to the same cells', () => {
    const cells = ['a,b', 'c"d', 'e\r\nf', '', 'g'];
    expect(parse(csvLine(cells, false))).toEqual([cells]);
  });
});

describe('geometry text', () => {
  const poly = {
    type: 'Polygon' as const,
    coordinates: [
      [
        [0, 0],
        [4, 0],
        [4, 4],
        [0, 4],
        [0, 0],
      ],
      [
        [0, 0],
        [0, 2],
        [2, 2],
        [2, 0],
        [0, 0],
      ],
    ],
  };

  it('writes WKT as a MULTIPOLYGON with holes', () => {
    expect(toWkt(poly)).toBe('MULTIPOLYGON (((0 0, 4 0, 4 4, 0 4, 0 0), (0 0, 0 2, 2 2, 2 0, 0 0)))');
  });

  it('puts the centroid of an outline with a hole on the side of the material, whatever the winding', () => {
    // 16 - 4 = 12; centroid = (16·(2,2) - 4·(1,1)) / 12
    expect(centroid(poly)).toEqual([2.333333, 2.333333]);
    const reversed = { ...poly, coordinates: poly.coordinates.map((r) => [...r].reverse()) };
    expect(centroid(reversed)).toEqual([2.333333, 2.333333]);
  });
});

describe('plainCsvRecord', () => {
  it('lays out the list fields, lists joined with |, the centroid and WKT', () => {
    const rec = plainCsvRecord({
      type: 'Feature',
      id: 'id-1',
      geometry: {
        type: 'MultiPolygon',
        coordinates: [
          [
            [
              [1, 1],
              [3, 1],
              [3, 3],
              [1, 1],
            ],
          ],
        ],
      },
      properties: {
        name: 'Site',
        labels: ['star_est', 'territoire_industrie'],
        availableAreaHa: 3,
      } as SiteListFeature['properties'],
    });
    const byColumn = Object.fromEntries(PLAIN_CSV_HEADER.map((h, i) => [h, rec[i]]));
    expect(byColumn).toMatchObject({
      id: 'id-1',
      name: 'Site',
      labels: 'star_est|territoire_industrie',
      availableAreaHa: 3,
      status: undefined,
      lon: 2.333333,
      lat: 1.666667,
      wkt: 'MULTIPOLYGON (((1 1, 3 1, 3 3, 1 1)))',
    });
  });
});
