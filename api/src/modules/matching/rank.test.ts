import { describe, expect, it } from 'vitest';
import type { MatchSite } from './candidate.ts';
import { parseNeeds } from './needs.schema.ts';
import { ALGORITHM_VERSION, matchSites, rankCandidates } from './rank.ts';

const access = (kind: string, km: number) => ({
  [kind]: { name: null, distanceM: km * 1000, infrastructureId: null },
});

function site(id: string, extra: Partial<MatchSite> = {}): MatchSite {
  return {
    id,
    name: `Site ${id}`,
    status: 'available',
    region: '44',
    department: '57',
    availableAreaHa: 15,
    powerAvailableMw: 20,
    powerConnectionDelayMonths: 0,
    pluZone: 'U',
    ppriZone: 'none',
    pprtZone: 'none',
    natura2000: 'none',
    soilPollution: 'inexistante',
    sevesoNeighbour: false,
    brownfield: true,
    readiness: [
      { item: 'urbanism', status: 'done', evidenceUrl: 'https://example.org/u' },
      { item: 'networks', status: 'done', evidenceUrl: 'https://example.org/n' },
    ],
    access: { ...access('motorway_access', 5), ...access('substation_63kv', 3) },
    ...extra,
  };
}

const needs = parseNeeds({ surfaceHa: { min: 10, max: 20 }, powerMw: 12 });

describe('rankCandidates', () => {
  it('ranks the better site first and carries the algorithm version via matchSites', () => {
    const far = site('b', { access: access('motorway_access', 30) });
    const near = site('a');
    const out = matchSites([far, near], needs);
    expect(out.algorithmVersion).toBe(ALGORITHM_VERSION);
    expect(out.results.map((r) => [r.siteId, r.rank])).toEqual([
      ['a', 1],
      ['b', 2],
    ]);
    expect(out.results[0].score).toBeGreaterThan(out.results[1].score);
  });

  it('gives the same output for the same input, whatever the input order', () => {
    const sites = ['c', 'a', 'd', 'b'].map((id, i) =>
      site(id, { access: access('motorway_access', 5 + (i % 2) * 10) }),
    );
    const one = rankCandidates(sites, needs);
    const two = rankCandidates([...sites].reverse(), needs);
    expect(two).toEqual(one);
  });

  it('breaks ties by site id', () => {
    const out = rankCandidates([site('z'), site('m'), site('a')], needs);
    expect(out.map((r) => r.siteId)).toEqual(['a', 'm', 'z']);
    expect(new Set(out.map((r) => r.score)).size).toBe(1);
  });

  it('shows each criterion with its normalised weight, score, value and a reason in the asked language', () => {
    const [r] = rankCandidates([site('a')], needs, { lang: 'en' });
    const keys = r.criteria.map((c) => c.key);
    expect(keys).toEqual(['surface', 'power', 'motorway', 'brownfield', 'risks', 'zoning', 'readiness']);
    const total = r.criteria.reduce((a, c) => a + c.weight, 0);
    expect(total).toBeCloseTo(1, 5);
    const brownfield = r.criteria.find((c) => c.key === 'brownfield')!;
    expect(brownfield.weight).toBe(0); // reported for ZAN, not weighted: brownfield is indifferent
    expect(brownfield.value).toBe(0);
    const power = r.criteria.find((c) => c.key === 'power')!;
    expect(power.reason).toBe(power.reason_en);
    expect(power.reason).toMatch(/^20 MW available on site, 12 MW needed/);
    const sum = r.criteria.reduce((a, c) => a + (c.contribution ?? 0), 0);
    expect(sum).toBeCloseTo(r.score, 5);
  });

  it('lowers the confidence by the weight share of unknown data', () => {
    const [known] = rankCandidates([site('a')], needs);
    const [gappy] = rankCandidates([site('b', { powerAvailableMw: null, readiness: [] })], needs);
    expect(known.confidence).toBe(1);
    // power (3) + readiness (2) of 3+3+2+3+3+2 = 16
    expect(gappy.confidence).toBeCloseTo(11 / 16, 6);
    expect(gappy.score).toBeLessThan(known.score);
  });

  it('lets user weights override defaults, and ignores weights on inactive criteria', () => {
    const allDone = (
      ['urbanism', 'archaeology', 'environment', 'icpe', 'networks', 'land_control'] as const
    ).map((item) => ({ item, status: 'done' as const, evidenceUrl: 'https://example.org/e' }));
    const a = site('a', { access: access('motorway_access', 35), readiness: allDone }); // far motorway, ready
    const b = site('b', { readiness: [] }); // near motorway, readiness unknown
    const byDefault = matchSites([a, b], needs);
    const motorwayHeavy = matchSites([a, b], needs, { weights: { motorway: 20, price: 5 } });
    expect(byDefault.results[0].siteId).toBe('a');
    expect(motorwayHeavy.results[0].siteId).toBe('b');
    expect(motorwayHeavy.ignoredWeights).toEqual(['price']);
    expect(motorwayHeavy.weights.price).toBeUndefined();
  });

  it('ranks by TOPSIS closeness over the candidate set; a dominating site gets 1', () => {
    const best = site('best', {
      access: { ...access('motorway_access', 1), ...access('substation_63kv', 1) },
    });
    const mid = site('mid', { access: access('motorway_access', 10), readiness: [] });
    const worst = site('worst', { access: access('motorway_access', 30), readiness: [], ppriZone: 'blue' });
    const out = rankCandidates([worst, mid, best], needs, { method: 'topsis' });
    expect(out.map((r) => r.siteId)).toEqual(['best', 'mid', 'worst']);
    expect(out[0].score).toBe(1);
    expect(out[2].score).toBe(0);
    expect(out[0].criteria[0].contribution).toBeNull();
  });

  it('applies the limit after sorting', () => {
    const out = rankCandidates([site('b', { readiness: [] }), site('a')], needs, { limit: 1 });
    expect(out).toHaveLength(1);
    expect(out[0].siteId).toBe('a');
  });

  it('passes the member plots of an assembly through', () => {
    const [r] = rankCandidates([site('asm:p1+p2', { siteIds: ['p1', 'p2'] })], needs);
    expect(r.siteIds).toEqual(['p1', 'p2']);
  });
});

