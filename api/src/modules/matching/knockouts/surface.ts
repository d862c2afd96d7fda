import { bi, colon, fmtApart, fmtNum } from '../format.ts';
import { allOf, anyOf, atLeast, atMost } from './condition.ts';
import { explained, type KnockoutDef, TO_CONFIRM, unknownText } from './types.ts';

/**
 * Available surface: at least the minimum, and at most the maximum unless a lot small enough can
 * be cut from a larger site (its minimum divisible lot fits).
 */
export const surface: KnockoutDef = {
  key: 'surfaceHa',
  kind: 'need',
  need: 'surfaceHa',
  label: { fr: 'Surface', en: 'Surface' },
  rule: {
    fr: 'Surface disponible au moins égale au minimum demandé, et au plus au maximum sauf lot divisible.',
    en: 'Available surface at least the minimum asked, and at most the maximum unless a divisible lot fits.',
  },
  source: null,
  condition: ({ needs }) => {
    const atLeastMin = atLeast('availableAreaHa', needs.surfaceHa.min);
    if (needs.surfaceHa.max === undefined) return atLeastMin;
    return allOf(
      atLeastMin,
      anyOf(atMost('availableAreaHa', needs.surfaceHa.max), atMost('minLotHa', needs.surfaceHa.max)),
    );
  },
  explain: (site, { needs }, unknown) => {
    const a = site.availableAreaHa ?? null;
    const { min: lo, max: hi } = needs.surfaceHa;
    const required = hi !== undefined ? `${lo}–${hi}` : lo;
    if (a === null) {
      return explained(
        required,
        null,
        'ha',
        null,
        unknownText(
          { fr: 'surface disponible inconnue', en: 'available area unknown' },
          bi((l) => `${fmtNum(lo, l)} ha ${l === 'fr' ? 'demandés au minimum' : 'needed at least'}`),
        ),
      );
    }
    if (a < lo) {
      return explained(
        required,
        a,
        'ha',
        lo - a,
        bi((l) => {
          const [have, want] = fmtApart(a, lo, l);
          const short = fmtApart(lo - a, 0, l)[0];
          return l === 'fr'
            ? `${have} ha disponibles pour ${want} ha demandés au minimum (manque ${short} ha)`
            : `${have} ha available for at least ${want} ha needed (${short} ha short)`;
        }),
      );
    }
    const lot = site.minLotHa ?? null;
    const upper = hi ?? a;
    return explained(
      required,
      a,
      'ha',
      a - upper,
      bi((l) => {
        const [have, most] = fmtApart(a, upper, l);
        return l === 'fr'
          ? `${have} ha disponibles pour ${most} ha au maximum, ${lot === null || unknown ? `lot minimum inconnu${colon(l)}${TO_CONFIRM.fr}` : `non divisible (lot minimum ${fmtNum(lot, l)} ha)`}`
          : `${have} ha available for at most ${most} ha, ${lot === null || unknown ? `minimum lot unknown: ${TO_CONFIRM.en}` : `not divisible (minimum lot ${fmtNum(lot, l)} ha)`}`;
      }),
    );
  },
};
