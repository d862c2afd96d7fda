/**
 * The drive-time and labour-pool knock-outs (issue 11): `maxDriveMinutes.*`, the nearest
 * motorway access, rail freight point, port or airport within so many minutes on the road
 * graph (heavy-goods times for freight access, car times for an airport; an estimate from the
 * straight line where the graph does not cover the site), an on-site siding or quay counting as
 * 0 min; and `labourPool`, at least so many working people (INSEE active population aged 15–64)
 * living in communes whose centre is within 20, 30 or 45 minutes by car.
 */
import { driveOf, poolOf } from '../candidate.ts';
import { type Bilingual, bi, fmtApart, fmtNum } from '../format.ts';
import type { DistanceNeed } from '../needs.schema.ts';
import { poolAtLeast, withinMinutes } from './condition.ts';
import { ACCESS_LABEL, accessLimit, nearest, ON_SITE } from './distance.ts';
import { explained, type KnockoutDef, unknownText } from './types.ts';

/** Which vehicle the time is for, in words. */
export const PROFILE_TEXT: Record<DistanceNeed, Bilingual> = {
  motorway: { fr: 'poids lourd', en: 'by truck' },
  railFreight: { fr: 'poids lourd', en: 'by truck' },
  port: { fr: 'poids lourd', en: 'by truck' },
  airport: { fr: 'voiture', en: 'by car' },
};
export const METHOD_TEXT = {
  road: { fr: 'par la route', en: 'by road' },
  estimate: { fr: 'estimation à vol d’oiseau', en: 'straight-line estimate' },
} as const;

/** `fmtMinutes(12.34, 'fr')` → '12 min'; under 10 min, one decimal. */
export const fmtMinutes = (m: number, l: 'fr' | 'en') => `${fmtNum(m, l, m < 10 ? 1 : 0)} min`;

function maxDrive(d: DistanceNeed): KnockoutDef {
  const label = ACCESS_LABEL[d];
  return accessLimit(d, {
    key: `maxDriveMinutes.${d}`,
    label: { fr: `Temps de trajet ${label.fr}`, en: `Drive time to ${label.en}` },
    rule: {
      fr: `${nearest(label).fr} en moins du temps maximal par la route (${PROFILE_TEXT[d].fr} ; estimation à vol d'oiseau hors du réseau importé)${ON_SITE[d] ? ' ; un équipement sur site compte pour 0 min' : ''}.`,
      en: `${nearest(label).en} within the maximum drive time by road (${PROFILE_TEXT[d].en}; a straight-line estimate where no road network is imported)${ON_SITE[d] ? '; on-site equipment counts as 0 min' : ''}.`,
    },
    unit: 'min',
    limit: (needs) => needs.maxDriveMinutes[d],
    within: withinMinutes,
    unknown: { fr: 'temps de trajet inconnu', en: 'drive time unknown' },
    fmtLimit: fmtMinutes,
    measure: (site, kind, limit) => {
      const drive = driveOf(site, kind);
      if (!drive) return null;
      return {
        value: Math.round(drive.minutes * 10) / 10,
        gap: drive.minutes - limit,
        reason: bi((l) => {
          const [have, max] = fmtApart(drive.minutes, limit, l, drive.minutes < 10 ? 1 : 0);
          const how = `${PROFILE_TEXT[d][l]}, ${METHOD_TEXT[drive.method][l]}`;
          return l === 'fr'
            ? `${label[l]} à ${have} min (${how}) pour ${max} min max`
            : `${label[l]} ${have} min away (${how}), ${max} min max`;
        }),
      };
    },
  });
}

export const maxDriveMotorway = maxDrive('motorway');
export const maxDriveRailFreight = maxDrive('railFreight');
export const maxDrivePort = maxDrive('port');
export const maxDriveAirport = maxDrive('airport');

export const labourPool: KnockoutDef = {
  key: 'labourPool',
  kind: 'need',
  need: 'labourPool',
  label: { fr: 'Bassin d’emploi', en: 'Labour pool' },
  rule: {
    fr: "Au moins le nombre d'actifs demandé (population active de 15 à 64 ans, INSEE) dans les communes dont le centre est à moins de 20, 30 ou 45 min en voiture.",
    en: 'At least the stated number of working people (active population aged 15–64, INSEE) in the communes whose centre is within 20, 30 or 45 minutes by car.',
  },
  source: {
    title: 'INSEE, recensement de la population 2021 (population active de 15 à 64 ans)',
    url: 'https://www.insee.fr/fr/statistiques/7632867',
  },
  condition: ({ needs }) =>
    needs.labourPool ? poolAtLeast(needs.labourPool.minutes, needs.labourPool.minActive) : null,
  explain: (site, { needs }) => {
    const { minutes, minActive } = needs.labourPool ?? { minutes: 30 as const, minActive: 0 };
    const pool = poolOf(site, minutes);
    if (!pool) {
      const what = bi((l) =>
        l === 'fr' ? `bassin d'emploi à ${minutes} min inconnu` : `labour pool within ${minutes} min unknown`,
      );
      return explained(
        minActive,
        null,
        'people',
        null,
        unknownText(
          what,
          bi((l) => `min ${fmtNum(minActive, l, 0)}`),
        ),
      );
    }
    return explained(
      minActive,
      pool.active,
      'people',
      minActive - pool.active,
      bi((l) =>
        l === 'fr'
          ? `${fmtNum(pool.active, l, 0)} actifs à moins de ${minutes} min (${METHOD_TEXT[pool.method][l]}) pour ${fmtNum(minActive, l, 0)} demandés`
          : `${fmtNum(pool.active, l, 0)} working people within ${minutes} min (${METHOD_TEXT[pool.method][l]}), ${fmtNum(minActive, l, 0)} wanted`,
      ),
    );
  },
};
