import { type CapacitySpec, capacityCondition, explainCapacity } from './capacity.ts';
import type { KnockoutDef } from './types.ts';

const SPEC: CapacitySpec = {
  network: 'sewerage',
  capacity: 'wastewaterM3PerDay',
  unit: { fr: 'm³/j', en: 'm³/day' },
  label: { fr: 'eaux usées', en: 'wastewater' },
};

/** Wastewater: a stated treatment capacity of at least the daily need. */
export const wastewater: KnockoutDef = {
  key: 'wastewaterM3PerDay',
  kind: 'need',
  need: 'wastewaterM3PerDay',
  label: { fr: 'Eaux usées', en: 'Wastewater' },
  rule: {
    fr: "Capacité d'assainissement au moins égale au rejet journalier ; pas de réseau = échec.",
    en: 'Wastewater capacity of at least the daily discharge; no network = a failure.',
  },
  source: null,
  condition: ({ needs }) =>
    (needs.wastewaterM3PerDay ?? 0) > 0 ? capacityCondition(SPEC, needs.wastewaterM3PerDay ?? 0) : null,
  explain: (site, { needs }) => explainCapacity(site, SPEC, needs.wastewaterM3PerDay ?? 0),
};
