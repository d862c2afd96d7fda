import { describe, expect, it } from 'vitest';
import { basemap } from './basemap.ts';

describe('basemap (Lambert-93 by PostGIS)', () => {
  it('puts Paris where PROJ does, to the metre', () => {
    // ST_Transform(ST_SetSRID(ST_MakePoint(2.3522, 48.8566), 4326), 2154) → 652469.0227, 6862035.2594
    const paris = basemap().cities.find(([name]) => name === 'Paris')?.[1];
    expect(paris).toBeDefined();
    expect(Math.abs(paris![0] - 652469.0227)).toBeLessThan(1);
    expect(Math.abs(paris![1] - 6862035.2594)).toBeLessThan(1);
  });

  it('outlines metropolitan France from Brest to the Rhine and down to Corsica, without overseas land', () => {
    const [minX, minY, maxX, maxY] = basemap().france.bbox;
    // Brest (146 633, 6 836 262), Lauterbourg (1 082 661, 6 887 875), south Corsica (y < 6 080 000).
    expect(minX).toBeLessThan(146_633);
    expect(maxX).toBeGreaterThan(1_082_661);
    expect(minY).toBeLessThan(6_080_000);
    // Dunkirk is the northernmost point (~7 110 000); French Guiana would be thousands of km away.
    expect(maxY).toBeLessThan(7_150_000);
    expect(minX).toBeGreaterThan(0);
    expect(basemap().neighbours.length).toBeGreaterThan(10);
  });
});
