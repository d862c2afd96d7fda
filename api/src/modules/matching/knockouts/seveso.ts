import { SEVESO_ORDER } from '../criteria/zoning.ts';
import { type Bilingual, bi } from '../format.ts';
import { oneOf } from './condition.ts';
import { explained, type KnockoutDef, unknownText } from './types.ts';

const TIER: Record<string, Bilingual> = {
  none: { fr: 'aucun site Seveso', en: 'no Seveso plant' },
  lower: { fr: 'Seveso seuil bas', en: 'Seveso lower tier' },
  upper: { fr: 'Seveso seuil haut', en: 'Seveso upper tier' },
};

/** Seveso: the zone accepts the project's tier (none < lower < upper). */
export const seveso: KnockoutDef = {
  key: 'sevesoTier',
  kind: 'need',
  need: 'sevesoTier',
  label: { fr: 'Seveso', en: 'Seveso' },
  rule: {
    fr: 'La zone admet un établissement du seuil Seveso du projet.',
    en: "The zone accepts a plant of the project's Seveso tier.",
  },
  source: null,
  condition: ({ needs }) =>
    needs.sevesoTier && needs.sevesoTier !== 'none'
      ? oneOf('sevesoAllowed', SEVESO_ORDER.slice(SEVESO_ORDER.indexOf(needs.sevesoTier)))
      : null,
  explain: (site, { needs }) => {
    const m = site.sevesoAllowed ?? null;
    const r = needs.sevesoTier ?? 'none';
    const wanted = bi((l) => `${TIER[r][l]} ${l === 'fr' ? 'demandé' : 'needed'}`);
    return explained(
      r,
      m,
      null,
      null,
      m === null
        ? unknownText(
            { fr: 'statut Seveso admis non renseigné', en: 'accepted Seveso status not stated' },
            wanted,
          )
        : bi((l) => {
            if (m === 'none')
              return l === 'fr'
                ? `la zone n'admet aucun site Seveso, ${wanted[l]}`
                : `the zone accepts no Seveso plant, ${wanted[l]}`;
            return l === 'fr'
              ? `la zone admet au plus ${TIER[m][l]}, ${wanted[l]}`
              : `the zone accepts ${TIER[m][l]} at most, ${wanted[l]}`;
          }),
    );
  },
};
