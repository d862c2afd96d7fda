import { oneOf } from './condition.ts';
import { explained, type KnockoutDef, unknownText } from './types.ts';

/** PLU zone types a plant may go in: U, AUc, and AUs with a PLU change (a warning, not a knock-out). */
export const BUILDABLE_PLU_ZONES = ['U', 'AUc', 'AUs'];

/**
 * The site's PLU zone must be stated and buildable (U or AU). Zones A and N are a legal ban
 * (legal-plu.ts) whatever the request says; this knock-out adds "zoning unknown → to confirm",
 * which a request may relax.
 */
export const zoning: KnockoutDef = {
  key: 'zoning',
  kind: 'need',
  need: 'zoning',
  label: { fr: 'Zonage PLU', en: 'PLU zoning' },
  rule: {
    fr: 'Zone du PLU connue et constructible (U ou AU).',
    en: 'PLU zone known and buildable (U or AU).',
  },
  source: null,
  condition: () => oneOf('pluZone', BUILDABLE_PLU_ZONES),
  explain: (site) =>
    explained(
      BUILDABLE_PLU_ZONES.join('/'),
      site.pluZone ?? null,
      null,
      null,
      site.pluZone
        ? {
            fr: `zone ${site.pluZone} du PLU : non constructible pour une usine`,
            en: `PLU zone ${site.pluZone}: not buildable for a plant`,
          }
        : unknownText(
            { fr: 'zonage PLU non renseigné', en: 'PLU zoning not stated' },
            { fr: 'zone U ou AU requise', en: 'zone U or AU required' },
          ),
    ),
};
