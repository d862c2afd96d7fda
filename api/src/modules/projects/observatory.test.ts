import { describe, expect, it } from 'vitest';
import { observatoryCsv, summarizeObservatory } from './observatory.ts';
import type { ObservatoryRow } from './projects.store.ts';

const row = (over: Partial<ObservatoryRow>): ObservatoryRow => ({
  id: 'x',
  sector: 'battery_cells',
  status: 'lead',
  lossReason: null,
  territories: ['200059889'],
  createdAt: '2026-01-10T10:00:00.000Z',
  statusChangedAt: '2026-01-10T10:00:00.000Z',
  ...over,
});

describe('summarizeObservatory', () => {
  const rows = [
    row({ id: 'a' }),
    row({ id: 'b', status: 'landed', statusChangedAt: '2026-03-02T10:00:00.000Z' }),
    row({
      id: 'c',
      status: 'lost',
      lossReason: 'power',
      territories: [],
      statusChangedAt: '2026-03-20T10:00:00.000Z',
      sector: 'data_centre',
    }),
  ];
  const s = summarizeObservatory(rows, new Date('2026-04-15T00:00:00Z'));

  it('fills every month from the first event to now, dating outcomes by when they happened', () => {
    expect(s.byMonth).toEqual([
      { month: '2026-01', created: 3, landed: 0, lost: 0 },
      { month: '2026-02', created: 0, landed: 0, lost: 0 },
      { month: '2026-03', created: 0, landed: 1, lost: 1 },
      { month: '2026-04', created: 0, landed: 0, lost: 0 },
    ]);
  });

  it('counts outcomes, loss reasons and projects without territory', () => {
    expect(s.outcomes).toEqual({ open: 1, landed: 1, lost: 1 });
    expect(s.lossReasons.find((r) => r.reason === 'power')?.count).toBe(1);
    expect(s.byTerritory).toEqual([
      { territory: '200059889', count: 2, landed: 1, lost: 0 },
      { territory: null, count: 1, landed: 0, lost: 1 },
    ]);
  });

  it('crosses the year boundary and returns no months without projects', () => {
    const dec = summarizeObservatory(
      [row({ createdAt: '2025-12-31T23:00:00.000Z' })],
      new Date('2026-01-02T00:00:00Z'),
    );
    expect(dec.byMonth.map((m) => m.month)).toEqual(['2025-12', '2026-01']);
    expect(summarizeObservatory([], new Date()).byMonth).toEqual([]);
  });

  it('writes one tidy CSV row per count', () => {
    const lines = observatoryCsv(s)
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    expect(lines[0]).toBe('dimension,key,metric,value');
    expect(lines).toContain('territory,none,lost,1');
    expect(lines).toContain('month,2026-03,landed,1');
  });
});
