/**
 * Electrical feasibility, as an RTE or Enedis engineer
 * would read it: can the site's stated supply carry the need at its voltage, and if not, which
 * new connection the grid operator would propose (voltage level, the substation it comes from,
 * distance), how long and roughly how much it would cost — each estimate labelled with its basis.
 *
 * Rules (configurable through ElectricalConfig; the defaults are in DEFAULT_ELECTRICAL_CONFIG):
 * - Voltage domains: LV ≤ 1 kV, HTA 1–50 kV, HTB1 63/90 kV, HTB2 150/225 kV, HTB3 400 kV.
 * - Consumer connection domain, décret du 23 décembre 1994 (cahier des charges type du réseau
 *   d'alimentation générale): HTA up to 40 MW, and at most 100/d MW where d is the distance in
 *   km to the nearest higher-voltage transformation point (the poste source, ≥ 63 kV); HTB up to
 *   100 MW, at most 1000/d MW with d the distance to the nearest 225 kV transformation point.
 *   Above: 225 kV up to 250 MW (the HTB2 limit of the arrêté of 23 April 2008 for production,
 *   taken for consumption: an assumption), 400 kV beyond. LV up to
 *   250 kVA (0.25 MW). The smaller limit applies (min(40, 100/d)).
 * - A new connection is fed from the nearest substation of the right voltage that can
 *   transform (RTE tapping points excluded, access/access-kinds.ts): ≥ 63 kV for HTA (poste
 *   source proxy) and HTB1, ≥ 225 kV for HTB2, 400 kV for HTB3.
 * - Delay: base months of the level + months per km beyond the first km the base covers +
 *   months per MW, so it grows with the level, the distance and the power (no cliff at a
 *   threshold other than the change of level itself). HTB2's base is the RTE 2024 average
 *   consumer connection delay, 29 months (CRE délibération 2025-130); the other bases and
 *   slopes are engineering assumptions placed around it.
 * - Cost band: fixed works (bay, delivery substation) + cable per km, low–high, in M€ —
 *   orders of magnitude (assumption), to be replaced by the operator's offer (PTF).
 * - Power is **known** only when the site states a capacity at a voltage that carries the need,
 *   with a source and a date, or — for a new connection — when a hosting capacity of at least
 *   the need is stated with its source and date (an RTE/Enedis study, Caparéseau…). RTE open
 *   data gives substations and voltages, never free capacity.
 * - A stated hosting capacity below the need rules the new connection out (reinforcement of
 *   unknown duration): a known failure, not an estimate.
 */
import { type AccessKind, accessOf, type MatchSite } from './candidate.ts';
import { type Bilingual, bi, colon, fmtKm, fmtMonths, fmtNum, type Lang, sep } from './format.ts';

export const VOLTAGE_LEVELS = ['LV', 'HTA', 'HTB1', 'HTB2', 'HTB3'] as const;
export type VoltageLevel = (typeof VOLTAGE_LEVELS)[number];

export interface LevelRule {
  /** Largest power (MW) the level carries. */
  maxMw: number;
  /** P × d ≤ maxMwKm (MW·km), d = km to `distanceTo` (the decree's 100/d, 1000/d); null: no such rule. */
  maxMwKm: number | null;
  distanceTo: AccessKind | null;
  /** The substation kind a new connection at this level is fed from (null for LV). */
  feed: AccessKind | null;
  /** Lowest voltage (kV) of the level: a stated supply at ≥ this many kV belongs to it or above. */
  minKv: number;
  delay: { baseMonths: number; includedKm: number; monthsPerKm: number; monthsPerMw: number };
  cost: { fixedMEur: [number, number]; perKmMEur: [number, number] };
}

export interface ElectricalConfig {
  levels: Record<VoltageLevel, LevelRule>;
  /** Delay assumed when the site covers the need but states no delay. */
  onSiteDefaultMonths: number;
}

