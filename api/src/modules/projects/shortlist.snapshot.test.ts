import { describe, expect, it } from 'vitest';
import type { AccessKind } from '../access/access-kinds.ts';
import { parseNeeds } from '../matching/needs.schema.ts';
import type { LiveSite } from './projects.store.ts';
import { changedSince, takeSnapshot } from './shortlist.snapshot.ts';

const live = (facts: Record<string, unknown>, access: Array<[AccessKind, number]> = []): LiveSite => ({
  id: '3fb6e361-c7f3-42bd-a44a-5b09633ee32c',
  facts: { name: 'Lot A', availableAreaHa: 12, powerAvailableMw: 8, status: 'available', ...facts },
  access: access.map(([kind, distanceM]) => ({ kind, name: null, distanceM, infrastructureId: null })),
  location: [1.74, 48.99],
});
const now = new Date('2026-05-04T10:00:00Z');

describe('takeSnapshot', () => {
  it('keeps the score and breakdown sent from a match', () => {
    const s = takeSnapshot(live({}), { siteId: 'x', score: 0.8, confidence: 0.9, criteria: [] }, null, now);
    expect(s).toMatchObject({
      source: 'match',
      score: 0.8,
      confidence: 0.9,
      takenAt: '2026-05-04T10:00:00.000Z',
    });
    expect(s.site).toMatchObject({ name: 'Lot A', powerAvailableMw: 8, priceEurM2: null });
  });

  it('scores an item added without a score against the project needs, naming the failed knock-outs', () => {
    const s = takeSnapshot(
      live({}, [['motorway_access', 1500]]),
      { siteId: 'x' },
      parseNeeds({ surfaceHa: { min: 5 }, powerMw: 20 }),
      now,
    );
    expect(s.source).toBe('computed');
    expect(s.score).toBeGreaterThan(0);
    expect(s.criteria.find((c) => c.key === 'power')?.score).toBeLessThan(1);
    expect(s.failed.map((f) => f.key)).toContain('powerMw');
    expect(s.access).toEqual({ motorway_access: 1500 });
  });

  it('keeps the method, confidence notes and flags sent from a match, in both languages', () => {
    const flags = [
      {
        code: 'under_option',
        text_fr: "sous option jusqu'au 31/12/2026",
        text_en: 'under option until 2026-12-31',
      },
    ];
    const confidenceNotes = [
      { criterion: 'power', loss: 0.12, text_fr: 'Puissance : à confirmer', text_en: 'Power: to confirm' },
    ];
    const s = takeSnapshot(
      live({}),
      { siteId: 'x', score: 0.61, scoreKind: 'topsis_closeness', confidence: 0.4, confidenceNotes, flags },
      null,
      now,
    );
    expect(s).toMatchObject({ scoreKind: 'topsis_closeness', confidenceNotes, flags });
  });

  it('states the method, confidence notes, flags and bilingual labels and reasons of an item it scores itself', () => {
    const s = takeSnapshot(
      live({ status: 'under_option', reservedUntil: '2026-09-30', dataQuality: 'illustrative' }),
      { siteId: 'x' },
      parseNeeds({ surfaceHa: { min: 5 }, powerMw: 20 }),
      now,
    );
    expect(s.scoreKind).toBe('weighted_sum');
    expect(s.flags?.map((f) => f.code)).toEqual(expect.arrayContaining(['under_option', 'illustrative']));
    expect(s.flags?.find((f) => f.code === 'under_option')).toEqual({
      code: 'under_option',
      text_fr: "sous option jusqu'au 30/09/2026",
      text_en: 'under option until 2026-09-30',
    });
    expect(s.confidenceNotes?.length).toBeGreaterThan(0);
    for (const n of s.confidenceNotes ?? []) expect(n.text_en).not.toBe(n.text_fr);
    const power = s.criteria.find((c) => c.key === 'power');
    expect(power?.label).toEqual({ fr: 'Puissance électrique', en: 'Electric power' });
    expect(power?.reason_en).toMatch(/available|needed/);
    expect(power?.reason_fr).toMatch(/disponibles|demandés/);
  });

  it('leaves an item unscored when the project states no needs', () => {
    expect(takeSnapshot(live({}), { siteId: 'x' }, null, now)).toMatchObject({ source: 'none', score: null });
  });
});

describe('changedSince', () => {
  const readiness = [{ item: 'urbanism', status: 'done', date: '2024-01-01' }];
  const snap = takeSnapshot(live({ readiness }, [['port', 2000]]), { siteId: 'x', score: 0.5 }, null, now);

  it('reports nothing when only the key order of a JSON value differs', () => {
    const reordered = [{ date: '2024-01-01', status: 'done', item: 'urbanism' }];
    expect(changedSince(snap, live({ readiness: reordered }, [['port', 2000]]))).toEqual([]);
  });

  it('reports changed facts and access distances with their old and new values', () => {
    const changes = changedSince(
      snap,
      live({ readiness, status: 'under_option' }, [
        ['port', 2500],
        ['airport', 30000],
      ]),
    );
    expect(changes.map((c) => [c.field, c.then, c.now])).toEqual([
      ['status', 'available', 'under_option'],
      ['access.airport', null, 30000],
      ['access.port', 2000, 2500],
    ]);
  });
});
