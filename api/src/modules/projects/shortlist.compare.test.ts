import { describe, expect, it } from 'vitest';
import type { LiveSite } from './projects.store.ts';
import { type CompareSite, compareRows, flagBest } from './shortlist.compare.ts';

const higher = (v: unknown) => (typeof v === 'number' ? v : null);

describe('flagBest', () => {
  it('flags the top values, ties included', () => {
    expect(flagBest([3, 5, null], higher)).toEqual([false, true, false]);
    expect(flagBest([5, 5, 1], higher)).toEqual([true, true, false]);
  });

  it('flags nothing when every site has the same value or nothing is known', () => {
    expect(flagBest([2, 2, 2], higher)).toEqual([false, false, false]);
    expect(flagBest([null, null], higher)).toEqual([false, false]);
  });

  it('flags a known value against unknowns, and nothing for rows without an order', () => {
    expect(flagBest([null, 0], higher)).toEqual([false, true]);
    expect(flagBest([20, 63], null)).toEqual([false, false]);
  });
});

const live = (
  id: string,
  facts: Record<string, unknown>,
  access: Array<[string, number]> = [],
): LiveSite => ({
  id,
  facts,
  access: access.map(([kind, distanceM]) => ({ kind, name: null, distanceM, infrastructureId: null })),
  location: null,
});

describe('compareRows', () => {
  const sites: CompareSite[] = [
    {
      siteId: 'a',
      name: 'A',
      rank: 1,
      live: live(
        'a',
        { priceEurM2: 40, ppriZone: 'blue', availableFrom: '2027-01-01', status: 'available' },
        [['motorway_access', 900]],
      ),
      snapshot: null,
    },
    {
      siteId: 'b',
      name: 'B',
      rank: null,
      live: live(
        'b',
        { priceEurM2: 25, ppriZone: 'none', availableFrom: '2025-06-01', status: 'under_option' },
        [['motorway_access', 4000]],
      ),
      snapshot: null,
    },
  ];
  const rows = compareRows(sites);
  const best = (key: string) =>
    rows
      .find((r) => r.key === key)!
      .values.filter((v) => v.best)
      .map((v) => v.siteId);

  it('prefers the lower price, the earlier date, the shorter distance', () => {
    expect(best('priceEurM2')).toEqual(['b']);
    expect(best('availableFrom')).toEqual(['b']);
    expect(best('access.motorway_access')).toEqual(['a']);
  });

  it('ranks vocabularies best first (no flood zone beats blue; available beats under option)', () => {
    expect(best('ppriZone')).toEqual(['b']);
    expect(best('status')).toEqual(['a']);
  });

  it('keeps the sites in the order asked and leaves unknown values null', () => {
    const power = rows.find((r) => r.key === 'powerAvailableMw')!;
    expect(power.values).toEqual([
      { siteId: 'a', value: null, best: false },
      { siteId: 'b', value: null, best: false },
    ]);
  });
});