export const RTE_AVERAGE_CONSUMER_DELAY_MONTHS = 29;
/** The decree of 23 December 1994 (cahier des charges type du réseau d'alimentation générale). */
export const DECREE_1994_URL = 'https://legal.tricoteuses.fr/articles/JORFARTI000001584506';

export const DEFAULT_ELECTRICAL_CONFIG: ElectricalConfig = {
  levels: {
    LV: {
      maxMw: 0.25,
      maxMwKm: null,
      distanceTo: null,
      feed: null,
      minKv: 0,
      delay: { baseMonths: 6, includedKm: 0, monthsPerKm: 0, monthsPerMw: 0 },
      cost: { fixedMEur: [0.005, 0.05], perKmMEur: [0, 0] },
    },
    HTA: {
      maxMw: 40,
      maxMwKm: 100,
      distanceTo: 'substation_63kv',
      feed: 'substation_63kv',
      minKv: 1,
      delay: { baseMonths: 12, includedKm: 2, monthsPerKm: 0.5, monthsPerMw: 0.15 },
      cost: { fixedMEur: [0.1, 0.4], perKmMEur: [0.1, 0.25] },
    },
    HTB1: {
      maxMw: 100,
      maxMwKm: 1000,
      distanceTo: 'substation_225kv',
      feed: 'substation_63kv',
      minKv: 63,
      delay: { baseMonths: 24, includedKm: 5, monthsPerKm: 1, monthsPerMw: 0.05 },
      cost: { fixedMEur: [3, 8], perKmMEur: [1, 2] },
    },
    HTB2: {
      maxMw: 250,
      maxMwKm: null,
      distanceTo: null,
      feed: 'substation_225kv',
      minKv: 150,
      delay: {
        baseMonths: RTE_AVERAGE_CONSUMER_DELAY_MONTHS,
        includedKm: 5,
        monthsPerKm: 1,
        monthsPerMw: 0.02,
      },
      cost: { fixedMEur: [8, 20], perKmMEur: [2, 4] },
    },
    HTB3: {
      maxMw: Number.POSITIVE_INFINITY,
      maxMwKm: null,
      distanceTo: null,
      feed: 'substation_400kv',
      minKv: 380,
      delay: { baseMonths: 36, includedKm: 5, monthsPerKm: 1.5, monthsPerMw: 0.01 },
      cost: { fixedMEur: [20, 50], perKmMEur: [4, 8] },
    },
  },
  onSiteDefaultMonths: 6,
};

const LEVEL_LABEL: Record<VoltageLevel, Bilingual> = {
  LV: { fr: 'basse tension (≤ 1 kV)', en: 'low voltage (≤ 1 kV)' },
  HTA: { fr: 'HTA (20 kV)', en: 'HTA (20 kV)' },
  HTB1: { fr: 'HTB1 (63/90 kV)', en: 'HTB1 (63/90 kV)' },
  HTB2: { fr: 'HTB2 (225 kV)', en: 'HTB2 (225 kV)' },
  HTB3: { fr: 'HTB3 (400 kV)', en: 'HTB3 (400 kV)' },
};
const SUBSTATION_LABEL: Record<string, Bilingual> = {
  substation_63kv: { fr: 'poste ≥ 63 kV', en: '≥ 63 kV substation' },
  substation_225kv: { fr: 'poste ≥ 225 kV', en: '≥ 225 kV substation' },
  substation_400kv: { fr: 'poste 400 kV', en: '400 kV substation' },
};

/** Human label of a level: `voltageLevelLabel('HTB2', 'fr')` → 'HTB2 (225 kV)'. */
export function voltageLevelLabel(level: VoltageLevel, lang: Lang): string {
  return LEVEL_LABEL[level][lang];
}

/** Level of a stated voltage: `levelOfKv(20)` → 'HTA', `levelOfKv(63)` → 'HTB1'. */
export function levelOfKv(kv: number, config: ElectricalConfig = DEFAULT_ELECTRICAL_CONFIG): VoltageLevel {
  let level: VoltageLevel = 'LV';
  for (const l of VOLTAGE_LEVELS) if (kv >= config.levels[l].minKv) level = l;
  return level;
}

