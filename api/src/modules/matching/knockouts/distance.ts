/**
 * The distance knock-outs (`maxDistanceKm.*`): the nearest motorway access, rail freight point,
 * port or airport within the maximum (straight line, precomputed in `site_access`); an on-site
 * siding or quay counts as distance 0 for rail freight and port.
 */
import { type AccessKind, accessOf, type MatchSite } from '../candidate.ts';
import { type Bilingual, bi, fmtKm, fmtKmApart, type Lang } from '../format.ts';
import { DISTANCE_ACCESS, type DistanceNeed, type HardKey, type Needs } from '../needs.schema.ts';
import { anyOf, type Condition, isTrue, within } from './condition.ts';
import { explained, type KnockoutDef, unknownText } from './types.ts';

/** What each distance or drive-time need reaches, in words (shared by the drive-time rules). */
export const ACCESS_LABEL: Record<DistanceNeed, Bilingual> = {
  motorway: { fr: 'accès autoroutier', en: 'motorway access' },
  railFreight: { fr: 'fret ferroviaire', en: 'rail freight' },
  port: { fr: 'port', en: 'port' },
  airport: { fr: 'aéroport', en: 'airport' },
};
/** The on-site equipment that counts as distance (or time) 0. */
export const ON_SITE: Partial<Record<DistanceNeed, 'railSiding' | 'quay'>> = {
  railFreight: 'railSiding',
  port: 'quay',
};

/** A site's measure against an access limit: the value shown, its gap to the limit, the sentence. */
export interface AccessMeasure {
  value: number;
  gap: number;
  reason: Bilingual;
}

/**
 * A limit on the nearest access of a kind (`maxDistanceKm.*`, `maxDriveMinutes.*`): it passes
 * `within` the limit or with the on-site siding or quay; its explanation is the site's measure
 * against the limit, or "<unknown>, max <limit>: to confirm" when the site has none.
 */
export function accessLimit(
  d: DistanceNeed,
  spec: Pick<KnockoutDef, 'label' | 'rule'> & {
    key: HardKey;
    unit: 'km' | 'min';
    limit: (needs: Needs) => number | undefined;
    within: (kind: AccessKind, limit: number) => Condition;
    unknown: Bilingual;
    fmtLimit: (limit: number, l: Lang) => string;
    measure: (site: MatchSite, kind: AccessKind, limit: number) => AccessMeasure | null;
  },
): KnockoutDef {
  const kind = DISTANCE_ACCESS[d];
  const flag = ON_SITE[d];
  return {
    key: spec.key,
    kind: 'need',
    need: spec.key,
    label: spec.label,
    rule: spec.rule,
    source: null,
    condition: ({ needs }) => {
      const limit = spec.limit(needs);
      if (limit === undefined) return null;
      const c = spec.within(kind, limit);
      return flag ? anyOf(isTrue(flag), c) : c;
    },
    explain: (site, { needs }) => {
      const limit = spec.limit(needs) ?? 0;
      const m = spec.measure(site, kind, limit);
      if (!m) {
        const what = bi((l) => `${spec.unknown[l]} (${ACCESS_LABEL[d][l]})`);
        return explained(
          limit,
          null,
          spec.unit,
          null,
          unknownText(
            what,
            bi((l) => `max ${spec.fmtLimit(limit, l)}`),
          ),
        );
      }
      return explained(limit, m.value, spec.unit, m.gap, m.reason);
    },
  };
}

/** The rule's opening words: `nearest({ fr: 'port', … })` → 'Port le plus proche' / 'Nearest port'. */
export const nearest = (label: Bilingual): Bilingual => ({
  fr: `${label.fr[0].toUpperCase()}${label.fr.slice(1)} le plus proche`,
  en: `Nearest ${label.en}`,
});

function maxDistance(d: DistanceNeed): KnockoutDef {
  const label = ACCESS_LABEL[d];
  return accessLimit(d, {
    key: `maxDistanceKm.${d}`,
    label: { fr: `Distance ${label.fr}`, en: `Distance to ${label.en}` },
    rule: {
      fr: `${nearest(label).fr} à moins de la distance maximale (à vol d'oiseau)${ON_SITE[d] ? ' ; un équipement sur site compte pour 0 km' : ''}.`,
      en: `${nearest(label).en} within the maximum distance (straight line)${ON_SITE[d] ? '; on-site equipment counts as 0 km' : ''}.`,
    },
    unit: 'km',
    limit: (needs) => needs.maxDistanceKm[d],
    within,
    unknown: { fr: 'distance inconnue', en: 'distance unknown' },
    fmtLimit: (limit, l) => fmtKm(limit * 1000, l),
    measure: (site, kind, limit) => {
      const acc = accessOf(site, kind);
      if (!acc) return null;
      const km = acc.distanceM / 1000;
      return {
        value: Math.round(km * 1000) / 1000,
        gap: km - limit,
        reason: bi((l) => {
          const [have, max] = fmtKmApart(acc.distanceM, limit * 1000, l);
          return l === 'fr' ? `${label[l]} à ${have} pour ${max} max` : `${label[l]} at ${have}, ${max} max`;
        }),
      };
    },
  });
}

export const maxMotorway = maxDistance('motorway');
export const maxRailFreight = maxDistance('railFreight');
export const maxPort = maxDistance('port');
export const maxAirport = maxDistance('airport');
