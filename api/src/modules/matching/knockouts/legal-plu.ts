/**
 * The local urban plan (PLU) decides what may be built where (Code de l'urbanisme, art.
 * L151-9: the regulation delimits urban, to-be-urbanised, agricultural and natural zones and
 * may forbid destinations in each; R151-27/28 list the destinations, "industrie" among them).
 * Two legal knock-outs read it:
 * - zone A (agricultural) or N (natural): no plant;
 * - an urban zone whose dominant destination (CNIG PLU standard, DESTDOMI) is housing (01),
 *   leisure and tourism (04), public facilities (05), farming (07), natural (08), remarkable
 *   (09) or a quarry (10): the zone is not for industry (a UA/UB housing zone, not a UI/UX one).
 *   Mixed housing/activity (03) stays a candidate with a lower zoning score; 00/99 and an
 *   unstated destination pass (to check in the regulation).
 */
import type { Bilingual } from '../format.ts';
import { notKnownAs } from './condition.ts';
import { explained, type KnockoutDef } from './types.ts';

const PLU_SOURCE = {
  title: "Code de l'urbanisme, art. L151-9 et R151-27 à R151-29",
  url: 'https://www.legifrance.gouv.fr/codes/texte_lc/LEGITEXT000006074075',
};

export const legalPluZone: KnockoutDef = {
  key: 'legal.plu_zone',
  kind: 'legal',
  inBannedFlag: true,
  label: { fr: 'Zone A ou N du PLU', en: 'PLU zone A or N' },
  rule: {
    fr: 'Zone agricole (A) ou naturelle (N) du PLU : implantation industrielle interdite.',
    en: 'Agricultural (A) or natural (N) zone of the local plan (PLU): no plant allowed.',
  },
  source: PLU_SOURCE,
  condition: () => notKnownAs('pluZone', ['A', 'N']),
  explain: (site) => {
    const z = site.pluZone ?? null;
    return explained('U/AU', z, null, null, {
      fr: `zone ${z} du PLU (${z === 'A' ? 'agricole' : 'naturelle'}) : implantation industrielle interdite (interdiction légale)`,
      en: `PLU zone ${z} (${z === 'A' ? 'agricultural' : 'natural'}): no plant allowed (legal ban)`,
    });
  },
};

/** Destinations (CNIG DESTDOMI) that exclude industry. */
export const NON_INDUSTRIAL_DESTINATIONS = ['01', '04', '05', '07', '08', '09', '10'] as const;

export const PLU_DESTINATION_LABEL: Record<string, Bilingual> = {
  '00': { fr: 'destination non définie', en: 'destination not set' },
  '01': { fr: 'habitat', en: 'housing' },
  '02': { fr: 'activité économique', en: 'economic activity' },
  '03': { fr: 'mixte habitat/activité', en: 'mixed housing/activity' },
  '04': { fr: 'loisirs et tourisme', en: 'leisure and tourism' },
  '05': { fr: 'équipement', en: 'public facilities' },
  '07': { fr: 'activités agricoles', en: 'farming' },
  '08': { fr: 'espace naturel', en: 'natural area' },
  '09': { fr: 'espace remarquable', en: 'remarkable area' },
  '10': { fr: 'secteur de carrière', en: 'quarry' },
  '99': { fr: 'autre destination', en: 'other destination' },
};

export const legalPluDestination: KnockoutDef = {
  key: 'legal.plu_destination',
  kind: 'legal',
  inBannedFlag: true,
  label: { fr: 'Destination de la zone PLU', en: 'PLU zone destination' },
  rule: {
    fr: "Zone du PLU dont la destination dominante n'est pas l'activité (habitat, loisirs, équipement, agricole, naturel, carrière) : industrie interdite.",
    en: 'PLU zone whose dominant destination is not economic activity (housing, leisure, facilities, farming, natural, quarry): no industry.',
  },
  source: PLU_SOURCE,
  condition: () => notKnownAs('pluDestination', NON_INDUSTRIAL_DESTINATIONS),
  explain: (site) => {
    const d = site.pluDestination ?? '';
    const label = PLU_DESTINATION_LABEL[d] ?? { fr: d, en: d };
    const zone = site.pluZoneLabel ? ` ${site.pluZoneLabel}` : '';
    return explained('02', d, null, null, {
      fr: `zone${zone} du PLU à destination ${label.fr} (${d}) : industrie interdite (interdiction légale)`,
      en: `PLU zone${zone} for ${label.en} (${d}): no industry (legal ban)`,
    });
  },
};