describe('matchSites', () => {
  it('returns zero results and near-misses naming power when no site has the power', () => {
    const out = matchSites(
      [site('a', { powerAvailableMw: 7.5 }), site('b', { powerAvailableMw: 2, availableAreaHa: 5 })],
      parseNeeds({ surfaceHa: { min: 10 }, powerMw: 12 }),
      { lang: 'en' },
    );
    expect(out.results).toEqual([]);
    expect(out.nearMisses.map((m) => m.siteId)).toEqual(['a', 'b']);
    expect(out.nearMisses[0].failed).toEqual([
      expect.objectContaining({ key: 'powerMw', required: 12, actual: 7.5, gap: 4.5, unknown: false }),
    ]);
    expect(out.nearMisses[0].failed[0].reason).toMatch(/^7\.5 MW available, 12 MW needed/);
    expect(out.nearMisses[1].failed.map((f) => f.key)).toEqual(['surfaceHa', 'powerMw']);
  });

  it('keeps out of the near-misses a site failing more than two constraints, and sites out of scope', () => {
    const threeFailures = site('c', { powerAvailableMw: 1, availableAreaHa: 1, pluZone: 'A' });
    const elsewhere = site('d', { region: '11', department: '78', powerAvailableMw: 1 });
    const out = matchSites(
      [threeFailures, elsewhere],
      parseNeeds({ surfaceHa: { min: 10 }, powerMw: 12, regions: ['44'] }),
    );
    expect(out.nearMisses).toEqual([]);
    expect(out.counts).toEqual({ considered: 2, inScope: 1, candidates: 0, nearMisses: 0 });
  });

  it('lists "to confirm" near-misses before proven ones with as many failures', () => {
    const proven = site('a', { powerAvailableMw: 5 });
    const toConfirm = site('b', { powerAvailableMw: null, access: {} });
    const out = matchSites([proven, toConfirm], parseNeeds({ surfaceHa: { min: 10 }, powerMw: 12 }));
    expect(out.nearMisses.map((m) => [m.siteId, m.failed[0].unknown])).toEqual([
      ['b', true],
      ['a', false],
    ]);
  });

  it('never ranks a site that fails a hard constraint, however good its other scores', () => {
    const flooded = site('a', { ppriZone: 'red' });
    const ok = site('b', { readiness: [], access: access('motorway_access', 40) });
    const out = matchSites([flooded, ok], parseNeeds({ surfaceHa: { min: 10 }, excludeRisks: ['ppri_red'] }));
    expect(out.results.map((r) => r.siteId)).toEqual(['b']);
    expect(out.nearMisses.map((m) => m.siteId)).toEqual(['a']);
  });
});
