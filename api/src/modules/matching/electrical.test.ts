import { describe, expect, it } from 'vitest';
import type { MatchSite } from './candidate.ts';
import {
  assessPower,
  connectionMonths,
  DEFAULT_ELECTRICAL_CONFIG,
  type ElectricalConfig,
  feedKmWithin,
  levelOfKv,
  levelsFor,
  minKvFor,
  newConnectionRoute,
} from './electrical.ts';

const site = (extra: Partial<MatchSite>): MatchSite => ({ id: 's1', name: 'Site', ...extra });
const access = (
  km: Partial<Record<'substation_63kv' | 'substation_225kv' | 'substation_400kv', number>>,
) => ({
  access: Object.fromEntries(
    Object.entries(km).map(([k, v]) => [
      k,
      { name: k.toUpperCase(), distanceM: v * 1000, infrastructureId: null },
    ]),
  ),
});

describe('voltage domains (décret du 23 décembre 1994)', () => {
  it.each([
    [0.25, 'LV'],
    [0.26, 'HTA'],
    [12.5, 'HTA'],
    [40, 'HTA'],
    [40.1, 'HTB1'],
    [100, 'HTB1'],
    [101, 'HTB2'],
    [250, 'HTB2'],
    [251, 'HTB3'],
  ])('the lowest level that can carry %s MW is %s', (mw, level) => {
    expect(levelsFor(mw)[0]).toBe(level);
  });

  it('reads a stated voltage as its level and needs a high enough one', () => {
    expect(levelOfKv(0.4)).toBe('LV');
    expect(levelOfKv(20)).toBe('HTA');
    expect(levelOfKv(90)).toBe('HTB1');
    expect(levelOfKv(225)).toBe('HTB2');
    expect(levelOfKv(400)).toBe('HTB3');
    expect(minKvFor(30)).toBe(1);
    expect(minKvFor(60)).toBe(63);
  });

  it('has no cliff at 12 MW: 12.5 MW goes on HTA from a poste source 4.2 km away (100/4.2 = 23.8 MW)', () => {
    const s = site(access({ substation_63kv: 4.2, substation_225kv: 20 }));
    const at12 = newConnectionRoute(s, 12)!;
    const at125 = newConnectionRoute(s, 12.5)!;
    expect(at12.level).toBe('HTA');
    expect(at125.level).toBe('HTA');
    expect(at125.months - at12.months).toBeCloseTo(0.075, 9);
    expect(at125.months).toBeLessThan(20);
  });

  it('moves to HTB1 when the distance rule 100/d rules HTA out', () => {
    // 30 MW, poste source 10 km away: HTA carries at most 100/10 = 10 MW there.
    const r = newConnectionRoute(site(access({ substation_63kv: 10, substation_225kv: 20 })), 30)!;
    expect(r.level).toBe('HTB1');
    expect(r.months).toBeCloseTo(24 + 5 + 1.5, 9);
  });

  it('follows a configured HTA limit (e.g. 17 MW and 60 MW·km)', () => {
    const cfg: ElectricalConfig = {
      ...DEFAULT_ELECTRICAL_CONFIG,
      levels: {
        ...DEFAULT_ELECTRICAL_CONFIG.levels,
        HTA: { ...DEFAULT_ELECTRICAL_CONFIG.levels.HTA, maxMw: 17, maxMwKm: 60 },
      },
    };
    expect(levelsFor(20, cfg)[0]).toBe('HTB1');
    expect(
      newConnectionRoute(site(access({ substation_63kv: 4, substation_225kv: 30 })), 16, cfg)!.level,
    ).toBe('HTB1');
    expect(
      newConnectionRoute(site(access({ substation_63kv: 3, substation_225kv: 30 })), 16, cfg)!.level,
    ).toBe('HTA');
  });
});

