import { describe, expect, it } from 'vitest';
import type { AccessKind } from '../access/access-kinds.ts';
import type { LiveSite } from './projects.store.ts';
import { asShown, type CompareSite, compareRows, flagBest } from './shortlist.compare.ts';

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
  access: Array<[AccessKind, number]> = [],
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

describe('compareRows: drive times and labour pool (issue 11)', () => {
  const site = (id: string, truck: number, car: number, active: number): CompareSite => ({
    siteId: id,
    name: id,
    rank: null,
    live: {
      id,
      facts: {},
      access: [
        {
          kind: 'motorway_access',
          name: null,
          distanceM: 3000,
          infrastructureId: null,
          driveMinutes: car,
          truckMinutes: truck,
          method: 'road',
        },
        {
          kind: 'airport',
          name: null,
          distanceM: 30_000,
          infrastructureId: null,
          driveMinutes: car * 4,
          truckMinutes: truck * 4,
          method: 'road',
        },
      ],
      labourPool: [
        { minutes: 30, population: active * 2, active, unemployed: 100, communes: 12, method: 'estimate' },
      ],
      location: null,
    },
    snapshot: null,
  });
  const rows = compareRows([site('a', 6, 5, 40_000), site('b', 9, 7, 180_000)]);
  const byKey = (k: string) => rows.find((r) => r.key === k)!;

  it('compares freight access by truck and an airport by car, the shortest best', () => {
    expect(byKey('drive.motorway_access').values.map((v) => [v.value, v.best])).toEqual([
      [6, true],
      [9, false],
    ]);
    expect(byKey('drive.airport').values.map((v) => v.value)).toEqual([20, 28]);
    expect(byKey('drive.motorway_access').label.en).toBe('Motorway junction (min by truck)');
  });

  it('compares the working people within 30 minutes, the largest pool best', () => {
    expect(byKey('labourPool.30').values.map((v) => [v.value, v.best])).toEqual([
      [40_000, false],
      [180_000, true],
    ]);
  });
});

describe('compareRows: ties as shown and readiness as counted everywhere', () => {
  const site = (id: string, facts: Record<string, unknown>): CompareSite => ({
    siteId: id,
    name: id,
    rank: null,
    live: live(id, facts),
    snapshot: null,
  });
  const rows = compareRows([
    site('a', {
      availableAreaHa: 13.52,
      priceEurM2: 40,
      readiness: [
        { item: 'urbanism', status: 'done' },
        { item: 'archaeology', status: 'not_required' },
        { item: 'icpe', status: 'in_progress' },
      ],
    }),
    site('b', {
      availableAreaHa: 13.48,
      priceEurM2: 40.001,
      readiness: [
        { item: 'urbanism', status: 'done' },
        { item: 'networks', status: 'done' },
      ],
    }),
    site('c', { availableAreaHa: 9, priceEurM2: 55 }),
  ]);
  const cells = (k: string) => rows.find((r) => r.key === k)!.values.map((v) => [v.value, v.best]);

  it('stars every value shown the same (13.52 and 13.48 ha both read "13,5 ha"), never one of two', () => {
    expect(cells('availableAreaHa')).toEqual([
      [13.52, true],
      [13.48, true],
      [9, false],
    ]);
    expect(cells('priceEurM2')).toEqual([
      [40, true],
      [40.001, true],
      [55, false],
    ]);
  });

  it('counts readiness as ready items of the six (done or not required), unknown when not stated', () => {
    const r = rows.find((x) => x.key === 'readinessDone')!;
    expect(r.unit).toBe('readiness');
    expect(r.values.map((v) => [v.value, v.best])).toEqual([
      [2, true],
      [2, true],
      [null, false],
    ]);
  });

  it('rounds as the screen shows', () => {
    expect(asShown('ha', 13.52)).toBe(13.5);
    expect(asShown('ha', 152.4)).toBe(152);
    expect(asShown('share', 0.8042)).toBe(0.8);
    expect(asShown('m', 2549)).toBe(2500);
    expect(asShown('m', 344)).toBe(340);
    expect(asShown(null, 'available')).toBe('available');
  });
});
