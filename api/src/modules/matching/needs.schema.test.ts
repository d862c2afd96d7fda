import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { matchRequestSchema, requestAhp, requestWeights } from './match-request.schema.ts';
import { defaultHardKeys, needsSchema, parseNeeds } from './needs.schema.ts';

function issuesOf(schema: z.ZodType, input: unknown) {
  const r = schema.safeParse(input);
  expect(r.success, 'expected the input to be refused').toBe(false);
  return (r.error?.issues ?? []).map((i) => ({ path: i.path.join('.'), message: i.message, code: i.code }));
}

describe('needsSchema', () => {
  it('accepts a minimal need and fills the defaults', () => {
    const n = parseNeeds({ surfaceHa: { min: 5 } });
    expect(n.allowAssembly).toBe(false);
    expect(n.railSiding).toBe('indifferent');
    expect(n.excludeRisks).toEqual([]);
    expect(n.maxDistanceKm).toEqual({});
    expect(defaultHardKeys(n)).toEqual(['surfaceHa', 'zoning']);
  });

  it('refuses min > max, naming surfaceHa.max', () => {
    const issues = issuesOf(needsSchema, { surfaceHa: { min: 20, max: 10 } });
    expect(issues).toContainEqual(
      expect.objectContaining({ path: 'surfaceHa.max', message: expect.stringMatching(/smaller than min/) }),
    );
  });

  it('refuses negative values with the field named', () => {
    const issues = issuesOf(needsSchema, { surfaceHa: { min: -1 }, powerMw: -3, waterM3PerDay: -1 });
    expect(issues.map((i) => i.path)).toEqual(
      expect.arrayContaining(['surfaceHa.min', 'powerMw', 'waterM3PerDay']),
    );
  });

  it('keeps quantities to a stated precision, never rounding a positive figure to 0', () => {
    const n = parseNeeds({
      surfaceHa: { min: 1e-9, max: 12.345678 },
      powerMw: 5e-324,
      waterM3PerDay: 0,
      maxDistanceKm: { motorway: 2.00049 },
      maxPriceEurM2: 19.999,
    });
    expect(n.surfaceHa).toEqual({ min: 1e-4, max: 12.3457 });
    expect(n.powerMw).toBe(0.001);
    expect(n.waterM3PerDay).toBe(0);
    expect(n.maxDistanceKm.motorway).toBe(2);
    expect(n.maxPriceEurM2).toBe(20);
  });

  it('refuses a 10 GW power need with a message about the unit', () => {
    const issues = issuesOf(needsSchema, { surfaceHa: { min: 5 }, powerMw: 10_000 });
    expect(issues).toContainEqual(
      expect.objectContaining({ path: 'powerMw', message: expect.stringMatching(/2000 MW.*MW, not kW/) }),
    );
  });

  it('refuses unknown région and département codes', () => {
    const issues = issuesOf(needsSchema, {
      surfaceHa: { min: 5 },
      regions: ['44', '99'],
      departments: ['57', '20', '6'],
    });
    expect(issues).toContainEqual(
      expect.objectContaining({
        path: 'regions.1',
        message: expect.stringMatching(/unknown région code "99"/),
      }),
    );
    expect(issues).toContainEqual(
      expect.objectContaining({ path: 'departments.1', message: expect.stringMatching(/"20"/) }),
    );
    expect(issues).toContainEqual(expect.objectContaining({ path: 'departments.2' }));
  });

  it('accepts Corsica and overseas codes', () => {
    expect(
      parseNeeds({ surfaceHa: { min: 5 }, departments: ['2A', '974'], regions: ['94', '06'] }).departments,
    ).toEqual(['2A', '974']);
  });

  it('refuses a département that lies in an excluded région', () => {
    const issues = issuesOf(needsSchema, {
      surfaceHa: { min: 5 },
      departments: ['57'],
      excludeRegions: ['44'],
    });
    expect(issues).toContainEqual(
      expect.objectContaining({
        path: 'departments.0',
        message: expect.stringMatching(/excluded région 44/),
      }),
    );
  });

  it('refuses unknown keys, at the top level and inside nested objects', () => {
    const issues = issuesOf(needsSchema, {
      surfaceHa: { min: 5, mini: 3 },
      colour: 'red',
      maxDistanceKm: { sea: 3 },
    });
    const unrecognised = issues.filter((i) => i.code === 'unrecognized_keys').map((i) => i.path);
    expect(unrecognised).toEqual(expect.arrayContaining(['', 'surfaceHa', 'maxDistanceKm']));
  });

  it('refuses a knock-out on a need that is not stated', () => {
    const issues = issuesOf(needsSchema, {
      surfaceHa: { min: 5 },
      hard: ['surfaceHa', 'maxDistanceKm.port'],
    });
    expect(issues).toContainEqual(
      expect.objectContaining({ path: 'hard.1', message: expect.stringMatching(/maxDistanceKm.port/) }),
    );
  });

  it('refuses a gas capacity with required: false', () => {
    const issues = issuesOf(needsSchema, {
      surfaceHa: { min: 5 },
      gas: { required: false, capacityMwhPerDay: 10 },
    });
    expect(issues.map((i) => i.path)).toContain('gas.required');
  });

  it('defaults the knock-outs per the contract, plus zoning, ICPE and Seveso', () => {
    const n = parseNeeds({
      surfaceHa: { min: 50, max: 150 },
      powerMw: 120,
      railSiding: 'preferred',
      quay: 'required',
      gas: { required: true },
      waterM3PerDay: 3000,
      maxDistanceKm: { motorway: 20, airport: 80 },
      icpeRegime: 'A',
      sevesoTier: 'lower',
      availableBy: '2027-01-01',
      maxPriceEurM2: 40,
      excludeRisks: ['ppri_red'],
    });
    expect(defaultHardKeys(n)).toEqual([
      'surfaceHa',
      'powerMw',
      'gas',
      'quay',
      'maxDistanceKm.motorway',
      'maxDistanceKm.airport',
      'icpeRegime',
      'sevesoTier',
      'zoning',
      'availableBy',
      'excludeRisks',
    ]);
  });

  it('converts to JSON Schema for the OpenAPI document', () => {
    const js = z.toJSONSchema(needsSchema, { io: 'input' }) as { properties: Record<string, unknown> };
    expect(Object.keys(js.properties)).toEqual(
      expect.arrayContaining(['surfaceHa', 'powerMw', 'hard', 'excludeRisks']),
    );
  });
});