/** Levels whose power limit can carry the need, lowest first: `levelsFor(60)` → HTB1, HTB2, HTB3. */
export function levelsFor(
  needMw: number,
  config: ElectricalConfig = DEFAULT_ELECTRICAL_CONFIG,
): VoltageLevel[] {
  return VOLTAGE_LEVELS.filter((l) => needMw <= config.levels[l].maxMw);
}

/** Lowest stated voltage (kV) that can carry the need: `minKvFor(30)` → 1 (HTA), `minKvFor(60)` → 63. */
export function minKvFor(needMw: number, config: ElectricalConfig = DEFAULT_ELECTRICAL_CONFIG): number {
  return config.levels[levelsFor(needMw, config)[0]].minKv;
}

/**
 * Farthest feed substation (km) from which a new connection at `level` fits in `months`, or null
 * when even a short one does not; Infinity when the rule has no distance term.
 * `feedKmWithin('HTB2', 60, 36)` → 5 + (36 − 29 − 1.2) / 1 = 10.8.
 */
export function feedKmWithin(
  level: VoltageLevel,
  needMw: number,
  months: number,
  config: ElectricalConfig = DEFAULT_ELECTRICAL_CONFIG,
): number | null {
  const d = config.levels[level].delay;
  const spare = months - d.baseMonths - needMw * d.monthsPerMw;
  if (spare < 0) return null;
  if (d.monthsPerKm === 0) return Number.POSITIVE_INFINITY;
  return d.includedKm + spare / d.monthsPerKm;
}

/**
 * Months for a new connection: base + months/km beyond the included km + months/MW.
 * `connectionMonths('HTB2', 18, 100)` → 29 + 13 + 2 = 44.
 */
export function connectionMonths(
  level: VoltageLevel,
  feedKm: number,
  needMw: number,
  config: ElectricalConfig = DEFAULT_ELECTRICAL_CONFIG,
): number {
  const d = config.levels[level].delay;
  return d.baseMonths + Math.max(0, feedKm - d.includedKm) * d.monthsPerKm + needMw * d.monthsPerMw;
}

/** Months as printed: an estimate is rounded up, so "37 mois" never reads as within a 36-month ramp-up. */
export const printedMonths = (months: number) => Math.ceil(months - 1e-9);

export interface ConnectionRoute {
  level: VoltageLevel;
  substation: { kind: AccessKind; name: string | null; distanceKm: number } | null;
  months: number;
  costMEur: [number, number];
}

/**
 * The new connection the operator would propose: among the levels that can carry the need and
 * whose distance rule holds, the one with the fewest months (with the default rules, the lowest
 * such level). Null when no route can be estimated (a substation distance unknown).
 */
export function newConnectionRoute(
  site: MatchSite,
  needMw: number,
  config: ElectricalConfig = DEFAULT_ELECTRICAL_CONFIG,
): ConnectionRoute | null {
  let best: ConnectionRoute | null = null;
  for (const level of levelsFor(needMw, config)) {
    const rule = config.levels[level];
    if (rule.maxMwKm !== null && rule.distanceTo) {
      const a = accessOf(site, rule.distanceTo);
      if (!a || needMw * (a.distanceM / 1000) > rule.maxMwKm) continue;
    }
    let substation: ConnectionRoute['substation'] = null;
    let km = 0;
    if (rule.feed) {
      const a = accessOf(site, rule.feed);
      if (!a) continue;
      km = a.distanceM / 1000;
      substation = { kind: rule.feed, name: a.name, distanceKm: km };
    }
    const months = connectionMonths(level, km, needMw, config);
    if (best === null || months < best.months) {
      const c = rule.cost;
      best = {
        level,
        substation,
        months,
        costMEur: [c.fixedMEur[0] + km * c.perKmMEur[0], c.fixedMEur[1] + km * c.perKmMEur[1]],
      };
    }
  }
  return best;
}

