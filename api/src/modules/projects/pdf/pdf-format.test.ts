import { describe, expect, it } from 'vitest';
import { bestIndexes, columnChunks, comparisonPageCount } from './comparison-pages.ts';
import {
  formatDate,
  formatEur,
  formatEurM2,
  formatGap,
  formatHa,
  formatKm,
  formatPercent,
  formatVoltage,
  monthsBetween,
} from './pdf-format.ts';
import { label, localized } from './pdf-labels.ts';
import { phraseNeeds } from './pdf-needs.ts';

/** Intl's French output uses no-break spaces; compare with plain ones. */
const plain = (s: string) => s.replace(/[\u00a0\u202f]/g, ' ');

describe('locale number formats', () => {
  it('writes hectares with a decimal comma in French and a point in English', () => {
    expect(plain(formatHa('fr', 12.5))).toBe('12,5 ha');
    expect(plain(formatHa('en', 12.5))).toBe('12.5 ha');
    expect(plain(formatHa('fr', 1234))).toBe('1 234 ha');
  });

  it('puts the euro sign where each language does', () => {
    expect(plain(formatEur('fr', 1234))).toBe('1 234 €');
    expect(formatEur('en', 1234)).toBe('€1,234');
    expect(plain(formatEurM2('fr', 45))).toBe('45 €/m²');
    expect(formatEurM2('en', 45)).toBe('€45/m²');
  });

  it('prints shares as whole percents', () => {
    expect(plain(formatPercent('fr', 0.874))).toBe('87 %');
    expect(formatPercent('en', 0.874)).toBe('87%');
  });

  it('uses one decimal under 10 km and none above', () => {
    expect(plain(formatKm('fr', 3240))).toBe('3,2 km');
    expect(plain(formatKm('en', 12_400))).toBe('12 km');
  });

  it('names the voltage domain', () => {
    expect(plain(formatVoltage('fr', 20))).toBe('20 kV (HTA)');
    expect(plain(formatVoltage('fr', 63))).toBe('63 kV (HTB1)');
    expect(plain(formatVoltage('en', 225))).toBe('225 kV (HTB2)');
    expect(plain(formatVoltage('en', 0.4))).toBe('0.4 kV (LV)');
  });
});

describe('dates', () => {
  it('writes the first of the month as "1er" in French', () => {
    expect(formatDate('fr', '2025-03-01')).toBe('1er mars 2025');
    expect(formatDate('fr', '2025-03-12')).toBe('12 mars 2025');
    expect(formatDate('en', '2025-03-01')).toBe('1 March 2025');
  });

  it('reads timestamps as Europe/Paris calendar dates', () => {
    expect(formatDate('fr', '2025-03-12T23:30:00Z')).toBe('13 mars 2025');
  });

  it('prints an unparsable date as given', () => {
    expect(formatDate('en', 'soon')).toBe('soon');
  });

  it('counts whole months between two dates', () => {
    expect(monthsBetween('2026-01-01', '2027-03-01')).toBe(14);
    expect(monthsBetween('2026-06-30', '2026-01-01')).toBe(-5);
  });
});

describe('formatGap', () => {
  it('gives the difference of two quantities in the same unit', () => {
    expect(plain(formatGap('fr', { value: 12, unit: 'MW' }, { value: 8, unit: 'MW' }) ?? '')).toBe(
      'écart : 4 MW',
    );
    expect(plain(formatGap('en', { value: 10, unit: 'ha' }, { value: 9.5, unit: 'ha' }) ?? '')).toBe(
      'gap: 0.5 ha',
    );
  });

  it('gives months late for dates, and nothing when not comparable or not late', () => {
    expect(formatGap('fr', { date: '2026-01-01' }, { date: '2026-06-30' })).toBe('5 mois de retard');
    expect(formatGap('fr', { date: '2026-06-30' }, { date: '2026-01-01' })).toBeNull();
    expect(formatGap('fr', { value: 12, unit: 'MW' }, { value: 8, unit: 'ha' })).toBeNull();
  });
});

describe('labels', () => {
  it('fills placeholders and falls back to French for a missing English text', () => {
    expect(label('en', 'moreItems', { n: 3 })).toBe('+ 3 more');
    expect(localized({ fr: 'Oui' }, 'en')).toBe('Oui');
    expect(localized({ fr: 'Oui', en: 'Yes' }, 'en')).toBe('Yes');
    expect(localized(null, 'fr')).toBe('');
  });
});

describe('phraseNeeds', () => {
  it('phrases structured needs in French and English', () => {
    const needs = {
      surfaceHa: { min: 10, max: 20 },
      powerMw: 12,
      railSiding: 'required' as const,
      quay: 'indifferent' as const,
      maxDistanceKm: { motorway: 5 },
      availableBy: '2026-01-01',
      extraLines: [{ fr: 'Ligne libre', en: 'Free line' }],
    };
    expect(phraseNeeds(needs, 'fr').map(plain)).toEqual([
      'Terrain de 10 à 20 ha',
      'Puissance électrique : 12 MW',
      'Embranchement ferré (ITE) : exigé',
      'Distances maximales : autoroute 5 km',
      'Disponible avant le 1er janvier 2026',
      'Ligne libre',
    ]);
    expect(phraseNeeds(needs, 'en').map(plain)).toEqual([
      'Plot of 10 to 20 ha',
      'Electrical power: 12 MW',
      'Rail siding: required',
      'Maximum distances: motorway 5 km',
      'Available by 1 January 2026',
      'Free line',
    ]);
  });

  it('says nothing for an empty needs object', () => {
    expect(phraseNeeds({}, 'fr')).toEqual([]);
  });
});

describe('comparison helpers', () => {
  it('highlights every best value, and none when all known values tie or only one is known', () => {
    expect(bestIndexes([3, null, 5, 5], 'high')).toEqual([2, 3]);
    expect(bestIndexes([3, null, 5, 5], 'low')).toEqual([0]);
    expect(bestIndexes([4, 4, null], 'high')).toEqual([]);
    expect(bestIndexes([4, null, null], 'high')).toEqual([]);
    expect(bestIndexes([1, 2], null)).toEqual([]);
    // Printed the same, tied: both starred or neither, never one of two equal-looking values.
    expect(bestIndexes([13.52, 13.48, 9], 'high', ['13,5 ha', '13,5 ha', '9 ha'])).toEqual([0, 1]);
    expect(bestIndexes([13.52, 13.48], 'high', ['13,5 ha', '13,5 ha'])).toEqual([]);
  });

  it('uses one comparison page up to 6 sites and spreads columns evenly beyond', () => {
    expect(comparisonPageCount(1)).toBe(1);
    expect(comparisonPageCount(6)).toBe(1);
    expect(comparisonPageCount(7)).toBe(2);
    expect(comparisonPageCount(20)).toBe(4);
    expect(columnChunks(7).map((c) => c.length)).toEqual([4, 3]);
    expect(columnChunks(20).map((c) => c.length)).toEqual([5, 5, 5, 5]);
    expect(columnChunks(20).flat()).toEqual(Array.from({ length: 20 }, (_, i) => i));
  });
});
