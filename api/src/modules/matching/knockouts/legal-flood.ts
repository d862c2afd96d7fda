import { notKnownAs } from './condition.ts';
import { explained, type KnockoutDef } from './types.ts';

/**
 * PPRI red zone: the flood-risk prevention plan forbids new buildings there (Code de
 * l'environnement, art. L562-1: the plan delimits zones where "tout type de construction"
 * may be forbidden; the red zone is that ban). Blue zones allow building with prescriptions
 * (the risks criterion lowers their score; a project may exclude them with `excludeRisks`).
 */
export const legalFlood: KnockoutDef = {
  key: 'legal.ppri_red',
  kind: 'legal',
  inBannedFlag: true,
  label: { fr: 'Zone rouge PPRI', en: 'PPRI red zone' },
  rule: {
    fr: 'Zone rouge du plan de prévention du risque inondation : construction nouvelle interdite.',
    en: 'Red zone of the flood-risk prevention plan (PPRI): new buildings are forbidden.',
  },
  source: {
    title: "Code de l'environnement, art. L562-1",
    url: 'https://www.legifrance.gouv.fr/codes/article_lc/LEGIARTI000006834573',
  },
  condition: () => notKnownAs('ppriZone', ['red']),
  explain: () =>
    explained('not red', 'red', null, null, {
      fr: 'zone rouge PPRI : construction interdite (interdiction légale)',
      en: 'PPRI red zone: building forbidden (legal ban)',
    }),
};
