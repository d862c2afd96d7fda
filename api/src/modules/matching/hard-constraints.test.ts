import { describe, expect, it } from 'vitest';
import type { MatchSite } from './candidate.ts';
import { evaluateCondition, evaluateHardConstraints, hardConstraintSpecs } from './hard-constraints.ts';
import { parseNeeds } from './needs.schema.ts';

const access = (kind: string, km: number, name: string | null = null) => ({
  [kind]: { name, distanceM: km * 1000, infrastructureId: null },
});

/** A site that satisfies every need used below. */
const goodSite: MatchSite = {
  id: 'good',
  name: 'Good',
  status: 'available',
  region: '44',
  department: '57',
  availableAreaHa: 60,
  powerAvailableMw: 130,
  gas: true,
  gasCapacityMwhPerDay: 800,
  waterM3PerDay: 5000,
  railSiding: true,
  quay: false,
  pluZone: 'U',
  maxIcpeRegime: 'A',
  sevesoAllowed: 'upper',
  availableFrom: '2026-01-01',
  priceEurM2: 20,
  brownfield: true,
  ppriZone: 'none',
  pprtZone: 'blue',
  natura2000: 'adjacent',
  access: { ...access('motorway_access', 4), ...access('port', 30), ...access('airport', 50) },
};

const bigNeeds = parseNeeds({
  surfaceHa: { min: 50, max: 150 },
  powerMw: 120,
  gas: { required: true, capacityMwhPerDay: 500 },
  waterM3PerDay: 3000,
  railSiding: 'required',
  maxDistanceKm: { motorway: 20, railFreight: 10, port: 60 },
  icpeRegime: 'A',
  sevesoTier: 'lower',
  availableBy: '2026-06-30',
  brownfield: 'required',
  excludeRisks: ['ppri_red', 'pprt', 'natura2000'],
  hard: [
    'surfaceHa',
    'powerMw',
    'gas',
    'waterM3PerDay',
    'railSiding',
    'maxDistanceKm.motorway',
    'maxDistanceKm.railFreight',
    'maxDistanceKm.port',
    'icpeRegime',
    'sevesoTier',
    'zoning',
    'availableBy',
    'brownfield',
    'excludeRisks',
  ],
});

describe('hardConstraintSpecs', () => {
  it('describes each knock-out declaratively, with the site column to compare', () => {
    const specs = hardConstraintSpecs(
      parseNeeds({ surfaceHa: { min: 10 }, maxDistanceKm: { railFreight: 10 } }),
    );
    expect(specs).toEqual([
      {
        key: 'scope.status',
        need: 'scope',
        scope: true,
        condition: { kind: 'notIn', field: 'status', column: 'status', values: ['taken'] },
      },
      {
        key: 'surfaceHa',
        need: 'surfaceHa',
        scope: false,
        condition: {
          kind: 'min',
          field: 'availableAreaHa',
          column: 'site_surf_comm_dispo',
          value: 10,
          valueType: 'number',
        },
      },
      {
        key: 'maxDistanceKm.railFreight',
        need: 'maxDistanceKm.railFreight',
        scope: false,
        condition: {
          kind: 'anyOf',
          conditions: [
            {
              kind: 'equals',
              field: 'railSiding',
              column: 'reseau_fret_ferroviaire',
              value: true,
              valueType: 'boolean',
            },
            { kind: 'accessMax', accessKind: 'rail_freight', valueM: 10_000 },
          ],
        },
      },
      {
        key: 'zoning',
        need: 'zoning',
        scope: false,
        condition: { kind: 'in', field: 'pluZone', column: 'plu_zone', values: ['U', 'AUc', 'AUs'] },
      },
    ]);
  });

  it('puts the geographic wishes in scope filters (a union of régions, départements, territories)', () => {
    const specs = hardConstraintSpecs(
      parseNeeds({
        surfaceHa: { min: 1 },
        regions: ['44'],
        departments: ['75'],
        excludeDepartments: ['67'],
        hard: [],
      }),
    );
    expect(specs.map((s) => [s.key, s.scope])).toEqual([
      ['scope.area', true],
      ['scope.excludeDepartments', true],
      ['scope.status', true],
    ]);
  });

  it('accepts only the ICPE regimes at least as heavy as the need', () => {
    const [, icpe] = hardConstraintSpecs(
      parseNeeds({ surfaceHa: { min: 1 }, icpeRegime: 'DC', hard: ['icpeRegime'] }),
    );
    expect(icpe.condition).toMatchObject({ kind: 'in', values: ['DC', 'E', 'A'] });
  });

  it('lets a power need be met by a substation close enough for the ramp-up', () => {
    const [, power] = hardConstraintSpecs(
      parseNeeds({ surfaceHa: { min: 1 }, powerMw: 100, rampUpMonths: 36, hard: ['powerMw'] }),
    );
    expect(power.condition).toEqual({
      kind: 'anyOf',
      conditions: [
        {
          kind: 'min',
          field: 'powerAvailableMw',
          column: 'power_available_mw',
          value: 100,
          valueType: 'number',
        },
        { kind: 'accessMax', accessKind: 'substation_225kv', valueM: 12_000 },
      ],
    });
  });

  it('has no knock-out at all with hard: []', () => {
    expect(
      hardConstraintSpecs(parseNeeds({ surfaceHa: { min: 1 }, powerMw: 5, hard: [] })).filter(
        (s) => !s.scope,
      ),
    ).toEqual([]);
  });
});

