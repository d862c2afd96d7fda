import { describe, expect, it } from 'vitest';
import { hectareDigits, roundHectares } from '../../shared/figures.ts';
import { shownQuality } from './quality-badge.ts';
import { countReadiness, readinessText } from './readiness.ts';

describe('countReadiness', () => {
  it('counts done and not-required items of the six; absent items are not ready', () => {
    const c = countReadiness([
      { item: 'urbanism', status: 'done' },
      { item: 'archaeology', status: 'not_required' },
      { item: 'environment', status: 'in_progress' },
      { item: 'icpe', status: 'not_started' },
      { item: 'networks', status: 'done' },
    ]);
    expect(c).toMatchObject({ ready: 3, total: 6 });
    expect(c?.items.map((i) => [i.item, i.status, i.ready])).toEqual([
      ['urbanism', 'done', true],
      ['archaeology', 'not_required', true],
      ['environment', 'in_progress', false],
      ['icpe', 'not_started', false],
      ['networks', 'done', true],
      ['land_control', null, false],
    ]);
  });

  it('is unknown (null) for an empty or missing list, never 0/6', () => {
    expect(countReadiness([])).toBeNull();
    expect(countReadiness(null)).toBeNull();
    expect(countReadiness(undefined)).toBeNull();
  });

  it('reads the same in French and English wherever it is shown', () => {
    expect(readinessText(5, 'fr')).toBe('5/6 prêts');
    expect(readinessText(1, 'fr')).toBe('1/6 prêt');
    expect(readinessText(0, 'en')).toBe('0/6 ready');
    expect(readinessText(null, 'fr')).toBe('non renseigné');
    expect(readinessText(null, 'en')).toBe('not stated');
  });
});

describe('roundHectares', () => {
  it('keeps one decimal under 100 ha and none from 100 ha', () => {
    expect(roundHectares(13.52)).toBe(13.5);
    expect(roundHectares(2.349)).toBe(2.3);
    expect(roundHectares(152.4)).toBe(152);
    expect(hectareDigits(99.9)).toBe(1);
    expect(hectareDigits(100)).toBe(0);
  });
});

describe('shownQuality', () => {
  it('never shows a plain "sourced" badge over illustrative fields', () => {
    expect(shownQuality('sourced', 0)).toBe('sourced');
    expect(shownQuality('sourced', 34)).toBe('partly_illustrative');
    expect(shownQuality('estimated', 2)).toBe('partly_illustrative');
    expect(shownQuality('illustrative', 34)).toBe('illustrative');
    expect(shownQuality(null, 0)).toBeNull();
  });
});
