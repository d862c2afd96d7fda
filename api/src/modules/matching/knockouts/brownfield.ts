import { landKind } from '../criteria/brownfield.ts';
import { bi } from '../format.ts';
import { allOf, anyOf, equalsText, isNull, isTrue } from './condition.ts';
import { explained, type KnockoutDef, unknownText } from './types.ts';

/** Brownfield required (ZAN): the brownfield flag, else SITE-ECO's "renouvellement urbain". */
export const brownfield: KnockoutDef = {
  key: 'brownfield',
  kind: 'need',
  need: 'brownfield',
  label: { fr: 'Friche (ZAN)', en: 'Brownfield (ZAN)' },
  rule: {
    fr: 'Friche ou renouvellement urbain quand le projet exclut la consommation de terres (ZAN).',
    en: 'A brownfield or urban renewal site when the project excludes consuming land (ZAN).',
  },
  source: null,
  // Mirrors criteria/brownfield.ts landKind(): the flag, else SITE-ECO site_evol_urba.
  condition: ({ needs }) =>
    needs.brownfield !== 'indifferent'
      ? anyOf(
          isTrue('brownfield'),
          allOf(isNull('brownfield'), equalsText('urbanisationType', 'renouvellement urbain')),
        )
      : null,
  explain: (site) => {
    const k = landKind(site);
    return explained(
      true,
      k === null ? null : k === 'brownfield',
      null,
      null,
      k === null
        ? unknownText(
            { fr: 'statut friche ou extension non renseigné', en: 'brownfield status not stated' },
            { fr: 'friche exigée', en: 'brownfield required' },
          )
        : bi((l) =>
            l === 'fr'
              ? `${k === 'mixed' ? 'site mixte' : 'extension sur terres naturelles ou agricoles'}, friche exigée (ZAN)`
              : `${k === 'mixed' ? 'mixed site' : 'greenfield extension'}, brownfield required (ZAN)`,
          ),
    );
  },
};
