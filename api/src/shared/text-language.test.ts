import { describe, expect, it } from 'vitest';
import { isOtherLanguage, textLanguage } from './text-language.ts';

describe('the language of a free text', () => {
  it('tells the demo descriptions (French) from their provenance notes (English)', () => {
    expect(
      textLanguage(
        "Ancienne base logistique d'Intermarché de 17 ha avec 30 000 m² de bâtiments, vide depuis le 31 mars",
      ),
    ).toBe('fr');
    expect(
      textLanguage('Size, buildings, owner and vacancy date are from France 3 and Le Petit Économiste.'),
    ).toBe('en');
    expect(textLanguage('Proposé après analyse du cahier des charges.')).toBe('fr');
    expect(textLanguage('Visit planned with the plant manager in May.')).toBe('en');
  });

  it('says nothing of a name or a text too short to tell', () => {
    expect(textLanguage('Parc Rovaltain')).toBeNull();
    expect(textLanguage('')).toBeNull();
    expect(textLanguage(null)).toBeNull();
    expect(textLanguage('Europôle II')).toBeNull();
  });

  it('marks only a text known to be in the other language', () => {
    expect(isOtherLanguage('Only the label and 2024 readiness are sourced.', 'fr')).toBe(true);
    expect(isOtherLanguage('Only the label and 2024 readiness are sourced.', 'en')).toBe(false);
    expect(isOtherLanguage('Parc Rovaltain', 'en')).toBe(false);
  });
});
