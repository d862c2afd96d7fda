import { describe, expect, it } from 'vitest';
import type { MatchSite } from './candidate.ts';
import {
  assessPower,
  DEFAULT_ELECTRICAL_CONFIG,
  estimateNewConnectionMonths,
  maxSubstationKmForDelay,
  requiredVoltageLevel,
  substationKindFor,
} from './electrical.ts';

const site = (extra: Partial<MatchSite>): MatchSite => ({ id: 's1', name: 'Site', ...extra });
const substation = (kind: string, km: number, name: string | null = null) => ({
  access: { [kind]: { name, distanceM: km * 1000, infrastructureId: null } },
});

describe('requiredVoltageLevel', () => {
  it.each([
    [0.25, 'LV'],
    [0.26, 'HTA'],
    [12, 'HTA'],
    [12.01, 'HTB1'],
    [50, 'HTB1'],
    [51, 'HTB2'],
    [250, 'HTB2'],
    [251, 'HTB3'],
  ])('maps %s MW to %s with the default thresholds', (mw, level) => {
    expect(requiredVoltageLevel(mw)).toBe(level);
  });

  it('follows configured thresholds (HTA up to 17 MW by derogation)', () => {
    const cfg = { ...DEFAULT_ELECTRICAL_CONFIG, maxMw: { ...DEFAULT_ELECTRICAL_CONFIG.maxMw, HTA: 17 } };
    expect(requiredVoltageLevel(15, cfg)).toBe('HTA');
  });

  it('looks at the substation of the right voltage for each level', () => {
    expect(substationKindFor('LV')).toBeNull();
    expect(substationKindFor('HTA')).toBe('substation_63kv');
    expect(substationKindFor('HTB1')).toBe('substation_63kv');
    expect(substationKindFor('HTB2')).toBe('substation_225kv');
    expect(substationKindFor('HTB3')).toBe('substation_400kv');
  });
});

describe('connection delays', () => {
  it('starts a new HTB connection at the RTE 2024 average (29 months) and adds distance beyond 5 km', () => {
    expect(estimateNewConnectionMonths('HTB2', 3)).toBe(29);
    expect(estimateNewConnectionMonths('HTB2', 18)).toBe(42);
    expect(estimateNewConnectionMonths('HTA', 10)).toBe(15);
  });

  it('inverts the delay into the farthest substation that fits a ramp-up', () => {
    expect(maxSubstationKmForDelay('HTB2', 36)).toBe(12);
    expect(maxSubstationKmForDelay('HTB2', 24)).toBeNull();
    expect(maxSubstationKmForDelay('LV', 6)).toBe(Number.POSITIVE_INFINITY);
  });
});

describe('assessPower', () => {
  it('covers the need on site and uses the stated delay', () => {
    const a = assessPower(site({ powerAvailableMw: 20, powerConnectionDelayMonths: 4 }), 12);
    expect(a).toMatchObject({
      level: 'HTA',
      coveredOnSite: true,
      route: 'on_site',
      months: 4,
      monthsBasis: 'stated',
      known: true,
    });
  });

  it('assumes a short delay when on-site capacity has no stated delay', () => {
    const a = assessPower(site({ powerAvailableMw: 20 }), 12);
    expect(a.months).toBe(DEFAULT_ELECTRICAL_CONFIG.onSiteDefaultMonths);
    expect(a.reason.en).toContain('6 months assumed');
  });

  it('quantifies a shortfall and the new connection it implies', () => {
    const a = assessPower(
      site({ powerAvailableMw: 7.5, ...substation('substation_63kv', 4.2, 'Limay') }),
      12,
    );
    expect(a).toMatchObject({ coveredOnSite: false, route: 'new_connection', months: 12, known: true });
    expect(a.reason.fr).toMatch(/^7,5 MW disponibles, 12 MW demandés/);
    expect(a.reason.en).toMatch(/^7\.5 MW available, 12 MW needed/);
    expect(a.reason.en).toContain('"Limay" 4.2 km away');
  });

  it('says that a new HTB connection is months to years away', () => {
    const a = assessPower(site({ powerAvailableMw: 0, ...substation('substation_225kv', 18) }), 120);
    expect(a.level).toBe('HTB2');
    expect(a.months).toBe(42);
    expect(a.reason.en).toContain('months to years away');
    expect(a.reason.fr).toContain('des mois, voire des années');
    expect(a.reason.fr).toContain('29 mois');
  });

  it('compares the delay with the ramp-up', () => {
    const ok = assessPower(site({ powerAvailableMw: 0, ...substation('substation_225kv', 8) }), 100, 36);
    expect(ok.meetsRampUp).toBe(true);
    const late = assessPower(site({ powerAvailableMw: 0, ...substation('substation_225kv', 20) }), 100, 36);
    expect(late.meetsRampUp).toBe(false);
    expect(late.reason.en).toContain('beyond the 36 months ramp-up');
  });

  it('marks missing capacity as unknown, never as covered', () => {
    const a = assessPower(site({}), 12);
    expect(a.coveredOnSite).toBeNull();
    expect(a.known).toBe(false);
    expect(a.months).toBeNull();
    expect(a.reason.fr).toContain('à confirmer');
  });

  it('treats a small LV need on a plot on the grid as covered', () => {
    expect(assessPower(site({ electricity: true }), 0.1).coveredOnSite).toBe(true);
    expect(assessPower(site({ electricity: true }), 1).coveredOnSite).toBeNull();
  });
});
