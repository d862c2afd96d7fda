/**
 * Electrical feasibility: which voltage level a power need
 * requires, whether the site's stated on-site capacity covers it, and otherwise which substation
 * a new connection would come from and roughly how long it takes.
 *
 * Assumptions (configurable through ElectricalConfig, stated in every reason):
 * - Level thresholds follow the production limits of the arrêté of 23 April 2008, used for
 *   consumption by default (an assumption): ≤ 0.25 MW LV, ≤ 12 MW HTA, ≤ 50 MW HTB1 (63/90 kV),
 *   ≤ 250 MW HTB2 (225 kV), above HTB3 (400 kV).
 * - An HTA connection is fed from a "poste source" (HTB/HTA substation); we take the nearest
 *   substation of at least 63 kV (`substation_63kv`) as its proxy.
 * - New HTB connection: 29 months, the RTE 2024 average for consumers (CRE délibération
 *   2025-130), plus 1 month per km of new line beyond the first 5 km (engineering assumption:
 *   the average already covers short links; longer ones add line works and permits).
 * - New HTA connection: 12 months + 0.5 month per km beyond 5 km; LV on a plot without a
 *   stated supply: 6 months. On-site capacity without a stated delay: 6 months. (assumptions)
 * - RTE open data has no free capacity: only the operator's statement (`powerAvailableMw`,
 *   dated `powerStatementDate`) says a site is covered.
 */
import { type AccessKind, accessOf, type MatchSite } from '../../candidate.ts';
import { type Bilingual, bi, colon, fmtKm, fmtMonths, fmtNum, type Lang, sep } from '../../format.ts';

export const VOLTAGE_LEVELS = ['LV', 'HTA', 'HTB1', 'HTB2', 'HTB3'] as const;
export type VoltageLevel = (typeof VOLTAGE_LEVELS)[number];

export interface ConnectionDelayRule {
  baseMonths: number;
  /** Line length the base delay already covers. */
  includedKm: number;
  monthsPerKm: number;
}

export interface ElectricalConfig {
  /** Largest need (MW, inclusive) served at each level; above `HTB2` → HTB3. */
  maxMw: { LV: number; HTA: number; HTB1: number; HTB2: number };
  /** Delay assumed when the site has the capacity but states no delay. */
  onSiteDefaultMonths: number;
  newConnection: Record<VoltageLevel, ConnectionDelayRule>;
}

export const RTE_AVERAGE_CONSUMER_DELAY_MONTHS = 29;

export const DEFAULT_ELECTRICAL_CONFIG: ElectricalConfig = {
  maxMw: { LV: 0.25, HTA: 12, HTB1: 50, HTB2: 250 },
  onSiteDefaultMonths: 6,
  newConnection: {
    LV: { baseMonths: 6, includedKm: 0, monthsPerKm: 0 },
    HTA: { baseMonths: 12, includedKm: 5, monthsPerKm: 0.5 },
    HTB1: { baseMonths: RTE_AVERAGE_CONSUMER_DELAY_MONTHS, includedKm: 5, monthsPerKm: 1 },
    HTB2: { baseMonths: RTE_AVERAGE_CONSUMER_DELAY_MONTHS, includedKm: 5, monthsPerKm: 1 },
    HTB3: { baseMonths: RTE_AVERAGE_CONSUMER_DELAY_MONTHS, includedKm: 5, monthsPerKm: 1 },
  },
};

const LEVEL_LABEL: Record<VoltageLevel, Bilingual> = {
  LV: { fr: 'basse tension (≤ 1 kV)', en: 'low voltage (≤ 1 kV)' },
  HTA: { fr: 'HTA (20 kV)', en: 'HTA (20 kV)' },
  HTB1: { fr: 'HTB1 (63/90 kV)', en: 'HTB1 (63/90 kV)' },
  HTB2: { fr: 'HTB2 (225 kV)', en: 'HTB2 (225 kV)' },
  HTB3: { fr: 'HTB3 (400 kV)', en: 'HTB3 (400 kV)' },
};

const SUBSTATION_KIND: Record<VoltageLevel, AccessKind | null> = {
  LV: null,
  HTA: 'substation_63kv',
  HTB1: 'substation_63kv',
  HTB2: 'substation_225kv',
  HTB3: 'substation_400kv',
};

const SUBSTATION_LABEL: Record<string, Bilingual> = {
  substation_63kv: { fr: 'poste ≥ 63 kV', en: '≥ 63 kV substation' },
  substation_225kv: { fr: 'poste ≥ 225 kV', en: '≥ 225 kV substation' },
  substation_400kv: { fr: 'poste 400 kV', en: '400 kV substation' },
};

