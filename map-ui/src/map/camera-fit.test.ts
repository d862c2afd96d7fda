import { describe, expect, it } from 'vitest';
import { fitPadding, viewBounds } from './camera-fit.ts';

describe('viewBounds', () => {
  it('shows the whole Web Mercator world at zoom 0 in 512 × 512 px', () => {
    const [w, s, e, n] = viewBounds({ longitude: 0, latitude: 0, zoom: 0 }, 512, 512);
    expect(w).toBeCloseTo(-180, 6);
    expect(e).toBeCloseTo(180, 6);
    expect(s).toBeCloseTo(-85.0511, 3);
    expect(n).toBeCloseTo(85.0511, 3);
  });

  it('gives the box of the France view on a 1440 × 900 window, around its centre', () => {
    const [w, s, e, n] = viewBounds({ longitude: 2.45, latitude: 46.6, zoom: 5.2 }, 1440, 900);
    // 1440 px at z5.2 span 1440 / (512 · 2^5.2) · 360° ≈ 27.5° of longitude.
    expect(e - w).toBeCloseTo((1440 / (512 * 2 ** 5.2)) * 360, 6);
    expect((w + e) / 2).toBeCloseTo(2.45, 6);
    expect(s).toBeLessThan(41.3); // Corsica's south tip
    expect(n).toBeGreaterThan(51.1); // Dunkirk
    expect(46.6 - s).toBeGreaterThan(n - 46.6); // a pixel spans fewer degrees further north
  });
});

describe('fitPadding', () => {
  it('keeps padding that leaves the map room', () => {
    const p = { top: 70, bottom: 70, left: 310, right: 472 };
    expect(fitPadding(p, 1074, 846)).toEqual(p);
  });

  it('scales the sides down together on a phone, so a fit can still happen', () => {
    const p = fitPadding({ top: 70, bottom: 70, left: 310, right: 60 }, 390, 600);
    expect(p.left + p.right).toBeCloseTo(234, 6);
    expect(p.left / p.right).toBeCloseTo(310 / 60, 6);
    expect(p.top).toBe(70);
  });
});
