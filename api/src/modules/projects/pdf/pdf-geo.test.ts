import { describe, expect, it } from 'vitest';
import {
  bboxOf,
  exitPoint,
  fitBbox,
  localProjector,
  niceScaleLength,
  padBbox,
  ringArea,
  ringCentroid,
} from './pdf-geo.ts';

describe('localProjector', () => {
  it('puts the origin at 0, 0 and measures a degree of latitude as ~111.2 km', () => {
    const proj = localProjector([2, 45]);
    expect(proj([2, 45])).toEqual([0, 0]);
    const [, y] = proj([2, 46]);
    expect(y).toBeCloseTo(111195, -1);
  });

  it('shrinks longitudes by cos(latitude)', () => {
    const [x] = localProjector([2, 45])([3, 45]);
    expect(x).toBeCloseTo(111195 * Math.cos(Math.PI / 4), -1);
    const [x60] = localProjector([0, 60])([1, 60]);
    expect(x60).toBeCloseTo(111195 / 2, -1);
  });
});

describe('niceScaleLength', () => {
  it.each([
    [1234, 1000],
    [340, 200],
    [7300, 5000],
    [1000, 1000],
    [999, 500],
    [199, 100],
    [25_000, 20_000],
    [0.3, 0.2],
  ])('rounds %d m down to %d m (1, 2 or 5 × 10ⁿ)', (max, expected) => {
    expect(niceScaleLength(max)).toBeCloseTo(expected, 9);
  });

  it('returns 0 for no room', () => {
    expect(niceScaleLength(0)).toBe(0);
    expect(niceScaleLength(-5)).toBe(0);
    expect(niceScaleLength(Number.NaN)).toBe(0);
  });
});

describe('box helpers', () => {
  it('bboxOf skips non-finite points and returns null for none', () => {
    expect(
      bboxOf([
        [0, 0],
        [2, 1],
        [Number.NaN, 5],
      ]),
    ).toEqual([0, 0, 2, 1]);
    expect(bboxOf([])).toBeNull();
  });

  it('padBbox grows by a share of the larger side, then to the minimum size around the centre', () => {
    expect(padBbox([0, 0, 100, 50], 0.1, 0)).toEqual([-10, -10, 110, 60]);
    expect(padBbox([0, 0, 10, 10], 0, 100)).toEqual([-45, -45, 55, 55]);
  });

  it('fitBbox keeps proportions, centres the box and flips y for the page', () => {
    const fit = fitBbox([0, 0, 100, 100], { x: 0, y: 0, w: 200, h: 100 });
    expect(fit.scale).toBe(1);
    expect(fit.toPage([0, 100])).toEqual([50, 0]);
    expect(fit.toPage([100, 0])).toEqual([150, 100]);
    expect(fit.shown).toEqual([-50, 0, 150, 100]);
  });

  it('exitPoint cuts a segment where it leaves the rectangle', () => {
    const r = { x: 0, y: 0, w: 10, h: 10 };
    expect(exitPoint([5, 5], [20, 5], r)).toEqual([10, 5]);
    expect(exitPoint([5, 5], [5, -15], r)).toEqual([5, 0]);
    expect(exitPoint([5, 5], [8, 8], r)).toEqual([8, 8]);
  });

  it('ringCentroid and ringArea of a square', () => {
    const sq: Array<[number, number]> = [
      [0, 0],
      [4, 0],
      [4, 2],
      [0, 2],
      [0, 0],
    ];
    expect(ringCentroid(sq)).toEqual([2, 1]);
    expect(ringArea(sq)).toBe(8);
  });
});
