import { SITE_ECO_VOCATIONS, SITE_STATUSES } from '@api/modules/sites/site.fields.ts';
import { describe, expect, it } from 'vitest';
import en from './en.json';
import fr from './fr.json';
import { makeFormatters, translate } from './i18n.tsx';

const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('translations', () => {
  it('have the same keys in French and English', () => {
    expect(Object.keys(en).sort()).toEqual(Object.keys(fr).sort());
  });

  it('have no empty string', () => {
    for (const [k, v] of [...Object.entries(fr), ...Object.entries(en)]) expect(v.trim(), k).not.toBe('');
  });

  it('use the same placeholders in both languages', () => {
    for (const key of Object.keys(fr) as (keyof typeof fr)[]) {
      expect(placeholders(en[key]), key).toEqual(placeholders(fr[key]));
    }
  });

  it('name every value of the site vocabularies shown as words, in both languages', () => {
    const en_ = en as Record<string, string>;
    for (const v of SITE_ECO_VOCATIONS) {
      expect(en_[`vocation.${v}`], v).toBeDefined();
      // The English panel says "Industrial", not the SITE-ECO value "industrielle".
      expect(en_[`vocation.${v}`].toLowerCase(), v).not.toBe(v);
    }
    for (const s of SITE_STATUSES) expect(en_[`status.${s}`], s).toBeDefined();
  });

  it('fill placeholders and fall back to the key when unknown', () => {
    expect(translate('en', 'match.marker', { rank: 3, name: 'Parc' })).toBe('Rank 3: Parc');
    expect(translate('fr', 'no.such.key')).toBe('no.such.key');
  });
});

describe('locale formatting', () => {
  it('formats numbers, areas and distances per locale', () => {
    const fr = makeFormatters('fr');
    const en = makeFormatters('en');
    expect(fr.hectares(12.5)).toBe('12,5\u00a0ha');
    expect(en.hectares(12.5)).toBe('12.5\u00a0ha');
    expect(fr.distance(850)).toBe('850\u00a0m');
    expect(en.distance(12340)).toBe('12.3\u00a0km');
  });

  it('formats ISO dates as days without a time-zone shift', () => {
    expect(makeFormatters('fr').date('2026-03-01')).toBe('1 mars 2026');
    expect(makeFormatters('en').date('2026-03-01')).toBe('1 Mar 2026');
  });
});
