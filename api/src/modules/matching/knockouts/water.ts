import { type CapacitySpec, capacityCondition, explainCapacity } from './capacity.ts';
import type { KnockoutDef } from './types.ts';

const SPEC: CapacitySpec = {
  network: 'drinkingWater',
  capacity: 'waterM3PerDay',
  unit: { fr: 'm³/j', en: 'm³/day' },
  label: { fr: 'eau', en: 'water' },
};

/** Water: a stated capacity of at least the daily need (a preference unless listed in `hard`). */
export const water: KnockoutDef = {
  key: 'waterM3PerDay',
  kind: 'need',
  need: 'waterM3PerDay',
  label: { fr: 'Eau', en: 'Water' },
  rule: {
    fr: "Capacité d'eau au moins égale au besoin journalier ; pas de réseau = échec.",
    en: 'Water capacity of at least the daily need; no network = a failure.',
  },
  source: null,
  condition: ({ needs }) =>
    (needs.waterM3PerDay ?? 0) > 0 ? capacityCondition(SPEC, needs.waterM3PerDay ?? 0) : null,
  explain: (site, { needs }) => explainCapacity(site, SPEC, needs.waterM3PerDay ?? 0),
};
