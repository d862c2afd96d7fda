/** Scores move the right way: more of a good thing never lowers a score (property tests). */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { MatchSite } from '../candidate.ts';
import { parseNeeds } from '../needs.schema.ts';
import { type CriterionKey, evaluateCriterion } from './index.ts';

const base: MatchSite = { id: 'm', name: 'M' };
const score = (key: CriterionKey, site: Partial<MatchSite>, needs: unknown) =>
  evaluateCriterion(key, { ...base, ...site }, parseNeeds(needs)).score;
const at = (kind: string, km: number) => ({
  access: { [kind]: { name: null, distanceM: km * 1000, infrastructureId: null } },
});
const pair = (max: number) =>
  fc
    .tuple(fc.double({ min: 0, max, noNaN: true }), fc.double({ min: 0, max, noNaN: true }))
    .map(([a, b]) => (a <= b ? [a, b] : [b, a]));

describe('monotonic scores', () => {
  it('distance: farther never scores higher', () => {
    fc.assert(
      fc.property(pair(300), fc.constantFrom(undefined, 5, 20, 80), ([near, far], max) => {
        const needs = { surfaceHa: { min: 1 }, maxDistanceKm: max ? { motorway: max, airport: max } : {} };
        expect(score('motorway', at('motorway_access', far), needs)).toBeLessThanOrEqual(
          score('motorway', at('motorway_access', near), needs),
        );
        if (max)
          expect(score('airport', at('airport', far), needs)).toBeLessThanOrEqual(
            score('airport', at('airport', near), needs),
          );
      }),
    );
  });

  it('water, wastewater, gas: more capacity never scores lower', () => {
    fc.assert(
      fc.property(pair(10_000), ([lo, hi]) => {
        const needs = {
          surfaceHa: { min: 1 },
          waterM3PerDay: 1000,
          wastewaterM3PerDay: 800,
          gas: { required: true, capacityMwhPerDay: 300 },
        };
        expect(score('water', { waterM3PerDay: hi }, needs)).toBeGreaterThanOrEqual(
          score('water', { waterM3PerDay: lo }, needs),
        );
        expect(score('wastewater', { wastewaterM3PerDay: hi }, needs)).toBeGreaterThanOrEqual(
          score('wastewater', { wastewaterM3PerDay: lo }, needs),
        );
        expect(score('gas', { gasCapacityMwhPerDay: hi }, needs)).toBeGreaterThanOrEqual(
          score('gas', { gasCapacityMwhPerDay: lo }, needs),
        );
      }),
    );
  });

  it('price: dearer never scores higher', () => {
    fc.assert(
      fc.property(pair(500), ([cheap, dear]) => {
        const needs = { surfaceHa: { min: 1 }, maxPriceEurM2: 40 };
        expect(score('price', { priceEurM2: dear }, needs)).toBeLessThanOrEqual(
          score('price', { priceEurM2: cheap }, needs),
        );
      }),
    );
  });

  it('power: more MW on site or a nearer substation never scores lower', () => {
    fc.assert(
      fc.property(
        pair(300),
        pair(100),
        fc.constantFrom(5, 12, 60, 120),
        fc.constantFrom(undefined, 24, 36),
        ([lo, hi], [near, far], need, rampUp) => {
          const needs = { surfaceHa: { min: 1 }, powerMw: need, rampUpMonths: rampUp };
          const kind = need <= 50 ? 'substation_63kv' : 'substation_225kv';
          const withMw = (mw: number) => ({ powerAvailableMw: mw, ...at(kind, 10) });
          expect(score('power', withMw(hi), needs)).toBeGreaterThanOrEqual(
            score('power', withMw(lo), needs) - 1e-12,
          );
          const withKm = (km: number) => ({ powerAvailableMw: 0, ...at(kind, km) });
          expect(score('power', withKm(far), needs)).toBeLessThanOrEqual(
            score('power', withKm(near), needs) + 1e-12,
          );
        },
      ),
    );
  });

  it('availability: later never scores higher', () => {
    fc.assert(
      fc.property(pair(1500), ([early, late]) => {
        const day = (n: number) =>
          new Date(Date.UTC(2025, 0, 1) + Math.floor(n) * 86_400_000).toISOString().slice(0, 10);
        const needs = { surfaceHa: { min: 1 }, availableBy: '2026-01-01' };
        expect(score('availability', { availableFrom: day(late) }, needs)).toBeLessThanOrEqual(
          score('availability', { availableFrom: day(early) }, needs),
        );
      }),
    );
  });

  it('surface: rises up to the minimum, falls beyond the maximum', () => {
    fc.assert(
      fc.property(pair(10), pair(1000), ([a, b], [c, d]) => {
        const needs = { surfaceHa: { min: 10, max: 20 } };
        expect(score('surface', { availableAreaHa: b }, needs)).toBeGreaterThanOrEqual(
          score('surface', { availableAreaHa: a }, needs),
        );
        const big = (x: number) => ({ availableAreaHa: 20 + x, minLotHa: 500 });
        expect(score('surface', big(d), needs)).toBeLessThanOrEqual(score('surface', big(c), needs));
      }),
    );
  });
});
