import { ICPE_ORDER } from '../criteria/zoning.ts';
import { bi } from '../format.ts';
import { oneOf } from './condition.ts';
import { explained, type KnockoutDef, unknownText } from './types.ts';

/** ICPE: the zone accepts installations of the project's regime or heavier (NC < D < DC < E < A). */
export const icpe: KnockoutDef = {
  key: 'icpeRegime',
  kind: 'need',
  need: 'icpeRegime',
  label: { fr: 'Régime ICPE', en: 'ICPE regime' },
  rule: {
    fr: 'La zone admet le régime ICPE du projet (nomenclature, annexe à l’art. R511-9 C. env.).',
    en: "The zone accepts the project's ICPE regime (nomenclature, annex to art. R511-9 Code de l'environnement).",
  },
  source: null,
  condition: ({ needs }) =>
    needs.icpeRegime ? oneOf('maxIcpeRegime', ICPE_ORDER.slice(ICPE_ORDER.indexOf(needs.icpeRegime))) : null,
  explain: (site, { needs }) => {
    const m = site.maxIcpeRegime ?? null;
    const r = needs.icpeRegime ?? null;
    return explained(
      r,
      m,
      null,
      null,
      m === null
        ? unknownText(
            { fr: 'régime ICPE admis non renseigné', en: 'accepted ICPE regime not stated' },
            bi((l) => `${r} ${l === 'fr' ? 'demandé' : 'needed'}`),
          )
        : bi((l) =>
            l === 'fr'
              ? `la zone admet au plus le régime ICPE ${m}, ${r} demandé`
              : `the zone accepts ICPE regime ${m} at most, ${r} needed`,
          ),
    );
  },
};
