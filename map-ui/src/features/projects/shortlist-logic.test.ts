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
  const result: MatchResult = {
    siteId: 'd',
    name: 'D',
    rank: 4,
    score: 80,
    confidence: 0.75,
    criteria: [{ key: 'power', weight: 0.3, score: 0.5, reason: 'ok' }],
  };

  it('appends a match result with its score as a 0..1 share and its breakdown', () => {
    const body = addResultBody(list, result, '2.0', 20);
    expect(ids(body!)).toEqual(['a', 'b', 'c', 'd']);
    expect(body![3]).toMatchObject({ siteId: 'd', score: 0.8, confidence: 0.75, algorithmVersion: '2.0' });
    expect(body![3].criteria?.[0]).toMatchObject({ key: 'power', score: 0.5, reason: 'ok' });
    expect(body!.slice(0, 3)).toEqual(keepAll(list));
  });

  it('refuses a site already listed and a full list', () => {
    expect(addResultBody(list, { ...result, siteId: 'b' }, '2.0', 20)).toBeNull();
    expect(addResultBody(list, result, '2.0', 3)).toBeNull();
  });

  it('keeps the failed constraints of a near-miss as warnings, without a score', () => {
    const miss: NearMiss = { siteId: 'e', name: 'E', failed: [{ key: 'power', required: 100, actual: 40 }] };
    const body = addNearMissBody(list, miss, '2.0', 20)!;
    expect(body[3]).toEqual({
      siteId: 'e',
      algorithmVersion: '2.0',
      failed: [{ key: 'power', required: 100, actual: 40, reason: undefined }],
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

  it('undoes a removal at the same place with the score, breakdown and note it had', () => {
    const removed = item('b', 2, { note: 'visit in May' });
    const body = undoRemoveBody([item('a', 1), item('c', 2)], removed, 1);
    expect(ids(body)).toEqual(['a', 'b', 'c']);
    expect(body[1]).toMatchObject({ siteId: 'b', note: 'visit in May', score: 0.5, confidence: 0.9 });
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