export type PowerRoute = 'on_site' | 'lv_grid' | 'new_connection';

export interface PowerAssessment {
  needMw: number;
  route: PowerRoute;
  availableMw: number | null;
  statedKv: number | null;
  /** The site's stated supply covers the need at a voltage that can carry it (null: unknown). */
  coveredOnSite: boolean | null;
  /** For a new connection: the estimated route (null when it cannot be estimated). */
  connection: ConnectionRoute | null;
  /** Months until the power is there; null when nothing allows an estimate. */
  months: number | null;
  monthsBasis: 'stated' | 'assumed_on_site' | 'estimated_new_connection' | null;
  /** Hosting capacity stated for a new connection, and whether it covers the need. */
  hostingMw: number | null;
  hostingCovers: boolean | null;
  meetsRampUp: boolean | null;
  /** Known: stated at a voltage that carries it, with a source and a date (see the file comment). */
  known: boolean;
  /** Why power is not known, when it is not (for the confidence explanation). */
  doubt: Bilingual | null;
  reason: Bilingual;
}

/** True when the stated supply can carry the need: capacity ≥ need and voltage (if stated) high enough. */
export function statedSupplyCovers(
  site: MatchSite,
  needMw: number,
  config = DEFAULT_ELECTRICAL_CONFIG,
): boolean | null {
  const c = site.powerAvailableMw ?? null;
  if (c === null) return null;
  if (c < needMw) return false;
  const kv = site.powerVoltageKv ?? null;
  return kv === null || kv >= minKvFor(needMw, config);
}

/**
 * Whether a site can power a need, how, how long and how sure we are.
 * Example: 8 MW stated at 20 kV in 2015 for a 40 MW need, ≥ 63 kV substation 2 km away →
 * route new_connection at HTA (40 MW ≤ min(40, 100/2)), 12 + 0 + 6 = 18 months, known: false.
 */
