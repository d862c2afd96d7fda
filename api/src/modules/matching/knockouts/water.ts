import { dailyCapacityKnockout } from './capacity.ts';

/** Water: a stated capacity of at least the daily need (a preference unless listed in `hard`). */
export const water = dailyCapacityKnockout(
  'waterM3PerDay',
  {
    network: 'drinkingWater',
    capacity: 'waterM3PerDay',
    unit: { fr: 'm³/j', en: 'm³/day' },
    label: { fr: 'eau', en: 'water' },
  },
  { fr: 'Eau', en: 'Water' },
  {
    fr: "Capacité d'eau au moins égale au besoin journalier ; pas de réseau = échec.",
    en: 'Water capacity of at least the daily need; no network = a failure.',
  },
);
