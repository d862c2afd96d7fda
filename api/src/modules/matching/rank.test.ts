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
    powerVoltageKv: 20,
    powerStatementDate: '2026-01-15',
    powerSource: 'Enedis, courrier du 15/01/2026',
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
    expect(power.reason).toMatch(/^20 MW available on site at 20 kV, 12 MW needed \(stated 2026-01-15\)/);
    const sum = r.criteria.reduce((a, c) => a + (c.contribution ?? 0), 0);
    expect(sum).toBeCloseTo(r.score, 5);
  });

  it('lowers the confidence by the weight share of unknown data, and says why', () => {
    const [known] = rankCandidates([site('a')], needs);
    const [gappy] = rankCandidates(
      [site('b', { powerAvailableMw: null, readiness: [], access: access('motorway_access', 5) })],
      needs,
    );
    expect(known.confidence).toBe(1);
    expect(known.confidenceNotes).toEqual([]);
    // power (3) + readiness (2) of 3+3+2+3+3+2 = 16
    expect(gappy.confidence).toBeCloseTo(11 / 16, 4);
    expect(gappy.score).toBeLessThan(known.score);
    expect(gappy.confidenceNotes.map((n) => n.criterion)).toEqual(['power', 'readiness']);
    expect(gappy.confidenceNotes[0].text_en).toBe('Electric power: data missing');
  });

  it('gives different confidence to the same facts with different provenance', () => {
    const sourced = site('a', { dataQuality: 'sourced', sourceUpdatedAt: '2026-06-01' });
    const illustrative = site('b', {
      dataQuality: 'sourced',
      sourceUpdatedAt: '2026-06-01',
      illustrativeFields: ['powerAvailableMw', 'ppriZone', 'pluZone'],
    });
    const tagged = site('c', { dataQuality: 'illustrative', sourceUpdatedAt: '2026-06-01' });
    const [a, b, c] = ['a', 'b', 'c'].map(
      (id) =>
        rankCandidates([sourced, illustrative, tagged], needs, { asOf: '2026-12-07' }).find(
          (r) => r.siteId === id,
        )!,
    );
    expect(a.score).toBe(b.score);
    expect(a.score).toBe(c.score);
    expect(a.confidence).toBe(1);
    expect(b.confidence).toBeLessThan(a.confidence);
    expect(c.confidence).toBeLessThan(b.confidence);
    expect(b.confidenceNotes[0].text_fr).toMatch(/valeurs illustratives/);
    expect(b.flags.map((f) => f.code)).toContain('illustrative');
  });

  it('discounts an old statement: a 2015 power figure is not a 2026 one', () => {
    const fresh = site('a', { powerStatementDate: '2026-01-15' });
    const old = site('b', { powerStatementDate: '2015-06-01' });
    const [a, b] = ['a', 'b'].map(
      (id) => rankCandidates([fresh, old], needs, { asOf: '2026-12-07' }).find((r) => r.siteId === id)!,
    );
    expect(b.confidence).toBeLessThan(a.confidence);
    expect(b.criteria.find((c) => c.key === 'power')!.knowledge).toBe(0.4);
    expect(b.confidenceNotes[0].text_en).toMatch(/^Electric power: data of 2015-06-01 \(11 years old\)/);
  });

  it('treats a new connection of unconfirmed capacity as an estimate: lower confidence, flagged', () => {
    const estimate = site('a', {
      powerAvailableMw: 2,
      access: { ...access('motorway_access', 5), ...access('substation_63kv', 3) },
    });
    const [r] = rankCandidates(
      [estimate],
      parseNeeds({ surfaceHa: { min: 10 }, powerMw: 12, rampUpMonths: 24 }),
    );
    expect(r.criteria.find((c) => c.key === 'power')!.knowledge).toBe(0.4);
    expect(r.flags.map((f) => f.code)).toContain('new_connection');
    expect(r.flags.find((f) => f.code === 'new_connection')!.text_fr).toMatch(/capacité à confirmer/);
  });

  it('flags sites under option or committed, with the end of the reservation', () => {
    const [r] = rankCandidates([site('a', { status: 'under_option', reservedUntil: '2027-03-31' })], needs);
    expect(r.flags.find((f) => f.code === 'under_option')!.text_fr).toBe("sous option jusqu'au 31/03/2027");
    const [c] = rankCandidates([site('b', { status: 'committed' })], needs, { lang: 'en' });
    expect(c.flags.find((f) => f.code === 'committed')!.text).toBe(
      'committed (agreement signed), end unknown',
    );
  });

  it('gives every reason and label in both languages', () => {
    const [r] = rankCandidates([site('a')], needs, { lang: 'fr' });
    for (const c of r.criteria) {
      expect(c.reason).toBe(c.reason_fr);
      expect(c.reason_en).not.toBe('');
      expect(c.label_en).not.toBe(c.label_fr === 'Risques' ? '' : undefined);
    }
    expect(r.criteria.find((c) => c.key === 'surface')!.reason_en).toMatch(/ha available for/);
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

  it('ranks by TOPSIS closeness over the candidate set and says it is TOPSIS; a dominating site gets 1', () => {
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
    expect(out[0].scoreKind).toBe('topsis_closeness');
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
    expect(out.nearMisses[0].failed[0].reason).toMatch(/^7\.5 MW available at 20 kV, 12 MW needed/);
    expect(out.nearMisses[1].failed.map((f) => f.key)).toEqual(['surfaceHa', 'powerMw']);
  });

  it('keeps out of the near-misses a site failing more than two knock-outs, sites out of scope and plots with nothing available', () => {
    const threeFailures = site('c', { powerAvailableMw: 1, availableAreaHa: 1, fibre: false });
    const elsewhere = site('d', { region: '11', department: '78', powerAvailableMw: 1 });
    const empty = site('e', { availableAreaHa: 0 });
    const out = matchSites(
      [threeFailures, elsewhere, empty],
      parseNeeds({ surfaceHa: { min: 10 }, powerMw: 12, fibre: 'required', regions: ['44'] }),
    );
    expect(out.nearMisses).toEqual([]);
    expect(out.counts).toEqual({ considered: 1, legallyExcluded: 0, candidates: 0, nearMisses: 0 });
  });

  it('orders near-misses by how close they come: 5 ha short before 42 ha short', () => {
    const farShort = site('a', { availableAreaHa: 8 });
    const nearShort = site('z', { availableAreaHa: 45 });
    const out = matchSites([farShort, nearShort], parseNeeds({ surfaceHa: { min: 50 } }), { lang: 'en' });
    expect(out.nearMisses.map((m) => m.siteId)).toEqual(['z', 'a']);
    expect(out.nearMisses[0].failed[0]).toMatchObject({ gap: 5, unit: 'ha', normalisedGap: 0.1 });
    expect(out.nearMisses[0].failed[0].reason_en).toBe(
      '45 ha available for at least 50 ha needed (5 ha short)',
    );
    expect(out.nearMisses[1].gapSum).toBe(0.84);
  });

  it('reports "no gas network" as a known failure, not one to confirm', () => {
    const out = matchSites(
      [site('a', { gas: false })],
      parseNeeds({ surfaceHa: { min: 10 }, gas: { required: true, capacityMwhPerDay: 100 } }),
    );
    expect(out.nearMisses[0].failed[0]).toMatchObject({ key: 'gas', unknown: false, normalisedGap: 1 });
  });

  it('never ranks nor offers a PPRT red zone, even with no knock-out asked', () => {
    const banned = site('a', { pprtZone: 'light_red' });
    const ok = site('b', { readiness: [], access: access('motorway_access', 40) });
    for (const hard of [undefined, []]) {
      const out = matchSites([banned, ok], parseNeeds({ surfaceHa: { min: 10 }, ...(hard ? { hard } : {}) }));
      expect(out.results.map((r) => r.siteId)).toEqual(['b']);
      expect(out.nearMisses).toEqual([]);
      expect(out.counts.legallyExcluded).toBe(1);
    }
  });

  it('keeps a requested exclusion a near-miss, unlike a legal ban', () => {
    const blue = site('a', { ppriZone: 'blue' });
    const out = matchSites([blue], parseNeeds({ surfaceHa: { min: 10 }, excludeRisks: ['ppri_blue'] }));
    expect(out.results).toEqual([]);
    expect(out.nearMisses.map((m) => m.failed[0].key)).toEqual(['excludeRisks.ppri_blue']);
  });
});