/** Voltage level a need requires: `requiredVoltageLevel(12)` → 'HTA', `requiredVoltageLevel(60)` → 'HTB2'. */
export function requiredVoltageLevel(
  powerMw: number,
  config: ElectricalConfig = DEFAULT_ELECTRICAL_CONFIG,
): VoltageLevel {
  const t = config.maxMw;
  if (powerMw <= t.LV) return 'LV';
  if (powerMw <= t.HTA) return 'HTA';
  if (powerMw <= t.HTB1) return 'HTB1';
  if (powerMw <= t.HTB2) return 'HTB2';
  return 'HTB3';
}

/** Human label of a level: `voltageLevelLabel('HTB2', 'fr')` → 'HTB2 (225 kV)'. */
export function voltageLevelLabel(level: VoltageLevel, lang: Lang): string {
  return LEVEL_LABEL[level][lang];
}

/** Access kind whose nearest substation a new connection at this level comes from (null for LV). */
export function substationKindFor(level: VoltageLevel): AccessKind | null {
  return SUBSTATION_KIND[level];
}

/**
 * Months for a new connection at a level over a distance, rounded up:
 * `estimateNewConnectionMonths('HTB2', 18)` → 29 + 13 = 42.
 */
export function estimateNewConnectionMonths(
  level: VoltageLevel,
  distanceKm: number,
  config: ElectricalConfig = DEFAULT_ELECTRICAL_CONFIG,
): number {
  const r = config.newConnection[level];
  return Math.ceil(r.baseMonths + Math.max(0, distanceKm - r.includedKm) * r.monthsPerKm - 1e-9);
}

/**
 * Farthest substation (km) from which a new connection fits in `months`, or null when even a
 * short one does not: `maxSubstationKmForDelay('HTB2', 36)` → 12; `('HTB2', 24)` → null.
 * The hard-constraint stage uses it to accept "no capacity yet, but connectable within the
 * ramp-up"; Infinity when the rule has no distance term.
 */
export function maxSubstationKmForDelay(
  level: VoltageLevel,
  months: number,
  config: ElectricalConfig = DEFAULT_ELECTRICAL_CONFIG,
): number | null {
  const r = config.newConnection[level];
  if (months < r.baseMonths) return null;
  if (r.monthsPerKm === 0) return Number.POSITIVE_INFINITY;
  return r.includedKm + (months - r.baseMonths) / r.monthsPerKm;
}

export interface PowerAssessment {
  needMw: number;
  level: VoltageLevel;
  availableMw: number | null;
  /** null when the site states no capacity. */
  coveredOnSite: boolean | null;
  /** The substation a new connection would come from (when one is needed and known). */
  substation: { kind: AccessKind; name: string | null; distanceKm: number } | null;
  route: 'on_site' | 'new_connection';
  /** Estimated months until the power is there; null when nothing allows an estimate. */
  months: number | null;
  monthsBasis: 'stated' | 'assumed_on_site' | 'estimated_new_connection' | null;
  /** Whether `months` fits within the project's ramp-up (null when either is unknown). */
  meetsRampUp: boolean | null;
  /** Capacity known, and if a connection is needed, its substation known. */
  known: boolean;
  reason: Bilingual;
}

/**
 * Whether a site can power a need, and how long it would take.
 * Example: a site stating 7.5 MW for a 12 MW need, with a ≥ 63 kV substation 4.2 km away →
 * `{ level: 'HTA', coveredOnSite: false, route: 'new_connection', months: 12, … }`.
 */
