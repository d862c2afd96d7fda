import { bi, fmtApart, fmtNum } from '../format.ts';
import { atMost } from './condition.ts';
import { explained, type KnockoutDef, unknownText } from './types.ts';

/** Price: at most the project's maximum €/m² (a preference unless listed in `hard`). */
export const price: KnockoutDef = {
  key: 'maxPriceEurM2',
  kind: 'need',
  need: 'maxPriceEurM2',
  label: { fr: 'Prix', en: 'Price' },
  rule: { fr: 'Prix au plus égal au maximum demandé (€/m²).', en: 'Price at most the maximum asked (€/m²).' },
  source: null,
  condition: ({ needs }) =>
    needs.maxPriceEurM2 !== undefined ? atMost('priceEurM2', needs.maxPriceEurM2) : null,
  explain: (site, { needs }) => {
    const p = site.priceEurM2 ?? null;
    const m = needs.maxPriceEurM2 ?? 0;
    if (p === null)
      return explained(
        m,
        null,
        '€/m²',
        null,
        unknownText(
          { fr: 'prix inconnu', en: 'price unknown' },
          bi((l) => `max ${fmtNum(m, l)} €/m²`),
        ),
      );
    return explained(
      m,
      p,
      '€/m²',
      p - m,
      bi((l) => {
        const [have, max] = fmtApart(p, m, l);
        return `${have} €/m² ${l === 'fr' ? 'pour' : 'for'} ${max} €/m² max (+${fmtApart(p - m, 0, l)[0]} €/m²)`;
      }),
    );
  },
};
