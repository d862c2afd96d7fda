import { bi } from '../format.ts';
import { type CapacitySpec, capacityCondition, explainCapacity } from './capacity.ts';
import { isTrue } from './condition.ts';
import { explained, type KnockoutDef, unknownText } from './types.ts';

const SPEC: CapacitySpec = {
  network: 'gas',
  capacity: 'gasCapacityMwhPerDay',
  unit: { fr: 'MWh/j', en: 'MWh/day' },
  label: { fr: 'gaz', en: 'gas' },
};

/** Gas: a connection, and with a capacity need at least that many MWh/day. */
export const gas: KnockoutDef = {
  key: 'gas',
  kind: 'need',
  need: 'gas',
  label: { fr: 'Gaz', en: 'Gas' },
  rule: {
    fr: 'Raccordement au gaz, et capacité au moins égale au besoin quand il est chiffré.',
    en: 'A gas connection, and at least the stated capacity when the need is quantified.',
  },
  source: null,
  condition: ({ needs }) => {
    if (!needs.gas) return null;
    const cap = needs.gas.capacityMwhPerDay;
    return cap !== undefined ? capacityCondition(SPEC, cap) : isTrue('gas');
  },
  explain: (site, { needs }, unknown) => {
    const cap = needs.gas?.capacityMwhPerDay;
    if (cap !== undefined) return explainCapacity(site, SPEC, cap);
    return explained(
      true,
      site.gas ?? null,
      null,
      null,
      unknown
        ? unknownText(
            { fr: 'raccordement au gaz non renseigné', en: 'gas connection not stated' },
            { fr: 'gaz exigé', en: 'gas required' },
          )
        : bi((l) =>
            l === 'fr' ? 'pas de raccordement au gaz, gaz exigé' : 'no gas connection, gas required',
          ),
    );
  },
};
