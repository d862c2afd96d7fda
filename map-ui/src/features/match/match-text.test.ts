import { describe, expect, it } from 'vitest';
import { makeFormatters, translate } from '../../i18n/i18n.tsx';
import { gapText, inLang, pick, scoreText } from './match-text.ts';

const words = (lang: 'fr' | 'en') => ({
  t: (key: string, params?: Record<string, string | number>) => translate(lang, key, params),
  fmt: makeFormatters(lang),
});
const plain = (s: string | null) => s?.replace(/[\u00a0\u202f]/g, ' ') ?? null;

describe('match texts in the UI language', () => {
  const criterion = { reason_fr: '304 ha disponibles', reason_en: '304 ha available' };

  it('reads the bilingual fields of the response by UI language, French when English is missing', () => {
    expect(pick('en', criterion, 'reason')).toBe('304 ha available');
    expect(pick('fr', criterion, 'reason')).toBe('304 ha disponibles');
    expect(pick('en', { reason_fr: 'seul', reason_en: '' }, 'reason')).toBe('seul');
    expect(inLang('en', { fr: 'Zone rouge PPRI', en: 'PPRI red zone' })).toBe('PPRI red zone');
  });

  it('prints a weighted sum as a percentage and a TOPSIS closeness as an index', () => {
    expect(plain(scoreText(0.790572, 'weighted_sum', makeFormatters('fr')))).toBe('79 %');
    expect(scoreText(0.790572, 'weighted_sum', makeFormatters('en'))).toBe('79%');
    expect(scoreText(0.790572, 'topsis_closeness', makeFormatters('fr'))).toBe('0,79');
    expect(scoreText(0.790572, 'topsis_closeness', makeFormatters('en'))).toBe('0.79');
  });

  it('says how far a near-miss is from passing, in its unit and language', () => {
    const surface = { gap: 2, unit: 'ha', unknown: false };
    expect(plain(gapText(surface, words('fr')))).toBe('écart : 2 ha');
    expect(plain(gapText(surface, words('en')))).toBe('gap: 2 ha');
    expect(plain(gapText({ gap: 1500, unit: 'm³/day', unknown: false }, words('fr')))).toBe(
      'écart : 1 500 m³/j',
    );
    expect(plain(gapText({ gap: 12, unit: 'days', unknown: false }, words('en')))).toBe('gap: 12 days');
    expect(plain(gapText({ gap: 107, unit: 'days', unknown: false }, words('fr')))).toBe('écart : 3,5 mois');
  });

  it('gives no gap for missing data or an unmeasurable failure', () => {
    expect(gapText({ gap: null, unit: 'MW', unknown: true }, words('fr'))).toBeNull();
    expect(gapText({ gap: null, unit: null, unknown: false }, words('en'))).toBeNull();
  });
});