describe('evaluateHardConstraints', () => {
  it('passes a site that meets every need', () => {
    const ev = evaluateHardConstraints({ ...goodSite, pprtZone: 'none', natura2000: 'none' }, bigNeeds);
    expect(ev.failed).toEqual([]);
    expect(ev.pass).toBe(true);
  });

  it('explains a power shortfall with the gap (near-miss wording)', () => {
    const needs = parseNeeds({ surfaceHa: { min: 5 }, powerMw: 12 });
    const ev = evaluateHardConstraints(
      { ...goodSite, powerAvailableMw: 7.5, access: access('substation_63kv', 3) },
      needs,
    );
    expect(ev.pass).toBe(false);
    expect(ev.failed).toHaveLength(1);
    expect(ev.failed[0]).toMatchObject({
      key: 'powerMw',
      required: 12,
      actual: 7.5,
      unit: 'MW',
      gap: 4.5,
      unknown: false,
    });
    expect(ev.failed[0].reason_en).toMatch(/^7\.5 MW available, 12 MW needed/);
    expect(ev.failed[0].reason_fr).toMatch(/^7,5 MW disponibles, 12 MW demandés/);
  });

  it('explains a distance beyond the maximum in km', () => {
    const needs = parseNeeds({ surfaceHa: { min: 5 }, maxDistanceKm: { railFreight: 10 } });
    const ev = evaluateHardConstraints(
      { ...goodSite, railSiding: false, access: access('rail_freight', 18) },
      needs,
    );
    expect(ev.failed).toEqual([
      expect.objectContaining({
        key: 'maxDistanceKm.railFreight',
        required: 10,
        actual: 18,
        unit: 'km',
        gap: 8,
        unknown: false,
      }),
    ]);
    expect(ev.failed[0].reason_fr).toBe('fret ferroviaire à 18 km, max 10 km (8 km de trop)');
    expect(ev.failed[0].reason_en).toBe('rail freight at 18 km, max 10 km (8 km over)');
  });

  it('counts a siding on site as distance 0 to rail freight', () => {
    const needs = parseNeeds({ surfaceHa: { min: 5 }, maxDistanceKm: { railFreight: 10 } });
    expect(evaluateHardConstraints({ ...goodSite, railSiding: true, access: {} }, needs).pass).toBe(true);
  });

  it('never lets unknown data pass: it fails "to confirm"', () => {
    const bare: MatchSite = { id: 'bare', name: 'Bare', status: 'available', region: '44', department: '57' };
    const ev = evaluateHardConstraints(bare, bigNeeds);
    expect(ev.inScope).toBe(true);
    expect(ev.pass).toBe(false);
    expect(ev.failed.length).toBeGreaterThan(10);
    for (const f of ev.failed) {
      expect(f.unknown, f.key).toBe(true);
      expect(f.reason_fr, f.key).toContain('à confirmer');
      expect(f.reason_en, f.key).toContain('to confirm');
    }
  });

  it('accepts a larger site when a lot small enough can be cut from it', () => {
    const needs = parseNeeds({ surfaceHa: { min: 5, max: 10 } });
    expect(evaluateHardConstraints({ ...goodSite, availableAreaHa: 40, minLotHa: 4 }, needs).pass).toBe(true);
    const ev = evaluateHardConstraints({ ...goodSite, availableAreaHa: 40, minLotHa: 20 }, needs);
    expect(ev.failed[0]).toMatchObject({ key: 'surfaceHa', gap: 30, unknown: false });
    const unknownLot = evaluateHardConstraints({ ...goodSite, availableAreaHa: 40 }, needs);
    expect(unknownLot.failed[0]).toMatchObject({ key: 'surfaceHa', unknown: true });
  });

  it('connects a power need within the ramp-up when the substation is close enough', () => {
    const needs = parseNeeds({ surfaceHa: { min: 5 }, powerMw: 100, rampUpMonths: 36 });
    const near = { ...goodSite, powerAvailableMw: 0, access: access('substation_225kv', 8) };
    const far = { ...goodSite, powerAvailableMw: 0, access: access('substation_225kv', 20) };
    expect(evaluateHardConstraints(near, needs).pass).toBe(true);
    expect(evaluateHardConstraints(far, needs).failed.map((f) => f.key)).toEqual(['powerMw']);
  });

  it('names each excluded risk separately', () => {
    const ev = evaluateHardConstraints(
      { ...goodSite, ppriZone: 'red', pprtZone: 'dark_red', natura2000: 'inside' },
      parseNeeds({ surfaceHa: { min: 5 }, excludeRisks: ['ppri_red', 'pprt', 'natura2000'] }),
    );
    expect(ev.failed.map((f) => f.key)).toEqual([
      'excludeRisks.ppri_red',
      'excludeRisks.pprt',
      'excludeRisks.natura2000',
    ]);
    expect(ev.failed[1].reason_en).toBe('PPRT dark red zone (ban), excluded by the project');
  });

  it('keeps blue PPRT and adjacent Natura 2000 (prescriptions, not bans)', () => {
    const ev = evaluateHardConstraints(
      goodSite,
      parseNeeds({ surfaceHa: { min: 5 }, excludeRisks: ['pprt', 'natura2000'] }),
    );
    expect(ev.pass).toBe(true);
  });

  it('knocks out agricultural and natural PLU zones, keeps AUs', () => {
    const needs = parseNeeds({ surfaceHa: { min: 5 } });
    expect(evaluateHardConstraints({ ...goodSite, pluZone: 'A' }, needs).failed[0].reason_en).toBe(
      'PLU zone A (agricultural): no plant allowed',
    );
    expect(evaluateHardConstraints({ ...goodSite, pluZone: 'AUs' }, needs).pass).toBe(true);
  });

  it('quantifies a late availability and a price over budget', () => {
    const needs = parseNeeds({
      surfaceHa: { min: 5 },
      availableBy: '2026-06-01',
      maxPriceEurM2: 40,
      hard: ['availableBy', 'maxPriceEurM2'],
    });
    const ev = evaluateHardConstraints({ ...goodSite, availableFrom: '2027-01-01', priceEurM2: 45 }, needs);
    expect(ev.failed.map((f) => [f.key, f.gap])).toEqual([
      ['availableBy', 7],
      ['maxPriceEurM2', 5],
    ]);
    expect(ev.failed[0].reason_en).toBe('available from 2027-01-01, needed by 2026-06-01 (7 months late)');
  });

  it('puts a site outside the wanted area out of scope, not among failures', () => {
    const ev = evaluateHardConstraints(goodSite, parseNeeds({ surfaceHa: { min: 5 }, regions: ['11'] }));
    expect(ev).toMatchObject({ inScope: false, pass: false, failed: [], outOfScope: ['scope.area'] });
    const inDept = evaluateHardConstraints(
      goodSite,
      parseNeeds({ surfaceHa: { min: 5 }, regions: ['11'], departments: ['57'] }),
    );
    expect(inDept.inScope).toBe(true);
  });

  it('takes taken sites out of scope', () => {
    expect(
      evaluateHardConstraints({ ...goodSite, status: 'taken' }, parseNeeds({ surfaceHa: { min: 5 } }))
        .inScope,
    ).toBe(false);
  });
});

describe('evaluateCondition', () => {
  const s: MatchSite = { id: 'x', name: 'X', powerAvailableMw: 5 };
  const min = (value: number) =>
    ({
      kind: 'min',
      field: 'powerAvailableMw',
      column: 'power_available_mw',
      value,
      valueType: 'number',
    }) as const;
  const unknownAccess = { kind: 'accessMax', accessKind: 'port', valueM: 1000 } as const;

  it('follows SQL three-valued logic for OR and AND', () => {
    expect(evaluateCondition({ kind: 'anyOf', conditions: [min(10), unknownAccess] }, s)).toBeNull();
    expect(evaluateCondition({ kind: 'anyOf', conditions: [min(1), unknownAccess] }, s)).toBe(true);
    expect(evaluateCondition({ kind: 'allOf', conditions: [min(10), unknownAccess] }, s)).toBe(false);
    expect(evaluateCondition({ kind: 'allOf', conditions: [min(1), unknownAccess] }, s)).toBeNull();
  });
});
