import { describe, expect, it } from 'vitest';
import type { VersionChange } from '../../api/types.ts';
import { countOf, groupChanges } from './engine-versions-logic.ts';

const change = (
  name: string,
  kind: VersionChange['change'],
  before: number | null,
  after: number | null,
): VersionChange => ({
  siteId: name,
  name,
  before: before === null ? null : { rank: before, score: 0.5, confidence: 1 },
  after: after === null ? null : { rank: after, score: 0.5, confidence: 0.3 },
  change: kind,
  reasons_fr: [],
  reasons_en: [],
});

describe('engine version changes', () => {
  it('groups changes by kind, new and moved sites by current rank, dropped ones by former rank', () => {
    const g = groupChanges([
      change('C', 'up', 5, 3),
      change('A', 'dropped', 9, null),
      change('B', 'new', null, 18),
      change('D', 'up', 4, 2),
      change('E', 'dropped', 2, null),
      change('F', 'same', 1, 1),
    ]);
    expect(g.new.map((c) => c.name)).toEqual(['B']);
    expect(g.dropped.map((c) => c.name)).toEqual(['E', 'A']);
    expect(g.up.map((c) => c.name)).toEqual(['D', 'C']);
    expect(g.down).toEqual([]);
    expect(g.same.map((c) => c.name)).toEqual(['F']);
  });

  it('reads a count only when the engine reports it', () => {
    expect(countOf({ candidates: 26, sampled: false }, 'candidates')).toBe(26);
    expect(countOf({ candidates: 26 }, 'legallyExcluded')).toBeNull();
  });
});
