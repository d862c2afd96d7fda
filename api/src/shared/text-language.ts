/**
 * Which language a free text written by a person is in (a site's description, its provenance
 * notes, an agency's note), so screens and documents can mark a text that exists in one
 * language only: "(texte en anglais)" in the French panel, "(French text)" in the English PDF.
 * Counts frequent short words of each language; a text too short or too mixed to tell is `null`
 * and gets no mark (better no mark than a wrong one).
 */
export type TextLang = 'fr' | 'en';

// Words frequent in running text and rare in the other language (no "a", "on", "en", "le"
// alone decides: "Le Journal des Entreprises" in an English sentence is a proper name).
const FR_WORDS = new Set(
  'le la les des du de et est une un au aux avec dans pour sur par sont été ont qui que pas plus ce cette ces son sa ses leur où dont mais ou ne depuis après selon ainsi'.split(
    ' ',
  ),
);
const EN_WORDS = new Set(
  'the and of is are was were be been to in for with from by that this these those which it its not or but as at have has only are used when where than'.split(
    ' ',
  ),
);

/**
 * `textLanguage("Ancienne base logistique de 17 ha avec des bâtiments")` → `'fr'`;
 * `textLanguage('Size and owner are from France 3')` → `'en'`; `textLanguage('Parc Rovaltain')` → `null`.
 */
export function textLanguage(text: string | null | undefined): TextLang | null {
  if (!text) return null;
  let fr = 0;
  let en = 0;
  for (const raw of text.toLowerCase().split(/[^\p{L}’']+/u)) {
    // "l'usine", "d’Ozans": the article before the apostrophe is French.
    const elided = /^(?:l|d|qu|n|s|j|c)['’](.*)$/.exec(raw);
    if (elided) fr++;
    const word = elided ? elided[1] : raw;
    if (FR_WORDS.has(word)) fr++;
    else if (EN_WORDS.has(word)) en++;
  }
  if (fr + en < 2) return null;
  if (fr >= 2 * en && fr >= 2) return 'fr';
  if (en >= 2 * fr && en >= 2) return 'en';
  return null;
}

/** True when `text` is known to be in another language than `lang` (so it deserves a mark). */
export function isOtherLanguage(text: string | null | undefined, lang: TextLang): boolean {
  const l = textLanguage(text);
  return l !== null && l !== lang;
}
