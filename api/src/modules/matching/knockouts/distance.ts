/**
 * The distance knock-outs (`maxDistanceKm.*`): the nearest motorway access, rail freight point,
 * port or airport within the maximum (straight line, precomputed in `site_access`); an on-site
 * siding or quay counts as distance 0 for rail freight and port.
 */
import { accessOf } from '../candidate.ts';
import { type Bilingual, bi, colon, fmtKm, fmtKmApart } from '../format.ts';
import type { DistanceNeed } from '../needs.schema.ts';
import { DISTANCE_ACCESS } from '../needs.schema.ts';
import { anyOf, isTrue, within } from './condition.ts';
import { explained, type KnockoutDef, TO_CONFIRM } from './types.ts';

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

function maxDistance(d: DistanceNeed): KnockoutDef {
  const key = `maxDistanceKm.${d}` as const;
  const label = ACCESS_LABEL[d];
  return {
    key,
    kind: 'need',
    need: key,
    label: { fr: `Distance ${label.fr}`, en: `Distance to ${label.en}` },
    rule: {
      fr: `${label.fr[0].toUpperCase()}${label.fr.slice(1)} le plus proche à moins de la distance maximale (à vol d'oiseau)${ON_SITE[d] ? ' ; un équipement sur site compte pour 0 km' : ''}.`,
      en: `Nearest ${label.en} within the maximum distance (straight line)${ON_SITE[d] ? '; on-site equipment counts as 0 km' : ''}.`,
    },
    source: null,
    condition: ({ needs }) => {
      const km = needs.maxDistanceKm[d];
      if (km === undefined) return null;
      const c = within(DISTANCE_ACCESS[d], km);
      const flag = ON_SITE[d];
      return flag ? anyOf(isTrue(flag), c) : c;
    },
    explain: (site, { needs }) => {
      const limit = needs.maxDistanceKm[d] ?? 0;
      const acc = accessOf(site, DISTANCE_ACCESS[d]);
      if (!acc) {
        return explained(
          limit,
          null,
          'km',
          null,
          bi(
            (l) =>
              `${l === 'fr' ? 'distance inconnue' : 'distance unknown'} (${label[l]}), max ${fmtKm(limit * 1000, l)}${colon(l)}${TO_CONFIRM[l]}`,
          ),
        );
      }
      const km = acc.distanceM / 1000;
      return explained(
        limit,
        Math.round(km * 1000) / 1000,
        'km',
        km - limit,
        bi((l) => {
          const [have, max] = fmtKmApart(acc.distanceM, limit * 1000, l);
          return l === 'fr' ? `${label[l]} à ${have} pour ${max} max` : `${label[l]} at ${have}, ${max} max`;
        }),
      );
    },
  };
}

export const maxMotorway = maxDistance('motorway');
export const maxRailFreight = maxDistance('railFreight');
export const maxPort = maxDistance('port');
export const maxAirport = maxDistance('airport');
