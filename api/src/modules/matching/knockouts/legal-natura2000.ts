import { notKnownAs } from './condition.ts';
import { explained, type KnockoutDef } from './types.ts';

/**
 * Natura 2000: inside a site, a project subject to authorisation (ICPE regime A) or Seveso
 * cannot be authorised when its incidence assessment cannot rule out significant harm to the
 * site (Code de l'environnement, art. L414-4 VI; only "imperative reasons of overriding public
 * interest" lift it, VII): for a new plant of that size the perimeter forbids the project, so it
 * is a legal knock-out for those projects. Lighter projects stay candidates (incidence
 * assessment; the risks criterion lowers them); `excludeRisks: ['natura2000']` excludes them too.
 */
export const legalNatura2000: KnockoutDef = {
  key: 'legal.natura2000',
  kind: 'legal',
  label: { fr: 'Site Natura 2000', en: 'Natura 2000 site' },
  rule: {
    fr: "Dans un site Natura 2000, un projet soumis à autorisation ICPE ou Seveso ne peut être autorisé si l'évaluation des incidences n'exclut pas une atteinte significative.",
    en: 'Inside a Natura 2000 site, a project under ICPE authorisation or Seveso cannot be authorised unless its incidence assessment rules out significant harm.',
  },
  source: {
    title: "Code de l'environnement, art. L414-4",
    url: 'https://www.legifrance.gouv.fr/codes/texte_lc/LEGITEXT000006074220',
  },
  condition: ({ needs }) => {
    const significant =
      needs.icpeRegime === 'A' || needs.sevesoTier === 'lower' || needs.sevesoTier === 'upper';
    // Unknown passes: the ban applies to a site known to be inside.
    return significant ? notKnownAs('natura2000', ['inside']) : null;
  },
  explain: (_site, { needs }) =>
    explained('not inside', 'inside', null, null, {
      fr: `dans un site Natura 2000 : projet ${needs.sevesoTier === 'lower' || needs.sevesoTier === 'upper' ? 'Seveso' : 'soumis à autorisation ICPE'} non autorisable sans exclure une atteinte significative (interdiction légale)`,
      en: `inside a Natura 2000 site: ${needs.sevesoTier === 'lower' || needs.sevesoTier === 'upper' ? 'a Seveso' : 'an ICPE-authorisation'} project cannot be authorised unless significant harm is ruled out (legal ban)`,
    }),
};
