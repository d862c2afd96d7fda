import type { MatchSite } from '../candidate.ts';
import { type Bilingual, bi } from '../format.ts';
import type { Needs } from '../needs.schema.ts';
import { type CriterionResult, colon, result, sep, t, UNKNOWN_SCORE } from './common.ts';
import { type CriterionSql, col } from './sql.ts';

/**
 * Factor per risk state; the criterion score is their product, so each risk can only lower it
 * and a ban (PPRI red, PPRT dark red) brings it to 0. Values are engineering judgements
 * (assumption) ordered as the rules (Code de l'environnement L.562-1 PPR, L.515-16 PPRT, L.414-4
 * Natura 2000): red = forbidden, blue = prescriptions, Natura 2000
 * inside = incidence assessment that may end in refusal.
 */
export const RISK_FACTORS = {
  ppriZone: { none: 1, blue: 0.6, red: 0 },
  pprtZone: { none: 1, blue: 0.6, light_red: 0.1, dark_red: 0 },
  natura2000: { none: 1, adjacent: 0.7, inside: 0.2 },
  soilPollution: { inexistante: 1, peu_probable: 0.9, supposee: 0.6, averee: 0.4 },
  sevesoNeighbour: { false: 1, true: 0.8 },
} as const;
/** Factor for an unknown regulatory risk (PPRI, PPRT, Natura 2000) / secondary one (soil, Seveso). */
export const UNKNOWN_RISK_FACTOR = { regulatory: 0.5, secondary: 0.8 } as const;

const ISSUE_TEXT: Record<string, Bilingual> = {
  'ppriZone:red': {
    fr: 'zone rouge PPRI (construction interdite)',
    en: 'PPRI red zone (building forbidden)',
  },
  'ppriZone:blue': {
    fr: 'zone bleue PPRI (prescriptions)',
    en: 'PPRI blue zone (building with prescriptions)',
  },
  'pprtZone:dark_red': { fr: 'zone rouge foncé PPRT (interdiction)', en: 'PPRT dark red zone (ban)' },
  'pprtZone:light_red': { fr: 'zone rouge clair PPRT (interdiction)', en: 'PPRT light red zone (ban)' },
  'pprtZone:blue': { fr: 'zone bleue PPRT (prescriptions)', en: 'PPRT blue zone (prescriptions)' },
  'natura2000:inside': {
    fr: 'dans un site Natura 2000 (évaluation des incidences, refus possible)',
    en: 'inside a Natura 2000 site (incidence assessment, refusal possible)',
  },
  'natura2000:adjacent': { fr: "en bordure d'un site Natura 2000", en: 'next to a Natura 2000 site' },
  'soilPollution:averee': {
    fr: 'pollution des sols avérée (dépollution à prévoir)',
    en: 'proven soil pollution (remediation needed)',
  },
  'soilPollution:supposee': {
    fr: 'pollution des sols supposée (diagnostic à prévoir)',
    en: 'suspected soil pollution (survey needed)',
  },
  'soilPollution:peu_probable': { fr: 'pollution des sols peu probable', en: 'soil pollution unlikely' },
  'sevesoNeighbour:true': { fr: "voisin d'un site Seveso", en: 'next to a Seveso site' },
};
const FIELD_LABEL: Record<keyof typeof RISK_FACTORS, Bilingual> = {
  ppriZone: { fr: 'PPRI', en: 'PPRI' },
  pprtZone: { fr: 'PPRT', en: 'PPRT' },
  natura2000: { fr: 'Natura 2000', en: 'Natura 2000' },
  soilPollution: { fr: 'sols', en: 'soil' },
  sevesoNeighbour: { fr: 'voisinage Seveso', en: 'Seveso neighbours' },
};
const REGULATORY = new Set(['ppriZone', 'pprtZone', 'natura2000']);

/**
 * Risks: product of the PPRI, PPRT, Natura 2000, soil pollution and Seveso-neighbour factors.
 * Known when the three regulatory ones are known. Example: PPRI blue, the rest clear → 0.6.
 */
export function risks(site: MatchSite, _needs: Needs): CriterionResult {
  const values = {
    ppriZone: site.ppriZone ?? null,
    pprtZone: site.pprtZone ?? null,
    natura2000: site.natura2000 ?? null,
    soilPollution: site.soilPollution ?? null,
    sevesoNeighbour: site.sevesoNeighbour ?? null,
  };
  let score = 1;
  const issues: Bilingual[] = [];
  const unknown: (keyof typeof RISK_FACTORS)[] = [];
  for (const key of Object.keys(RISK_FACTORS) as (keyof typeof RISK_FACTORS)[]) {
    const v = values[key];
    if (v === null) {
      unknown.push(key);
      score *= REGULATORY.has(key) ? UNKNOWN_RISK_FACTOR.regulatory : UNKNOWN_RISK_FACTOR.secondary;
      continue;
    }
    const factors = RISK_FACTORS[key] as Record<string, number>;
    score *= factors[String(v)] ?? 1;
    const issue = ISSUE_TEXT[`${key}:${String(v)}`];
    if (issue) issues.push(issue);
  }
  const knownCount = 5 - unknown.length;
  if (knownCount === 0) score = UNKNOWN_SCORE;
  const known = !unknown.some((k) => REGULATORY.has(k));
  const reason = bi((l) => {
    const parts: string[] = [];
    if (issues.length > 0) parts.push(issues.map((i) => i[l]).join(sep(l)));
    else if (knownCount > 0) {
      const clear = (Object.keys(RISK_FACTORS) as (keyof typeof RISK_FACTORS)[])
        .filter((k) => !unknown.includes(k))
        .map((k) => FIELD_LABEL[k][l]);
      parts.push(`${t(l, 'aucun risque relevé', 'no risk found')} (${clear.join(', ')})`);
    }
    if (unknown.length > 0) {
      parts.push(
        `${t(l, 'non renseigné (à confirmer)', 'unknown (to confirm)')}${colon(l)}${unknown.map((k) => FIELD_LABEL[k][l]).join(', ')}`,
      );
    }
    return parts.join(sep(l));
  });
  return result(score, values, known, reason, Math.round(Math.min(1, Math.max(0, score)) * 1e12) / 1e12);
}

/**
 * SQL form of `risks`: the score is derived once per site write into `site_match.risk_score`
 * (migration 0007, the same factors in the same order), so a match reads one column.
 */
export function risksSql(): CriterionSql {
  const score = col('risk_score');
  return { score, raw: score };
}