describe('matchRequestSchema', () => {
  const needs = { surfaceHa: { min: 10 }, powerMw: 12 };

  it('defaults method and limit', () => {
    const r = matchRequestSchema.parse({ needs });
    expect(r.method).toBe('weighted');
    expect(r.limit).toBe(20);
    expect(requestWeights(r)).toBeUndefined();
  });

  it('refuses unknown weight keys, naming the key and listing the known ones', () => {
    const issues = issuesOf(matchRequestSchema, { needs, weights: { colour: 2, power: 1 } });
    expect(issues).toContainEqual(
      expect.objectContaining({
        path: 'weights.colour',
        message: expect.stringMatching(/unknown criterion "colour".*surface/),
      }),
    );
  });

  it('refuses weights summing to 0', () => {
    const issues = issuesOf(matchRequestSchema, { needs, weights: { power: 0, surface: 0 } });
    expect(issues).toContainEqual(
      expect.objectContaining({ path: 'weights', message: expect.stringMatching(/sum to 0/) }),
    );
  });

  it('refuses weights that only weigh criteria the needs do not activate', () => {
    const issues = issuesOf(matchRequestSchema, {
      needs,
      weights: { surface: 0, power: 0, motorway: 0, risks: 0, zoning: 0, readiness: 0, price: 5 },
    });
    expect(issues).toContainEqual(
      expect.objectContaining({ path: 'weights', message: expect.stringMatching(/activate/) }),
    );
  });

  it('refuses negative weights', () => {
    expect(issuesOf(matchRequestSchema, { needs, weights: { power: -1 } }).map((i) => i.path)).toContain(
      'weights.power',
    );
  });

  it('refuses an inconsistent AHP matrix (CR > 0.10) with the ratio in the message', () => {
    const issues = issuesOf(matchRequestSchema, {
      needs,
      ahp: {
        criteria: ['surface', 'power', 'risks'],
        matrix: [
          [1, 5, 1 / 5],
          [1 / 5, 1, 5],
          [5, 1 / 5, 1],
        ],
      },
    });
    expect(issues).toContainEqual(
      expect.objectContaining({
        path: 'ahp.matrix',
        message: expect.stringMatching(/consistency ratio \d\.\d+ > 0\.1/),
      }),
    );
  });

  it('refuses a non-reciprocal matrix, naming the cell', () => {
    const issues = issuesOf(matchRequestSchema, {
      needs,
      ahp: {
        criteria: ['surface', 'power'],
        matrix: [
          [1, 3],
          [3, 1],
        ],
      },
    });
    expect(issues).toContainEqual(
      expect.objectContaining({ path: 'ahp.matrix.1.0', message: expect.stringMatching(/reciprocal/) }),
    );
  });

  it('refuses a matrix of the wrong size and unknown AHP criteria', () => {
    const issues = issuesOf(matchRequestSchema, {
      needs,
      ahp: { criteria: ['surface', 'nope'], matrix: [[1]] },
    });
    expect(issues.map((i) => i.path)).toEqual(expect.arrayContaining(['ahp.criteria.1', 'ahp.matrix']));
  });

  it('refuses weights and AHP together', () => {
    const issues = issuesOf(matchRequestSchema, {
      needs,
      weights: { power: 1 },
      ahp: {
        criteria: ['surface', 'power'],
        matrix: [
          [1, 1],
          [1, 1],
        ],
      },
    });
    expect(issues.map((i) => i.path)).toContain('ahp');
  });

  it('turns a consistent AHP matrix into weights, other criteria at 0', () => {
    const r = matchRequestSchema.parse({
      needs,
      ahp: {
        criteria: ['surface', 'power', 'risks'],
        matrix: [
          [1, 1 / 3, 5],
          [3, 1, 7],
          [1 / 5, 1 / 7, 1],
        ],
      },
    });
    const w = requestWeights(r)!;
    expect(w.power).toBeCloseTo(0.6491, 3);
    expect(w.surface).toBeCloseTo(0.279, 3);
    expect(w.motorway).toBe(0);
    expect(requestAhp(r)?.cr).toBeCloseTo(0.0559, 3);
  });

  it('does not crash when the needs themselves are malformed', () => {
    const issues = issuesOf(matchRequestSchema, { needs: { surfaceHa: 'big' }, weights: { power: 2 } });
    expect(issues.map((i) => i.path)).toContain('needs.surfaceHa');
  });

  it('refuses an unknown method and an absurd limit', () => {
    const issues = issuesOf(matchRequestSchema, { needs, method: 'electre', limit: 10_000 });
    expect(issues.map((i) => i.path)).toEqual(expect.arrayContaining(['method', 'limit']));
  });
});
