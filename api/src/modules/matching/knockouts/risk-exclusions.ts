/**
 * Risks a project may exclude on top of the legal bans (`excludeRisks`): blue zones, a Seveso
 * neighbour, proven soil pollution for sensitive uses (food, medical), a site next to or inside
 * Natura 2000. A requested exclusion fails on unknown data ("to confirm"), unlike a legal ban.
 * `ppri_red` and `pprt` are legal bans already; as requests they add "unknown → to confirm".
 */

import type { MatchSite } from '../candidate.ts';
import type { Bilingual } from '../format.ts';
import type { RiskExclusion } from '../needs.schema.ts';
import { type Condition, isFalse, noneOf } from './condition.ts';
import { explained, type KnockoutDef, unknownText } from './types.ts';

interface RiskSpec {
  field: 'ppriZone' | 'pprtZone' | 'natura2000' | 'sevesoNeighbour' | 'soilPollution';
  condition: () => Condition;
  label: Bilingual;
  /** Text of the state that fails, from the site. */
  failing: (site: MatchSite) => Bilingual;
  notStated: Bilingual;
}

const SPECS: Record<RiskExclusion, RiskSpec> = {
  ppri_red: {
    field: 'ppriZone',
    condition: () => noneOf('ppriZone', ['red']),
    label: { fr: 'Zone rouge PPRI', en: 'PPRI red zone' },
    failing: () => ({
      fr: 'zone rouge PPRI (construction interdite)',
      en: 'PPRI red zone (building forbidden)',
    }),
    notStated: { fr: 'zonage PPRI non renseigné', en: 'PPRI zoning not stated' },
  },
  ppri_blue: {
    field: 'ppriZone',
    condition: () => noneOf('ppriZone', ['blue', 'red']),
    label: { fr: 'Zone PPRI (bleue ou rouge)', en: 'PPRI zone (blue or red)' },
    failing: (s) =>
      s.ppriZone === 'red'
        ? { fr: 'zone rouge PPRI', en: 'PPRI red zone' }
        : { fr: 'zone bleue PPRI (prescriptions)', en: 'PPRI blue zone (prescriptions)' },
    notStated: { fr: 'zonage PPRI non renseigné', en: 'PPRI zoning not stated' },
  },
  pprt: {
    field: 'pprtZone',
    condition: () => noneOf('pprtZone', ['light_red', 'dark_red']),
    label: { fr: 'Zone rouge PPRT', en: 'PPRT red zone' },
    failing: (s) =>
      s.pprtZone === 'dark_red'
        ? { fr: 'zone rouge foncé PPRT (interdiction)', en: 'PPRT dark red zone (ban)' }
        : { fr: 'zone rouge clair PPRT (interdiction)', en: 'PPRT light red zone (ban)' },
    notStated: { fr: 'zonage PPRT non renseigné', en: 'PPRT zoning not stated' },
  },
  pprt_blue: {
    field: 'pprtZone',
    condition: () => noneOf('pprtZone', ['blue', 'light_red', 'dark_red']),
    label: { fr: 'Zone PPRT (bleue ou rouge)', en: 'PPRT zone (blue or red)' },
    failing: (s) =>
      s.pprtZone === 'blue'
        ? { fr: 'zone bleue PPRT (prescriptions)', en: 'PPRT blue zone (prescriptions)' }
        : { fr: 'zone rouge PPRT', en: 'PPRT red zone' },
    notStated: { fr: 'zonage PPRT non renseigné', en: 'PPRT zoning not stated' },
  },
  natura2000: {
    field: 'natura2000',
    condition: () => noneOf('natura2000', ['inside']),
    label: { fr: 'Dans un site Natura 2000', en: 'Inside a Natura 2000 site' },
    failing: () => ({ fr: 'dans un site Natura 2000', en: 'inside a Natura 2000 site' }),
    notStated: { fr: 'situation Natura 2000 non renseignée', en: 'Natura 2000 status not stated' },
  },
  natura2000_adjacent: {
    field: 'natura2000',
    condition: () => noneOf('natura2000', ['adjacent', 'inside']),
    label: { fr: 'Natura 2000 (dans ou en bordure)', en: 'Natura 2000 (inside or next to)' },
    failing: (s) =>
      s.natura2000 === 'inside'
        ? { fr: 'dans un site Natura 2000', en: 'inside a Natura 2000 site' }
        : { fr: "en bordure d'un site Natura 2000", en: 'next to a Natura 2000 site' },
    notStated: { fr: 'situation Natura 2000 non renseignée', en: 'Natura 2000 status not stated' },
  },
  seveso_neighbour: {
    field: 'sevesoNeighbour',
    condition: () => isFalse('sevesoNeighbour'),
    label: { fr: 'Voisin Seveso', en: 'Seveso neighbour' },
    failing: () => ({ fr: "voisin d'un site Seveso", en: 'next to a Seveso site' }),
    notStated: { fr: 'voisinage Seveso non renseigné', en: 'Seveso neighbours not stated' },
  },
  soil_pollution: {
    field: 'soilPollution',
    condition: () => noneOf('soilPollution', ['averee']),
    label: { fr: 'Pollution des sols avérée', en: 'Proven soil pollution' },
    failing: () => ({ fr: 'pollution des sols avérée', en: 'proven soil pollution' }),
    notStated: { fr: 'état des sols non renseigné', en: 'soil status not stated' },
  },
};

function exclusion(risk: RiskExclusion): KnockoutDef {
  const spec = SPECS[risk];
  return {
    key: `excludeRisks.${risk}`,
    kind: 'need',
    need: 'excludeRisks',
    label: spec.label,
    rule: {
      fr: `Exclu à la demande du projet : ${spec.label.fr.toLowerCase()} (une donnée manquante est à confirmer).`,
      en: `Excluded at the project's request: ${spec.label.en.toLowerCase()} (missing data is to confirm).`,
    },
    source: null,
    condition: ({ needs }) => (needs.excludeRisks.includes(risk) ? spec.condition() : null),
    explain: (site) => {
      const v = site[spec.field] ?? null;
      return explained(
        `not ${risk}`,
        v as string | boolean | null,
        null,
        null,
        v === null
          ? unknownText(spec.notStated, {
              fr: 'risque exclu par le projet',
              en: 'risk excluded by the project',
            })
          : {
              fr: `${spec.failing(site).fr}, exclu par le projet`,
              en: `${spec.failing(site).en}, excluded by the project`,
            },
      );
    },
  };
}

export const RISK_EXCLUSION_KNOCKOUTS: readonly KnockoutDef[] = (Object.keys(SPECS) as RiskExclusion[]).map(
  exclusion,
);
