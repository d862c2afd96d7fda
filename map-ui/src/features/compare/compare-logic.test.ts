import { describe, expect, it } from 'vitest';
import type { CompareRow } from '../../api/projects.ts';
import { makeFormatters, translate } from '../../i18n/i18n.tsx';
import { bestCounts, formatCell, groupRows, toggleSite, visibleRows } from './compare-logic.ts';

const words = (lang: 'fr' | 'en') => ({
  t: (k: string, p?: Record<string, string | number>) => translate(lang, k, p),
  tx: (k: string, f?: string) => {
    const v = translate(lang, k);
    return v === k ? (f ?? k) : v;
  },
  fmt: makeFormatters(lang),
  lang,
});

const row = (
  key: string,
  values: unknown[],
  best: boolean[] = [],
  extra: Partial<CompareRow> = {},
): CompareRow => ({
  key,
  group: 'fact',
  label: { fr: key, en: key },
  unit: null,
  better: 'higher',
  values: values.map((value, i) => ({ siteId: `s${i}`, value, best: best[i] ?? false })),
  ...extra,
});

describe('choosing the compared sites', () => {
  const order = ['a', 'b', 'c', 'd', 'e', 'f', 'g'];

  it('adds a site in shortlist order, not click order', () => {
    expect(toggleSite(['a', 'c'], 'b', order)).toEqual(['a', 'b', 'c']);
  });

  it('never goes below 2 or above 6 sites', () => {
    expect(toggleSite(['a', 'b'], 'a', order)).toEqual(['a', 'b']);
    expect(toggleSite(['a', 'b', 'c', 'd', 'e', 'f'], 'g', order)).toHaveLength(6);
    expect(toggleSite(['a', 'b', 'c'], 'b', order)).toEqual(['a', 'c']);
  });
});

describe('rows of the comparison', () => {
  const rows = [
    row('availableAreaHa', [10, 20], [false, true]),
    row('gas', [true, true]),
    row('natura2000', [null, null]),
    row('score', [0.8, 0.6], [true, false], { group: 'summary' }),
  ];

  it('hides rows where no site has a value', () => {
    expect(visibleRows(rows, false).map((r) => r.key)).toEqual(['availableAreaHa', 'gas', 'score']);
  });

  it('hides rows where every site is the same when asked for differences only', () => {
    expect(visibleRows(rows, true).map((r) => r.key)).toEqual(['availableAreaHa', 'score']);
  });

  it('groups rows in display order: summary, criteria, facts, access', () => {
    expect(groupRows(visibleRows(rows, false)).map((g) => [g.group, g.rows.length])).toEqual([
      ['summary', 1],
      ['fact', 2],
    ]);
  });

  it('counts, per site, the rows it is best on', () => {
    expect(Object.fromEntries(bestCounts(rows))).toEqual({ s0: 1, s1: 1 });
  });
});

describe('a cell in words', () => {
  it('formats by the row unit in the UI language', () => {
    const fr = words('fr');
    expect(formatCell({ key: 'score', unit: 'share' }, 0.8, fr)).toBe('80\u00a0%');
    expect(formatCell({ key: 'availableAreaHa', unit: 'ha' }, 12.5, fr)).toBe('12,5\u00a0ha');
    expect(formatCell({ key: 'access.port', unit: 'm' }, 2500, fr)).toBe('2,5\u00a0km');
    expect(formatCell({ key: 'priceEurM2', unit: 'EUR/m2' }, 35, words('en'))).toBe('35\u00a0€/m²');
    expect(formatCell({ key: 'availableFrom', unit: 'date' }, '2026-03-01', fr)).toBe('1 mars 2026');
    expect(formatCell({ key: 'drive.port', unit: 'min' }, 4.25, fr)).toBe('4,3\u00a0min');
    expect(formatCell({ key: 'drive.port', unit: 'min' }, 37.6, fr)).toBe('38\u00a0min');
    expect(formatCell({ key: 'labourPool.30', unit: 'people' }, 185981, words('en'))).toBe('185,981');
  });

  it('translates vocabularies and booleans, and shows a dash for no value', () => {
    const en = words('en');
    expect(formatCell({ key: 'status', unit: null }, 'under_option', en)).toBe('Under option');
    expect(formatCell({ key: 'ppriZone', unit: null }, 'blue', en)).toBe('Blue zone');
    expect(formatCell({ key: 'gas', unit: null }, true, en)).toBe('Yes');
    expect(formatCell({ key: 'gas', unit: null }, null, en)).toBe('—');
    expect(formatCell({ key: 'pluZone', unit: null }, 'AUc', en)).toBe('AUc');
  });
});

describe('formatCell: one figure per fact', () => {
  it('shows readiness as the panel and the PDF do, and no area left as a status, not "0 ha"', () => {
    const readiness = row('readinessDone', [5], [], { unit: 'readiness' });
    expect(formatCell(readiness, 5, words('fr'))).toBe('5/6 prêts');
    expect(formatCell(readiness, 5, words('en'))).toBe('5/6 ready');
    const area = row('availableAreaHa', [0], [], { unit: 'ha' });
    expect(formatCell(area, 0, words('fr'))).toBe('Plus de surface disponible');
    expect(formatCell(area, 13.52, words('fr'))).toBe('13,5\u00a0ha');
  });
});