export function assessPower(
  site: MatchSite,
  needMw: number,
  rampUpMonths?: number,
  config: ElectricalConfig = DEFAULT_ELECTRICAL_CONFIG,
): PowerAssessment {
  const level = requiredVoltageLevel(needMw, config);
  const availableMw = site.powerAvailableMw ?? null;
  // A small LV need is served by any plot on the grid even without a stated capacity.
  const lvOnGrid = level === 'LV' && site.electricity === true;
  const coveredOnSite = availableMw !== null ? availableMw >= needMw || lvOnGrid : lvOnGrid ? true : null;

  if (coveredOnSite === true) {
    const stated = site.powerConnectionDelayMonths ?? null;
    const months = stated ?? config.onSiteDefaultMonths;
    const meetsRampUp = rampUpMonths === undefined ? null : months <= rampUpMonths;
    const reason = bi((l) => {
      const have =
        availableMw !== null
          ? l === 'fr'
            ? `${fmtNum(availableMw, l)} MW disponibles sur site, ${fmtNum(needMw, l)} MW demandés`
            : `${fmtNum(availableMw, l)} MW available on site, ${fmtNum(needMw, l)} MW needed`
          : l === 'fr'
            ? `site raccordé au réseau, ${fmtNum(needMw, l)} MW demandés`
            : `site on the grid, ${fmtNum(needMw, l)} MW needed`;
      const delay =
        stated !== null
          ? l === 'fr'
            ? `délai annoncé ${fmtMonths(stated, l)}`
            : `stated delay ${fmtMonths(stated, l)}`
          : l === 'fr'
            ? `délai non précisé, ${fmtMonths(months, l)} supposés`
            : `no stated delay, ${fmtMonths(months, l)} assumed`;
      return `${have}, ${l === 'fr' ? `niveau ${voltageLevelLabel(level, l)}` : `${voltageLevelLabel(level, l)} level`}${sep(l)}${delay}${rampUpNote(months, rampUpMonths, l)}`;
    });
    return {
      needMw,
      level,
      availableMw,
      coveredOnSite: true,
      substation: null,
      route: 'on_site',
      months,
      monthsBasis: stated !== null ? 'stated' : 'assumed_on_site',
      meetsRampUp,
      known: true,
      reason,
    };
  }

  const kind = substationKindFor(level);
  const access = kind ? accessOf(site, kind) : null;
  const substation = kind && access ? { kind, name: access.name, distanceKm: access.distanceM / 1000 } : null;
  const months =
    level === 'LV'
      ? config.newConnection.LV.baseMonths
      : substation
        ? estimateNewConnectionMonths(level, substation.distanceKm, config)
        : null;
  const meetsRampUp = rampUpMonths === undefined || months === null ? null : months <= rampUpMonths;
  const known = coveredOnSite === false && (level === 'LV' || substation !== null);
  const reason = bi((l) => {
    const have =
      availableMw !== null
        ? l === 'fr'
          ? `${fmtNum(availableMw, l)} MW disponibles, ${fmtNum(needMw, l)} MW demandés`
          : `${fmtNum(availableMw, l)} MW available, ${fmtNum(needMw, l)} MW needed`
        : l === 'fr'
          ? `capacité électrique sur site inconnue (à confirmer), ${fmtNum(needMw, l)} MW demandés`
          : `on-site power capacity unknown (to confirm), ${fmtNum(needMw, l)} MW needed`;
    return `${have}${colon(l)}${connectionText(level, kind, access?.name ?? null, access?.distanceM ?? null, months, l)}${rampUpNote(months, rampUpMonths, l)}`;
  });
  return {
    needMw,
    level,
    availableMw,
    coveredOnSite,
    substation,
    route: 'new_connection',
    months,
    monthsBasis: months === null ? null : 'estimated_new_connection',
    meetsRampUp,
    known,
    reason,
  };
}

function connectionText(
  level: VoltageLevel,
  kind: AccessKind | null,
  name: string | null,
  distanceM: number | null,
  months: number | null,
  l: Lang,
): string {
  const label = voltageLevelLabel(level, l);
  if (level === 'LV') {
    return l === 'fr'
      ? `raccordement ${label} à créer, ${fmtMonths(months ?? 0, l)} supposés`
      : `${label} connection to build, ${fmtMonths(months ?? 0, l)} assumed`;
  }
  const sub = kind ? SUBSTATION_LABEL[kind][l] : '';
  if (distanceM === null || months === null) {
    return l === 'fr'
      ? `nouveau raccordement ${label} nécessaire, distance au ${sub} le plus proche inconnue (à confirmer)`
      : `new ${label} connection needed, distance to the nearest ${sub} unknown (to confirm)`;
  }
  const where =
    l === 'fr'
      ? `${sub}${name ? ` « ${name} »` : ' le plus proche'} à ${fmtKm(distanceM, l)}`
      : `${name ? `${sub} "${name}"` : `nearest ${sub}`} ${fmtKm(distanceM, l)} away`;
  const htb = level.startsWith('HTB');
  if (l === 'fr') {
    return (
      `nouveau raccordement ${label} depuis le ${where}, délai estimé ${fmtMonths(months, l)}` +
      (htb
        ? ` (moyenne RTE 2024 : ${RTE_AVERAGE_CONSUMER_DELAY_MONTHS} mois, plus la distance) : des mois, voire des années`
        : '')
    );
  }
  return (
    `new ${label} connection from the ${where}, estimated ${fmtMonths(months, l)}` +
    (htb
      ? ` (RTE 2024 average: ${RTE_AVERAGE_CONSUMER_DELAY_MONTHS} months, plus distance): months to years away`
      : '')
  );
}

function rampUpNote(months: number | null, rampUpMonths: number | undefined, l: Lang): string {
  if (rampUpMonths === undefined || months === null || months <= rampUpMonths) return '';
  return l === 'fr'
    ? `, au-delà des ${fmtMonths(rampUpMonths, l)} de montée en charge`
    : `, beyond the ${fmtMonths(rampUpMonths, l)} ramp-up`;
}
