import { describe, expect, it } from 'vitest';
import { ApiError } from '../../api/client.ts';
import { makeFormatters, translate } from '../../i18n/i18n.tsx';
import { changedProperties, filledProperties, toFormValues } from './form-model.ts';
import { serverErrors, validateProperties } from './validation.ts';

const i18n = (lang: 'fr' | 'en') => ({
  lang,
  t: (k: string, p?: Record<string, string | number>) => translate(lang, k, p),
  fmt: makeFormatters(lang),
});

describe('site form ↔ the API schema', () => {
  it('edits cadastral parcels as identifiers and names the parcel that does not parse', () => {
    const base = toFormValues({
      name: 'Parc',
      communeInsee: '78335',
      parcels: [{ commune: '78335', prefixe: '000', section: 'AB', numero: '0123' }],
    });
    expect(base.fields.parcels).toBe('78335000AB0123');
    const edited = { ...base, fields: { ...base.fields, parcels: '78335000AB0123, 2A004000 B0007, nope' } };
    expect(changedProperties(base, edited)).toEqual({
      parcels: ['78335000AB0123', '2A004000 B0007', 'nope'],
    });
    const fr = validateProperties(changedProperties(base, edited), false, i18n('fr'));
    expect(Object.keys(fr)).toEqual(['parcels']);
    expect(fr.parcels.join(' ')).toContain('Parcelle n° 3');
    expect(fr.parcels.join(' ')).not.toContain('Parcelle n° 1');
    expect(validateProperties({ parcels: ['78335000AB0123', '2A004000AB0007'] }, false, i18n('en'))).toEqual(
      {},
    );
  });

  it('sends only what changed, numbers with a French comma, three-way booleans', () => {
    const base = toFormValues({ name: 'Parc', communeInsee: '78362', railSiding: null, priceEurM2: 40 });
    const edited = {
      ...base,
      fields: { ...base.fields, availableAreaHa: '30,5', railSiding: 'false', priceEurM2: '40' },
    };
    expect(changedProperties(base, edited)).toEqual({ availableAreaHa: 30.5, railSiding: false });
    expect(filledProperties(edited)).toMatchObject({ name: 'Parc', availableAreaHa: 30.5, published: false });
    expect(filledProperties(edited)).not.toHaveProperty('readiness');
  });

  it('gives field messages in the UI language, never zod’s English in French', () => {
    const props = {
      name: '',
      communeInsee: '7836',
      contactEmail: 'nope',
      maxHeightM: 900,
      priceEurM2: 'abc',
      description: '=HYPERLINK("x")',
      readiness: [{ item: 'urbanism', status: 'done', date: '2026-13-45', evidenceUrl: null, note: null }],
    };
    const fr = validateProperties(props, true, i18n('fr'));
    expect(fr).toEqual({
      name: ['Obligatoire.'],
      communeInsee: ['Code INSEE à 5 caractères attendu (ex. 78440, 2A004).'],
      contactEmail: ['Adresse e-mail invalide.'],
      maxHeightM: ['Doit être au plus 500.'],
      priceEurM2: ['Un nombre est attendu (ex. 12,5).'],
      description: ['Un texte ne peut pas commencer comme une formule de tableur (=, +, -, @).'],
      'readiness.0.date': ['Date attendue (AAAA-MM-JJ).'],
    });
    expect(validateProperties({ name: 'x' }, true, i18n('en')).communeInsee).toEqual(['Required.']);
    // A change need not repeat the required fields.
    expect(validateProperties({ priceEurM2: 12 }, false, i18n('en'))).toEqual({});
  });

  it('puts the API’s 400 details on their fields, from their codes, in the UI language', () => {
    const err = new ApiError(400, 'invalid_input', 'Invalid site', [
      { field: 'properties.territorySiren', code: 'invalid_format', message: 'expected 9 digits' },
      { field: 'geometry', code: 'invalid_geometry', message: 'Self-intersection' },
    ]);
    expect(serverErrors(err, {}, i18n('fr'))).toEqual({
      territorySiren: ['format incorrect.'],
      geometry: ['contour incorrect (il doit être un polygone fermé, sans croisement).'],
    });
    expect(serverErrors(err, {}, i18n('en')).geometry).toEqual([
      'invalid outline (it must be a closed polygon that does not cross itself).',
    ]);
  });
});