export function assessPower(
  site: MatchSite,
  needMw: number,
  rampUpMonths?: number,
  config: ElectricalConfig = DEFAULT_ELECTRICAL_CONFIG,
): PowerAssessment {
  const availableMw = site.powerAvailableMw ?? null;
  const statedKv = site.powerVoltageKv ?? null;
  const covers = statedSupplyCovers(site, needMw, config);
  const lvGrid = needMw <= config.levels.LV.maxMw && site.electricity === true;
  const hostingMw = site.gridHostingCapacityMw ?? null;
  const fits = (months: number | null) =>
    rampUpMonths === undefined || months === null ? null : months <= rampUpMonths;

  if (covers === true || lvGrid) {
    const stated = site.powerConnectionDelayMonths ?? null;
    const months = stated ?? config.onSiteDefaultMonths;
    const evidence = covers === true && statedKv !== null && !!site.powerStatementDate && !!site.powerSource;
    const doubt: Bilingual | null = evidence
      ? null
      : covers !== true
        ? {
            fr: 'puissance sur site non déclarée (raccordement BT supposé)',
            en: 'on-site power not stated (LV supply assumed)',
          }
        : statedKv === null
          ? {
              fr: 'tension de la puissance déclarée non précisée',
              en: 'voltage of the stated power not given',
            }
          : !site.powerSource && !site.powerStatementDate
            ? { fr: 'puissance déclarée sans source ni date', en: 'stated power without a source or a date' }
            : !site.powerSource
              ? { fr: 'puissance déclarée sans source', en: 'stated power without a source' }
              : { fr: 'puissance déclarée sans date', en: 'stated power without a date' };
    const reason = bi((l) => {
      const have =
        covers === true && availableMw !== null
          ? `${fmtNum(availableMw, l)} MW ${l === 'fr' ? 'disponibles sur site' : 'available on site'}${statedKv !== null ? ` ${l === 'fr' ? 'en' : 'at'} ${fmtNum(statedKv, l)} kV` : ''}, ${fmtNum(needMw, l)} MW ${l === 'fr' ? 'demandés' : 'needed'}`
          : l === 'fr'
            ? `site raccordé au réseau, ${fmtNum(needMw, l)} MW demandés`
            : `site on the grid, ${fmtNum(needMw, l)} MW needed`;
      const delay =
        stated !== null
          ? `${l === 'fr' ? 'délai annoncé' : 'stated delay'} ${fmtMonths(stated, l)}`
          : l === 'fr'
            ? `délai non précisé, ${fmtMonths(months, l)} supposés`
            : `no stated delay, ${fmtMonths(months, l)} assumed`;
      const when = site.powerStatementDate
        ? l === 'fr'
          ? ` (déclaré le ${site.powerStatementDate.split('-').reverse().join('/')})`
          : ` (stated ${site.powerStatementDate})`
        : '';
      const caveat = doubt ? `${sep(l)}${doubt[l]} (${l === 'fr' ? 'à confirmer' : 'to confirm'})` : '';
      return `${have}${when}${sep(l)}${delay}${rampUpNote(months, rampUpMonths, l)}${caveat}`;
    });
    return {
      needMw,
      route: covers === true ? 'on_site' : 'lv_grid',
      availableMw,
      statedKv,
      coveredOnSite: true,
      connection: null,
      months,
      monthsBasis: stated !== null ? 'stated' : 'assumed_on_site',
      hostingMw,
      hostingCovers: hostingMw === null ? null : hostingMw >= needMw,
      meetsRampUp: fits(months),
      known: evidence,
      doubt,
      reason,
    };
  }

  const hostingCovers = hostingMw === null ? null : hostingMw >= needMw;
  const connection = hostingCovers === false ? null : newConnectionRoute(site, needMw, config);
  const months = connection?.months ?? null;
  const hostingEvidence =
    hostingCovers === true && !!site.gridHostingCapacityDate && !!site.gridHostingCapacitySource;
  const known = connection !== null && hostingEvidence;
  const doubt: Bilingual | null = known
    ? null
    : hostingCovers === false
      ? null
      : connection === null
        ? {
            fr: 'raccordement non estimable (poste inconnu)',
            en: 'connection cannot be estimated (substation unknown)',
          }
        : { fr: "capacité d'accueil du réseau non confirmée", en: 'grid hosting capacity not confirmed' };
  const reason = bi((l) => {
    const have =
      availableMw !== null
        ? `${fmtNum(availableMw, l)} MW ${l === 'fr' ? 'disponibles' : 'available'}${statedKv !== null ? ` ${l === 'fr' ? 'en' : 'at'} ${fmtNum(statedKv, l)} kV` : ''}, ${fmtNum(needMw, l)} MW ${l === 'fr' ? 'demandés' : 'needed'}`
        : l === 'fr'
          ? `puissance sur site non déclarée, ${fmtNum(needMw, l)} MW demandés`
          : `on-site power not stated, ${fmtNum(needMw, l)} MW needed`;
    if (hostingCovers === false) {
      return `${have}${colon(l)}${
        l === 'fr'
          ? `capacité d'accueil du réseau ${fmtNum(hostingMw ?? 0, l)} MW (${site.gridHostingCapacitySource ?? 'source non précisée'}), renforcement nécessaire`
          : `grid hosting capacity ${fmtNum(hostingMw ?? 0, l)} MW (${site.gridHostingCapacitySource ?? 'source not given'}), reinforcement needed`
      }`;
    }
    // A supply stated at too low a voltage: say why it does not count.
    const tooLowKv =
      availableMw !== null && availableMw >= needMw && statedKv !== null
        ? l === 'fr'
          ? ` (une alimentation en ${fmtNum(statedKv, l)} kV porte au plus ${fmtNum(config.levels[levelOfKv(statedKv, config)].maxMw, l)} MW)`
          : ` (a ${fmtNum(statedKv, l)} kV supply carries at most ${fmtNum(config.levels[levelOfKv(statedKv, config)].maxMw, l)} MW)`
        : '';
    return `${have}${tooLowKv}${colon(l)}${connectionText(connection, needMw, config, l)}${rampUpNote(months, rampUpMonths, l)}${
      known
        ? `${sep(l)}${l === 'fr' ? `capacité d'accueil ${fmtNum(hostingMw ?? 0, l)} MW confirmée (${site.gridHostingCapacitySource})` : `hosting capacity ${fmtNum(hostingMw ?? 0, l)} MW confirmed (${site.gridHostingCapacitySource})`}`
        : doubt && connection !== null
          ? `${sep(l)}${doubt[l]} (${l === 'fr' ? 'à confirmer' : 'to confirm'})`
          : ''
    }`;
  });
  return {
    needMw,
    route: 'new_connection',
    availableMw,
    statedKv,
    coveredOnSite: covers,
    connection,
    months,
    monthsBasis: months === null ? null : 'estimated_new_connection',
    hostingMw,
    hostingCovers,
    meetsRampUp: fits(months),
    known,
    doubt,
    reason,
  };
}

function connectionText(
  route: ConnectionRoute | null,
  needMw: number,
  config: ElectricalConfig,
  l: Lang,
): string {
  if (route === null) {
    const level = levelsFor(needMw, config)[0];
    return l === 'fr'
      ? `nouveau raccordement ${voltageLevelLabel(level, l)} ou plus nécessaire, poste d'alimentation inconnu (à confirmer)`
      : `new ${voltageLevelLabel(level, l)} or higher connection needed, feeding substation unknown (to confirm)`;
  }
  const label = voltageLevelLabel(route.level, l);
  const money = (v: number) => fmtNum(v, l, v < 1 ? 2 : 0);
  const cost =
    l === 'fr'
      ? `coût estimé ${money(route.costMEur[0])}–${money(route.costMEur[1])} M€ (ordre de grandeur, hypothèse)`
      : `estimated cost €${money(route.costMEur[0])}–${money(route.costMEur[1])}M (order of magnitude, assumption)`;
  const basis =
    route.level === 'HTB2'
      ? l === 'fr'
        ? `base : moyenne RTE 2024 de ${RTE_AVERAGE_CONSUMER_DELAY_MONTHS} mois (CRE 2025-130) plus la distance`
        : `basis: RTE 2024 average of ${RTE_AVERAGE_CONSUMER_DELAY_MONTHS} months (CRE 2025-130) plus distance`
      : l === 'fr'
        ? 'hypothèse de délai par niveau, distance et puissance'
        : 'delay assumed by level, distance and power';
  if (!route.substation) {
    return l === 'fr'
      ? `raccordement ${label} à créer, délai estimé ${fmtMonths(printedMonths(route.months), l)} (${basis})`
      : `${label} connection to build, estimated ${fmtMonths(printedMonths(route.months), l)} (${basis})`;
  }
  const s = route.substation;
  const where =
    l === 'fr'
      ? `${SUBSTATION_LABEL[s.kind][l]}${s.name ? ` « ${s.name} »` : ' le plus proche'} à ${fmtKm(s.distanceKm * 1000, l)}`
      : `${s.name ? `${SUBSTATION_LABEL[s.kind][l]} "${s.name}"` : `nearest ${SUBSTATION_LABEL[s.kind][l]}`} ${fmtKm(s.distanceKm * 1000, l)} away`;
  return l === 'fr'
    ? `nouveau raccordement ${label} depuis le ${where}, délai estimé ${fmtMonths(printedMonths(route.months), l)} (${basis}), ${cost}`
    : `new ${label} connection from the ${where}, estimated ${fmtMonths(printedMonths(route.months), l)} (${basis}), ${cost}`;
}

function rampUpNote(months: number | null, rampUpMonths: number | undefined, l: Lang): string {
  if (rampUpMonths === undefined || months === null || months <= rampUpMonths) return '';
  return l === 'fr'
    ? `, au-delà des ${fmtMonths(rampUpMonths, l)} de montée en charge`
    : `, beyond the ${fmtMonths(rampUpMonths, l)} ramp-up`;
}
