/**
 * Accent folding shared by SQL (the `lm_fold` function, created from these pairs by the first
 * migration) and JS, so `q=etrechet` finds "Étrechet" on both engines. The site search folds
 * its needle with `lm_fold` too: JS and PostgreSQL lower-case a few letters differently ('İ').
 */
export const FOLD_PAIRS: ReadonlyArray<readonly [string, string]> = [
  ['àâäáãåæ', 'a'],
  ['ç', 'c'],
  ['éèêë', 'e'],
  ['íìîï', 'i'],
  ['ñ', 'n'],
  ['óòôöõœ', 'o'],
  ['úùûü', 'u'],
  ['ýÿ', 'y'],
  ['ÀÂÄÁÃÅÆ', 'a'],
  ['Ç', 'c'],
  ['ÉÈÊË', 'e'],
  ['ÍÌÎÏ', 'i'],
  ['Ñ', 'n'],
  ['ÓÒÔÖÕŒ', 'o'],
  ['ÚÙÛÜ', 'u'],
  ['ÝŸ', 'y'],
  ["-’'", ' '],
];

/** Folds case, accents and hyphens: `foldText('Saint-Étienne')` → `'saint etienne'`. */
export function foldText(t: string): string {
  let out = t.toLowerCase();
  for (const [from, to] of FOLD_PAIRS) for (const ch of from) out = out.split(ch).join(to);
  return out;
}
