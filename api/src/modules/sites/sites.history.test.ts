import { describe, expect, it } from 'vitest';
import { diffSnapshots, historyEntries } from './sites.history.ts';

const square = (d: number) => ({
  type: 'Polygon',
  coordinates: [
    [
      [0, 0],
      [d, 0],
      [d, d],
      [0, 0],
    ],
  ],
});

describe('site history diffs', () => {
  it('reports changed fields of features, the outline by its area, and no bookkeeping', () => {
    const before = {
      properties: { name: 'A', powerAvailableMw: 1, version: 1, areaHa: 1.23456 },
      geometry: square(1),
    };
    const after = {
      properties: { name: 'B', powerAvailableMw: 1, version: 2, areaHa: 2.5 },
      geometry: square(2),
    };
    expect(diffSnapshots(before, after, true)).toEqual([
      { field: 'name', before: 'A', after: 'B' },
      { field: 'geometry', before: { areaHa: 1.235 }, after: { areaHa: 2.5 } },
    ]);
  });

  it('reads flat property snapshots (importers) and leaves confidential fields out when asked', () => {
    const changes = diffSnapshots(
      { ownerName: 'X', status: 'available' },
      { ownerName: 'Y', status: 'taken' },
      false,
    );
    expect(changes).toEqual([{ field: 'status', before: 'available', after: 'taken' }]);
  });

  it('lists every stated field of a create and nothing for deletes and restores; unknown actions read as updates', () => {
    const rows = [
      {
        at: 't3',
        actor: null,
        action: 'restore',
        requestId: null,
        before: null,
        after: { properties: { name: 'A' } },
      },
      {
        at: 't2',
        actor: null,
        action: 'delete',
        requestId: null,
        before: { properties: { name: 'A' } },
        after: null,
      },
      {
        at: 't1',
        actor: null,
        action: 'create',
        requestId: 'r',
        before: null,
        after: { properties: { name: 'A', ownerName: null } },
      },
      {
        at: 't0',
        actor: null,
        action: 'weird',
        requestId: null,
        before: { name: 'A' },
        after: { name: 'B' },
      },
    ];
    const entries = historyEntries(rows, true);
    expect(entries.map((e) => [e.action, e.changes.length])).toEqual([
      ['restore', 0],
      ['delete', 0],
      ['create', 1],
      ['update', 1],
    ]);
    expect(entries[2].changes).toEqual([{ field: 'name', before: null, after: 'A' }]);
  });
});
