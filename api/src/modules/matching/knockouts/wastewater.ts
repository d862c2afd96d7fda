import { dailyCapacityKnockout } from './capacity.ts';

/** Wastewater: a stated treatment capacity of at least the daily need. */
export const wastewater = dailyCapacityKnockout(
  'wastewaterM3PerDay',
  {
    network: 'sewerage',
    capacity: 'wastewaterM3PerDay',
    unit: { fr: 'm³/j', en: 'm³/day' },
    label: { fr: 'eaux usées', en: 'wastewater' },
  },
  { fr: 'Eaux usées', en: 'Wastewater' },
  {
    fr: "Capacité d'assainissement au moins égale au rejet journalier ; pas de réseau = échec.",
    en: 'Wastewater capacity of at least the daily discharge; no network = a failure.',
  },
);
