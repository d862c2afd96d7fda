import { describe, expect, it } from 'vitest';
import type { FieldChange, ShortlistItem } from '../../api/projects.ts';
import type { MatchResult, NearMiss } from '../../api/types.ts';
import {
  addNearMissBody,
  addResultBody,
  addSiteBody,
  keepAll,
  moveItem,
  noteBody,
  optimisticOrder,
  removeBody,
  reorderBody,
  undoRemoveBody,
  visibleChanges,
} from './shortlist-logic.ts';

/** A `changedSince` entry; the API calls the old value `then`. */
function change(field: string, before: unknown, after: unknown): FieldChange {
  // biome-ignore lint/suspicious/noThenProperty: the shortlist API's field name, not a thenable.
  return { field, then: before, now: after };
}

const item = (siteId: string, rank: number, extra: Partial<ShortlistItem> = {}): ShortlistItem => ({
  rank,
  siteId,
  note: null,
  addedAt: '2026-01-01T00:00:00Z',
  addedBy: null,
  score: 0.5,
  confidence: 0.9,
  siteDeleted: false,
  snapshot: {
    takenAt: '2026-01-01T00:00:00Z',
    source: 'match',
    algorithmVersion: '1',
    score: 0.5,
    confidence: 0.9,
    criteria: [{ key: 'surface', weight: 0.2, score: 1 }],
    failed: [],
    site: { name: siteId },
    access: {},
  },
  site: null,
  changedSince: [],
  ...extra,
});

const list = [item('a', 1), item('b', 2), item('c', 3)];
const ids = (xs: Array<{ siteId: string }>) => xs.map((x) => x.siteId);

describe('moving a shortlisted site', () => {
  it('moves one place up or down and keeps everything else in order', () => {
    expect(moveItem(['a', 'b', 'c'], 2, -1)).toEqual(['a', 'c', 'b']);
    expect(moveItem(['a', 'b', 'c'], 0, 1)).toEqual(['b', 'a', 'c']);
  });

  it('changes nothing when moving past either end or from a bad index', () => {
    expect(moveItem(['a', 'b'], 0, -1)).toEqual(['a', 'b']);
    expect(moveItem(['a', 'b'], 1, 1)).toEqual(['a', 'b']);
    expect(moveItem(['a', 'b'], 5, -1)).toEqual(['a', 'b']);
  });

  it('does not mutate the list it is given', () => {
    const xs = ['a', 'b', 'c'];
    moveItem(xs, 0, 2);
    expect(xs).toEqual(['a', 'b', 'c']);
  });

  it('sends kept sites by id only, so the server keeps their snapshot and note', () => {
    expect(reorderBody(list, 2, -2)).toEqual([{ siteId: 'c' }, { siteId: 'a' }, { siteId: 'b' }]);
  });

  it('renumbers the ranks of the optimistic preview', () => {
    const preview = optimisticOrder(list, 0, 1);
    expect(preview.map((i) => [i.siteId, i.rank])).toEqual([
      ['b', 1],
      ['a', 2],
      ['c', 3],
    ]);
  });
});

