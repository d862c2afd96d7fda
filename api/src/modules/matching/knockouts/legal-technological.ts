import { notKnownAs } from './condition.ts';
import { explained, type KnockoutDef } from './types.ts';

/**
 * PPRT dark red and light red zones: the technological-risk prevention plan forbids new
 * buildings there (dark red: strict ban; light red: ban with narrow exceptions for the
 * activities that cause the risk), Code de l'environnement, art. L515-16. Blue zones carry
 * prescriptions only.
 */
export const legalTechnological: KnockoutDef = {
  key: 'legal.pprt_red',
  kind: 'legal',
  inBannedFlag: true,
  label: { fr: 'Zone rouge PPRT', en: 'PPRT red zone' },
  rule: {
    fr: 'Zone rouge foncé ou rouge clair du plan de prévention des risques technologiques : construction nouvelle interdite.',
    en: 'Dark red or light red zone of the technological-risk prevention plan (PPRT): new buildings are forbidden.',
  },
  source: {
    title: "Code de l'environnement, art. L515-16",
    url: 'https://www.legifrance.gouv.fr/codes/texte_lc/LEGITEXT000006074220',
  },
  condition: () => notKnownAs('pprtZone', ['light_red', 'dark_red']),
  explain: (site) => {
    const dark = site.pprtZone === 'dark_red';
    return explained('not red', site.pprtZone ?? null, null, null, {
      fr: `zone ${dark ? 'rouge foncé' : 'rouge clair'} PPRT : construction interdite (interdiction légale)`,
      en: `PPRT ${dark ? 'dark' : 'light'} red zone: building forbidden (legal ban)`,
    });
  },
};
