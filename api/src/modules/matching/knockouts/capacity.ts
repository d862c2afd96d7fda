/**
 * Shared shape of the utility-capacity knock-outs (gas, water, wastewater): a stated daily
 * capacity of at least the need, where a network known to be absent is a failure ("no gas
 * network" is known, not "to confirm") and a missing capacity on an existing network is
 * "to confirm".
 */
import type { MatchSite } from '../candidate.ts';
import { type Bilingual, bi, colon, fmtApart, fmtNum } from '../format.ts';
import type { ConditionField } from './condition.ts';
import { atLeast, unlessFalse } from './condition.ts';
import { type Explained, explained, type KnockoutDef, TO_CONFIRM } from './types.ts';

export interface CapacitySpec {
  network: ConditionField & ('gas' | 'drinkingWater' | 'sewerage');
  capacity: ConditionField & ('gasCapacityMwhPerDay' | 'waterM3PerDay' | 'wastewaterM3PerDay');
  unit: Bilingual;
  label: Bilingual;
}

/** `capacityCondition(spec, 500)`: the network is not known absent and the capacity is ≥ 500. */
export const capacityCondition = (spec: CapacitySpec, wanted: number) =>
  unlessFalse(spec.network, atLeast(spec.capacity, wanted));

export function explainCapacity(site: MatchSite, spec: CapacitySpec, wanted: number): Explained {
  const network = site[spec.network] ?? null;
  const capacity = site[spec.capacity] ?? null;
  const { unit, label } = spec;
  const want = (l: 'fr' | 'en') => `${fmtNum(wanted, l, 0)} ${unit[l]} ${l === 'fr' ? 'demandés' : 'needed'}`;
  if (network === false) {
    return explained(
      wanted,
      0,
      unit.en,
      wanted,
      bi((l) => `${label[l]}${colon(l)}${l === 'fr' ? 'pas de réseau' : 'no network'}, ${want(l)}`),
    );
  }
  if (capacity === null) {
    return explained(
      wanted,
      null,
      unit.en,
      null,
      bi(
        (l) =>
          `${label[l]}${colon(l)}${network === true ? (l === 'fr' ? 'réseau présent, capacité inconnue' : 'network on site, capacity unknown') : l === 'fr' ? 'capacité inconnue' : 'capacity unknown'}, ${want(l)}${colon(l)}${TO_CONFIRM[l]}`,
      ),
    );
  }
  return explained(
    wanted,
    capacity,
    unit.en,
    wanted - capacity,
    bi((l) => {
      const [have, need] = fmtApart(capacity, wanted, l, 0);
      const short = fmtApart(wanted - capacity, 0, l, 0)[0];
      return `${label[l]}${colon(l)}${have} ${unit[l]} ${l === 'fr' ? 'disponibles pour' : 'available for'} ${need} ${unit[l]} ${l === 'fr' ? 'demandés' : 'needed'} (${l === 'fr' ? 'manque' : 'short by'} ${short} ${unit[l]})`;
    }),
  );
}

/**
 * A need knock-out on a daily volume (water, wastewater): at least the need, no network = a
 * failure; off when the need is 0 or not stated.
 */
export function dailyCapacityKnockout(
  need: 'waterM3PerDay' | 'wastewaterM3PerDay',
  spec: CapacitySpec,
  label: Bilingual,
  rule: Bilingual,
): KnockoutDef {
  return {
    key: need,
    kind: 'need',
    need,
    label,
    rule,
    source: null,
    condition: ({ needs }) => ((needs[need] ?? 0) > 0 ? capacityCondition(spec, needs[need] ?? 0) : null),
    explain: (site, { needs }) => explainCapacity(site, spec, needs[need] ?? 0),
  };
}
