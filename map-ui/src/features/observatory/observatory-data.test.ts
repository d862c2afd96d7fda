import { describe, expect, it } from 'vitest';
import type { ObservatorySummary } from '../../api/projects.ts';
import { headline, lossRows, monthRows, sectorRows, statusRows } from './observatory-data.ts';

const summary: ObservatorySummary = {
  generatedAt: '2026-03-15T10:00:00Z',
  total: 5,
  bySector: [
    { sector: 'battery_cells', count: 1, open: 1, landed: 0, lost: 0 },
    { sector: 'data_centre', count: 0, open: 0, landed: 0, lost: 0 },
    { sector: 'metallurgy', count: 4, open: 1, landed: 1, lost: 2 },
  ],
  byStatus: [
    { status: 'lead', count: 2 },
    { status: 'landed', count: 1 },
    { status: 'lost', count: 2 },
  ],
  byTerritory: [],
  outcomes: { open: 2, landed: 1, lost: 2 },
  lossReasons: [
    { reason: 'land', count: 0 },
    { reason: 'power', count: 2 },
    { reason: 'price', count: 1 },
  ],
  byMonth: [
    { month: '2026-01', created: 3, landed: 0, lost: 0 },
    { month: '2026-02', created: 0, landed: 1, lost: 1 },
    { month: '2026-03', created: 2, landed: 0, lost: 1 },
  ],
};
const label = (key: string) => `«${key}»`;

describe('observatory charts data', () => {
  it('keeps only sectors with projects, most first, labelled', () => {
    expect(sectorRows(summary, label)).toEqual([
      { sector: 'metallurgy', label: '«sector.metallurgy»', open: 1, landed: 1, lost: 2 },
      { sector: 'battery_cells', label: '«sector.battery_cells»', open: 1, landed: 0, lost: 0 },
    ]);
  });

  it('keeps every pipeline step, zeros included, in pipeline order', () => {
    expect(statusRows(summary, label).map((r) => [r.status, r.count])).toEqual([
      ['lead', 2],
      ['landed', 1],
      ['lost', 2],
    ]);
  });

  it('lists the loss reasons that occurred, most frequent first', () => {
    expect(lossRows(summary, label).map((r) => r.reason)).toEqual(['power', 'price']);
  });

  it('names the months in the locale and keeps the last ones only', () => {
    expect(monthRows(summary, 'fr-FR').map((m) => m.label)).toEqual([
      'janv. 2026',
      'févr. 2026',
      'mars 2026',
    ]);
    expect(monthRows(summary, 'en-GB', 2).map((m) => m.label)).toEqual(['Feb 2026', 'Mar 2026']);
  });

  it('computes the success rate over decided projects only', () => {
    expect(headline(summary).successRate).toBeCloseTo(1 / 3);
    expect(headline({ ...summary, outcomes: { open: 3, landed: 0, lost: 0 } }).successRate).toBeNull();
  });
});