describe('adding, removing and annotating', () => {
  // The shape of a 2.0 result (rank.ts), explanations in both languages.
  const result: MatchResult = {
    siteId: 'd',
    name: 'D',
    rank: 4,
    score: 80,
    scoreKind: 'topsis_closeness',
    confidence: 0.75,
    confidenceNotes: [
      {
        criterion: 'power',
        loss: 0.12,
        text: 'Puissance électrique : capacité non confirmée',
        text_fr: 'Puissance électrique : capacité non confirmée',
        text_en: 'Electric power: capacity not confirmed',
      },
    ],
    flags: [
      {
        code: 'under_option',
        text: "sous option jusqu'au 31/12/2026",
        text_fr: "sous option jusqu'au 31/12/2026",
        text_en: 'under option until 2026-12-31',
      },
    ],
    criteria: [
      {
        key: 'power',
        label: 'Puissance électrique',
        label_fr: 'Puissance électrique',
        label_en: 'Electric power',
        weight: 0.3,
        score: 0.5,
        contribution: null,
        value: 12,
        unit: 'MW',
        known: false,
        knowledge: 0.1,
        reason: '12 MW disponibles, 20 MW demandés',
        reason_fr: '12 MW disponibles, 20 MW demandés',
        reason_en: '12 MW available, 20 MW needed',
      },
    ],
  };

  it('appends a match result with its score as a 0..1 share, its method, confidence notes, flags and breakdown in both languages', () => {
    const body = addResultBody(list, result, '2.0', 20);
    expect(ids(body!)).toEqual(['a', 'b', 'c', 'd']);
    expect(body![3]).toMatchObject({
      siteId: 'd',
      score: 0.8,
      scoreKind: 'topsis_closeness',
      confidence: 0.75,
      algorithmVersion: '2.0',
      confidenceNotes: [
        {
          criterion: 'power',
          loss: 0.12,
          text_fr: 'Puissance électrique : capacité non confirmée',
          text_en: 'Electric power: capacity not confirmed',
        },
      ],
      flags: [
        {
          code: 'under_option',
          text_fr: "sous option jusqu'au 31/12/2026",
          text_en: 'under option until 2026-12-31',
        },
      ],
    });
    expect(body![3].criteria).toEqual([
      {
        key: 'power',
        label: { fr: 'Puissance électrique', en: 'Electric power' },
        weight: 0.3,
        score: 0.5,
        value: 12,
        unit: 'MW',
        known: false,
        reason_fr: '12 MW disponibles, 20 MW demandés',
        reason_en: '12 MW available, 20 MW needed',
      },
    ]);
    expect(body!.slice(0, 3)).toEqual(keepAll(list));
  });

  it('refuses a site already listed and a full list', () => {
    expect(addResultBody(list, { ...result, siteId: 'b' }, '2.0', 20)).toBeNull();
    expect(addResultBody(list, result, '2.0', 3)).toBeNull();
  });

  it('keeps the failed constraints of a near-miss as warnings in both languages, without a score', () => {
    const miss: NearMiss = {
      siteId: 'e',
      name: 'E',
      failures: 1,
      gapSum: 0.04,
      failed: [
        {
          key: 'surfaceHa',
          kind: 'need',
          required: '50–150',
          actual: 48,
          unit: 'ha',
          gap: 2,
          normalisedGap: 0.04,
          unknown: false,
          reason: '48 ha disponibles pour 50 ha demandés au minimum (manque 2 ha)',
          reason_fr: '48 ha disponibles pour 50 ha demandés au minimum (manque 2 ha)',
          reason_en: '48 ha available for at least 50 ha needed (2 ha short)',
          rule_fr: 'Surface disponible au moins égale au minimum demandé.',
          rule_en: 'Available surface at least the minimum asked.',
        },
      ],
    };
    const body = addNearMissBody(list, miss, '2.0', 20)!;
    expect(body[3]).toEqual({
      siteId: 'e',
      algorithmVersion: '2.0',
      failed: [
        {
          key: 'surfaceHa',
          required: '50–150',
          actual: 48,
          unit: 'ha',
          gap: 2,
          unknown: false,
          reason_fr: '48 ha disponibles pour 50 ha demandés au minimum (manque 2 ha)',
          reason_en: '48 ha available for at least 50 ha needed (2 ha short)',
        },
      ],
    });
    expect(body[3]).not.toHaveProperty('score');
  });

  it('appends a site picked on the map without a score, for the server to score it', () => {
    expect(addSiteBody(list, 'z', 20)).toEqual([...keepAll(list), { siteId: 'z' }]);
    expect(addSiteBody(list, 'a', 20)).toBeNull();
    expect(addSiteBody(list, 'z', 3)).toBeNull();
  });

  it('removes one site and keeps the others in order', () => {
    expect(removeBody(list, 'b')).toEqual([{ siteId: 'a' }, { siteId: 'c' }]);
  });

  it('sets a trimmed note on one site and clears it when empty', () => {
    expect(noteBody(list, 'b', '  call the mayor ')).toEqual([
      { siteId: 'a' },
      { siteId: 'b', note: 'call the mayor' },
      { siteId: 'c' },
    ]);
    expect(noteBody(list, 'a', '   ')[0]).toEqual({ siteId: 'a', note: null });
  });

  it('undoes a removal at the same place with the score, method, flags, notes, breakdown and note it had', () => {
    const removed = item('b', 2, { note: 'visit in May' });
    const flags = [
      { code: 'power_to_confirm', text_fr: 'puissance à confirmer', text_en: 'power to confirm' },
    ];
    const notes = [
      { criterion: 'risks', loss: 0.1, text_fr: 'Risques : illustratif', text_en: 'Risks: illustrative' },
    ];
    removed.snapshot = { ...removed.snapshot, scoreKind: 'weighted_sum', flags, confidenceNotes: notes };
    const body = undoRemoveBody([item('a', 1), item('c', 2)], removed, 1);
    expect(ids(body)).toEqual(['a', 'b', 'c']);
    expect(body[1]).toMatchObject({
      siteId: 'b',
      note: 'visit in May',
      score: 0.5,
      scoreKind: 'weighted_sum',
      confidence: 0.9,
      flags,
      confidenceNotes: notes,
    });
    expect(body[1].criteria).toEqual(removed.snapshot.criteria);
  });
});

describe('changes since a site was shortlisted', () => {
  it('puts the important fields first and drops access jitters under 100 m', () => {
    const shown = visibleChanges([
      change('gas', false, true),
      change('access.port', 1000, 1040),
      change('access.airport', 1000, 5000),
      change('powerAvailableMw', 12, 20),
      change('status', 'available', 'under_option'),
    ]);
    expect(shown.map((c) => c.field)).toEqual(['status', 'powerAvailableMw', 'gas', 'access.airport']);
  });
});
