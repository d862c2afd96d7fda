/**
 * The on-site equipment knock-outs (a rail siding, a quay, optical fibre): the flag must be
 * true when the project requires it.
 */
import { type Bilingual, bi, colon } from '../format.ts';
import { isTrue } from './condition.ts';
import { explained, type KnockoutDef, TO_CONFIRM } from './types.ts';

function onSite(
  key: 'railSiding' | 'quay' | 'fibre',
  label: Bilingual,
  missing: Bilingual,
  notStated: Bilingual,
): KnockoutDef {
  return {
    key,
    kind: 'need',
    need: key,
    label,
    rule: {
      fr: `${label.fr} sur site quand le projet l'exige.`,
      en: `${label.en} on site when the project requires it.`,
    },
    source: null,
    condition: ({ needs }) => (needs[key] !== 'indifferent' ? isTrue(key) : null),
    explain: (site, _ctx, unknown) =>
      explained(
        true,
        site[key] ?? null,
        null,
        null,
        unknown ? bi((l) => `${notStated[l]}${colon(l)}${TO_CONFIRM[l]}`) : missing,
      ),
  };
}

export const railSiding = onSite(
  'railSiding',
  { fr: 'Embranchement ferroviaire', en: 'Rail siding' },
  { fr: "pas d'embranchement ferroviaire sur site, exigé", en: 'no rail siding on site, required' },
  {
    fr: 'embranchement ferroviaire sur site non renseigné, exigé',
    en: 'rail siding on site not stated, required',
  },
);
export const quay = onSite(
  'quay',
  { fr: 'Quai', en: 'Quay' },
  { fr: 'pas de quai sur site, exigé', en: 'no quay on site, required' },
  { fr: 'quai sur site non renseigné, exigé', en: 'quay on site not stated, required' },
);
export const fibre = onSite(
  'fibre',
  { fr: 'Fibre optique', en: 'Optical fibre' },
  { fr: 'pas de fibre optique, exigée', en: 'no optical fibre, required' },
  { fr: 'fibre optique non renseignée, exigée', en: 'optical fibre not stated, required' },
);