describe('connection delays grow with the level, the distance and the power', () => {
  it('starts HTB2 at the RTE 2024 consumer average (29 months, CRE 2025-130)', () => {
    expect(connectionMonths('HTB2', 3, 0)).toBe(29);
    expect(connectionMonths('HTB2', 18, 100)).toBeCloseTo(29 + 13 + 2, 9);
    expect(connectionMonths('HTA', 10, 12)).toBeCloseTo(12 + 4 + 1.8, 9);
  });

  it('inverts the delay rule for the ramp-up: the farthest feed that still fits', () => {
    expect(feedKmWithin('HTB2', 60, 36)).toBeCloseTo(5 + (36 - 29 - 1.2), 9);
    expect(feedKmWithin('HTB2', 60, 24)).toBeNull();
    expect(feedKmWithin('LV', 0.1, 12)).toBe(Number.POSITIVE_INFINITY);
  });
});

describe('assessPower', () => {
  it('knows power stated at a voltage that carries it, with a source and a date', () => {
    const a = assessPower(
      site({
        powerAvailableMw: 45,
        powerVoltageKv: 63,
        powerStatementDate: '2025-03-01',
        powerSource: 'RTE',
      }),
      40,
    );
    expect(a).toMatchObject({ route: 'on_site', coveredOnSite: true, known: true, doubt: null });
  });

  it('does not take 8 MW stated at 20 kV in 2015 for a known 40 MW', () => {
    const a = assessPower(
      site({
        powerAvailableMw: 8,
        powerVoltageKv: 20,
        powerStatementDate: '2015-06-01',
        powerSource: 'ERDF',
        ...access({ substation_63kv: 2 }),
      }),
      40,
      36,
    );
    expect(a.route).toBe('new_connection');
    expect(a.known).toBe(false);
    expect(a.connection?.level).toBe('HTA');
    expect(a.reason.en).toContain('grid hosting capacity not confirmed (to confirm)');
  });

  it('does not let 60 MW stated at 20 kV cover 60 MW (HTA carries at most 40 MW) and says why', () => {
    const a = assessPower(site({ powerAvailableMw: 60, powerVoltageKv: 20 }), 60);
    expect(a.coveredOnSite).toBe(false);
    expect(a.reason.fr).toContain('une alimentation en 20 kV porte au plus 40 MW');
  });

  it('does not pass a 100 MW need as known on a 225 kV substation within reach: it is an estimate with a cost band', () => {
    const a = assessPower(
      site({ powerAvailableMw: 8, ...access({ substation_63kv: 30, substation_225kv: 8 }) }),
      100,
      48,
    );
    expect(a.route).toBe('new_connection');
    expect(a.known).toBe(false);
    expect(a.connection).toMatchObject({
      level: 'HTB2',
      substation: { kind: 'substation_225kv', distanceKm: 8 },
    });
    expect(a.connection!.costMEur[0]).toBeLessThan(a.connection!.costMEur[1]);
    expect(a.reason.fr).toMatch(/délai estimé 34 mois \(base : moyenne RTE 2024 de 29 mois/);
    expect(a.reason.fr).toMatch(/coût estimé 24–52 M€ \(ordre de grandeur, hypothèse\)/);
  });

  it('knows a new connection when a hosting capacity covers the need with its source and date', () => {
    const a = assessPower(
      site({
        gridHostingCapacityMw: 120,
        gridHostingCapacitySource: 'RTE, étude exploratoire',
        gridHostingCapacityDate: '2025-09-01',
        ...access({ substation_63kv: 30, substation_225kv: 8 }),
      }),
      100,
      48,
    );
    expect(a.known).toBe(true);
    expect(a.hostingCovers).toBe(true);
  });

  it('rules a new connection out when the stated hosting capacity falls short', () => {
    const a = assessPower(site({ gridHostingCapacityMw: 50, ...access({ substation_225kv: 8 }) }), 100, 48);
    expect(a.connection).toBeNull();
    expect(a.months).toBeNull();
    expect(a.reason.en).toContain('reinforcement needed');
  });

  it('prints an estimated delay rounded up, so it never reads as within the ramp-up', () => {
    // 120 MW on HTB2 from 9.8 km: 29 + 4.8 + 2.4 = 36.2 months for a 36-month ramp-up.
    const a = assessPower(site({ ...access({ substation_63kv: 9.8, substation_225kv: 9.8 }) }), 120, 36);
    expect(a.months).toBeGreaterThan(36);
    expect(a.reason.fr).not.toMatch(/délai estimé 36 mois/);
    expect(a.reason.fr).toContain('au-delà des 36 mois de montée en charge');
  });
});
