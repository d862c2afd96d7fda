import { describe, expect, it } from 'vitest';
import {
  areaHa,
  circleOfArea,
  coordinateProblem,
  parseDecimal,
  readLonLat,
  ringCentroid,
  toMultiPolygon,
} from './import.geo.ts';

describe('coordinate checks', () => {
  it('accepts metropolitan France, Corsica and the overseas départements', () => {
    expect(coordinateProblem(2.35, 48.85)).toBeNull(); // Paris
    expect(coordinateProblem(9.45, 42.7)).toBeNull(); // Corsica
    expect(coordinateProblem(-61.53, 16.24)).toBeNull(); // Guadeloupe
    expect(coordinateProblem(55.45, -20.88)).toBeNull(); // La Réunion
    expect(coordinateProblem(-52.33, 4.93)).toBeNull(); // Guyane
    expect(coordinateProblem(-63.08, 18.07)).toBeNull(); // Saint-Martin (WPI Baie du Marigot)
  });

  it('says latitude and longitude look swapped when the swapped pair is in France', () => {
    expect(coordinateProblem(48.85, 2.35)).toMatch(/latitude and longitude look swapped/);
    expect(coordinateProblem(-20.88, 55.45)).toMatch(/look swapped/);
  });

  it('flags points outside France instead of keeping them', () => {
    expect(coordinateProblem(13.4, 52.5)).toMatch(/outside France/); // Berlin
    expect(coordinateProblem(-109.23, 10.31)).toMatch(/outside France/); // Clipperton is out of scope
    expect(coordinateProblem(700000, 6600000)).toMatch(/not a valid WGS84 position/); // Lambert-93 metres
  });

  it('reads decimal points and French decimal commas, and names the bad column', () => {
    expect(parseDecimal(' 45,25 ')).toBe(45.25);
    expect(parseDecimal('')).toBeNull();
    expect(parseDecimal('12a')).toBe('invalid');
    expect(readLonLat('abc', '48.8', 'lon', 'lat')).toEqual({ error: "lon 'abc' is not a number" });
    expect(readLonLat('', '', 'x', 'y')).toEqual({ error: 'x and y are empty' });
    expect(readLonLat('2.35', '48.85', 'lon', 'lat')).toEqual({ lon: 2.35, lat: 48.85 });
  });
});

describe('geometry helpers', () => {
  it('computes an area in hectares within 0.5 % of the Lambert-93 value', () => {
    // 0.01° × 0.01° at 48° N: PostGIS gives 82.87 ha in Lambert-93, 82.97 ha on the ellipsoid.
    const g = toMultiPolygon({
      type: 'Polygon',
      coordinates: [
        [
          [2, 48],
          [2.01, 48],
          [2.01, 48.01],
          [2, 48.01],
          [2, 48],
        ],
      ],
    });
    if (!('geometry' in g)) throw new Error(g.error);
    expect(areaHa(g.geometry)).toBeGreaterThan(82.5);
    expect(areaHa(g.geometry)).toBeLessThan(83.2);
  });

  it('draws a circle-like outline with the stated area', () => {
    const c = circleOfArea(2.35, 48.85, 25);
    expect(c.coordinates[0][0]).toHaveLength(65);
    expect(areaHa(c)).toBeCloseTo(25, 0);
  });

  it('finds the centroid of a ring', () => {
    expect(
      ringCentroid([
        [0, 0],
        [2, 0],
        [2, 2],
        [0, 2],
        [0, 0],
      ]),
    ).toEqual([1, 1]);
  });

  it('rejects points, open rings and positions outside France as site outlines', () => {
    expect(toMultiPolygon({ type: 'Point', coordinates: [2, 48] })).toEqual({
      error: 'expected a Polygon or MultiPolygon, got Point',
    });
    expect(
      toMultiPolygon({
        type: 'Polygon',
        coordinates: [
          [
            [2, 48],
            [2.1, 48],
            [2.1, 48.1],
            [2, 48.1],
          ],
        ],
      }),
    ).toEqual({ error: 'a ring is not closed (first ≠ last position)' });
    const swapped = toMultiPolygon({
      type: 'Polygon',
      coordinates: [
        [
          [48, 2],
          [48, 2.1],
          [48.1, 2.1],
          [48, 2],
        ],
      ],
    });
    expect('error' in swapped && swapped.error).toMatch(/look swapped/);
  });
});
