import { DETAIL_CODES, ERROR_CODES } from '@api/shared/errors.ts';
import { describe, expect, it } from 'vitest';
import { ApiError } from '../api/client.ts';
import en from '../i18n/en.json';
import fr from '../i18n/fr.json';
import { makeFormatters, translate } from '../i18n/i18n.tsx';
import { detailText, errorText, fieldLabel, isRetryable } from './error-text.ts';

const i18n = (lang: 'fr' | 'en') =>
  ({
    lang,
    t: (k: string, p?: Record<string, string | number>) => translate(lang, k, p),
    fmt: makeFormatters(lang),
  }) as never;
const FR = i18n('fr');
const EN = i18n('en');

// Parameters of the kind the API sends with each code (a placeholder left as `{x}` fails below).
const SAMPLE_PARAMS: Record<string, Record<string, string | number | boolean | string[]>> = {
  too_small: { minimum: 0, origin: 'number', inclusive: true },
  too_big: { maximum: 100000, origin: 'number', inclusive: true },
  not_multiple_of: { divisor: 5 },
  unknown_field: { keys: ['colour'] },
  invalid_choice: { values: ['a', 'b'] },
  min_exceeds_max: { other: 'maxAreaHa' },
  date_out_of_range: { min: '2000-01-01', max: '2100-12-31' },
  too_deep: { maxDepth: 32 },
  count_out_of_range: { min: 2, max: 6 },
  list_full: { maximum: 20 },
  out_of_range: { min: 0, max: 22 },
  too_many_records: { maximum: 5000 },
  unresolved_conflict: { site: 'Parc' },
  status_not_allowed: { from: 'lead', to: 'landed' },
  invalid_type: { expected: 'number' },
  invalid_format: { format: 'email' },
};

describe('API errors in the UI language', () => {
  it('has a French and an English text for every top-level code the API can send', () => {
    for (const code of ERROR_CODES) {
      expect((fr as Record<string, string>)[`errors.${code}`], code).toBeTruthy();
      expect((en as Record<string, string>)[`errors.${code}`], code).toBeTruthy();
      const e = new ApiError(400, code, 'English server message');
      expect(errorText(e, FR)).not.toContain('English server message');
      expect(errorText(e, FR)).toBe(fr[`errors.${code}` as keyof typeof fr]);
      expect(errorText(e, EN)).toBe(en[`errors.${code}` as keyof typeof en]);
    }
  });

  it('puts every detail code the API can send in words in both languages, placeholders filled', () => {
    for (const code of DETAIL_CODES) {
      const d = { field: 'minAreaHa', code, params: SAMPLE_PARAMS[code], message: 'English detail' };
      for (const [lang, loc] of [
        ['fr', FR],
        ['en', EN],
      ] as const) {
        const text = detailText(d, loc);
        expect(text, `${lang} ${code}`).not.toMatch(/fieldErrors\.|\{\w+\}/);
        expect(text, `${lang} ${code}`).not.toContain('English detail');
      }
      expect(detailText(d, FR), code).not.toBe(detailText(d, EN));
    }
  });

  it('says "the minimum exceeds" with the other field named, in each language', () => {
    const d = {
      field: 'minAreaHa',
      code: 'min_exceeds_max' as const,
      params: { other: 'maxAreaHa' },
      message: '',
    };
    expect(fieldLabel(d.field, FR)).toBe('Surface disponible minimale (ha)');
    expect(detailText(d, FR)).toBe('le minimum dépasse « Surface disponible maximale (ha) ».');
    expect(fieldLabel(d.field, EN)).toMatch(/^Minimum available area/);
    expect(detailText(d, EN)).toMatch(/^the minimum exceeds “Maximum available area/);
  });

  it('labels dotted fields by their input: properties.name, needs.surfaceHa.max, needs.regions.0', () => {
    expect(fieldLabel('properties.grossAreaHa', FR)).toBe(fr['field.grossAreaHa']);
    expect(fieldLabel('needs.surfaceHa.max', EN)).toBe(en['needs.surfaceMax']);
    expect(fieldLabel('needs.regions.0', FR)).toBe(fr['needs.regions']);
    expect(fieldLabel('(body)', FR)).toBeNull();
    expect(fieldLabel('no_such_thing', FR)).toBeNull();
  });

  it('formats numbers in the language: 100 000 in French, 100,000 in English', () => {
    const d = { field: 'x', code: 'too_big' as const, params: SAMPLE_PARAMS.too_big, message: '' };
    expect(detailText(d, FR)).toBe('doit être au plus 100\u202f000.');
    expect(detailText(d, EN)).toBe('must be at most 100,000.');
  });

  it('says the server is unreachable on a network failure', () => {
    expect(errorText(new ApiError(0, 'network', ''), FR)).toMatch(/ne répond pas/);
  });

  it('falls back on the status for a code it does not know, never on the message', () => {
    expect(errorText(new ApiError(418, 'teapot', 'I am a teapot'), FR)).toBe(fr['errors.bad_request']);
    expect(errorText(new ApiError(502, 'bad_gateway', 'stack trace…'), FR)).toBe(fr['errors.internal_error']);
  });

  it('offers a retry only where retrying can work', () => {
    expect(isRetryable(new ApiError(0, 'network', ''))).toBe(true);
    expect(isRetryable(new ApiError(503, 'unavailable', ''))).toBe(true);
    expect(isRetryable(new ApiError(429, 'too_many_requests', ''))).toBe(true);
    expect(isRetryable(new ApiError(400, 'invalid_input', ''))).toBe(false);
    expect(isRetryable(new ApiError(404, 'not_found', ''))).toBe(false);
  });
});
