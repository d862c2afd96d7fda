/**
 * The criteria registry: key, labels, unit, default weight, TOPSIS direction and which need
 * activates each criterion. `GET /api/match/criteria` serves `listCriteria()`.
 *
 * Always on (whatever the needs): surface, motorway, risks, zoning, readiness — every
 * industrial project cares about them. The others are on only when the needs state what they
 * measure (see `activatedBy`); an inactive criterion weighs 0 even if the client weighted it
 * (it is reported in `ignored`). brownfield is also reported when inactive (weight 0) so that
 * every result states the greenfield hectares it would consume (ZAN).
 */
import type { MatchSite } from '../candidate.ts';
import type { Direction } from '../mcda.ts';
import type { Needs } from '../needs.schema.ts';
import { airport } from './airport.ts';
import { availability, availabilitySql } from './availability.ts';
import { brownfield, brownfieldSql } from './brownfield.ts';
import type { CriterionFn, CriterionOptions, CriterionResult } from './common.ts';
import { distanceSql, withOnSiteSql } from './distance.ts';
import { driveTime, driveTimeSql, workforce, workforceSql } from './drive-time.ts';
import { fibre, fibreSql } from './fibre.ts';
import { gas, gasSql } from './gas.ts';
import { motorway } from './motorway.ts';
import { port } from './port.ts';
import { power, powerSql } from './power.ts';
import { price, priceSql } from './price.ts';
import { railFreight } from './rail-freight.ts';
import { readiness, readinessSql } from './readiness.ts';
import { risks, risksSql } from './risks.ts';
import type { CriterionSql } from './sql.ts';
import { surface, surfaceSql } from './surface.ts';
import { wastewater, wastewaterSql } from './wastewater.ts';
import { water, waterSql } from './water.ts';
import { zoning, zoningSql } from './zoning.ts';

export type { CriterionOptions, CriterionResult } from './common.ts';

export const CRITERION_KEYS = [
  'surface',
  'power',
  'motorway',
  'railFreight',
  'port',
  'airport',
  'driveTime',
  'workforce',
  'fibre',
  'water',
  'wastewater',
  'gas',
  'availability',
  'price',
  'brownfield',
  'risks',
  'zoning',
  'readiness',
] as const;
export type CriterionKey = (typeof CRITERION_KEYS)[number];

export interface CriterionDef {
  key: CriterionKey;
  label: { fr: string; en: string };
  /** Unit of `value` (and of `raw` for distance, price, months, hectares); null for composites. */
  unit: string | null;
  defaultWeight: number;
  /** For TOPSIS: whether a larger `raw` is better. */
  direction: Direction;
  /** Raw quantity TOPSIS reads, in words. */
  raw: string;
  alwaysOn: boolean;
  /** Need path(s) that switch the criterion on (documentation and UI). */
  activatedBy: string;
  /** Reported (weight 0) even when inactive. */
  reportAlways?: boolean;
  isActive: (needs: Needs) => boolean;
  evaluate: CriterionFn;
  /** The same score and TOPSIS raw value in SQL over a `site_match` row (criteria/sql.ts). */
  sql: (needs: Needs, options?: CriterionOptions) => CriterionSql;
}

const always = () => true;

export const CRITERIA: readonly CriterionDef[] = [
  {
    key: 'surface',
    label: { fr: 'Surface', en: 'Surface' },
    unit: 'ha',
    defaultWeight: 3,
    direction: 'benefit',
    raw: 'fit score (0–1)',
    alwaysOn: true,
    activatedBy: 'surfaceHa',
    isActive: always,
    evaluate: surface,
    sql: surfaceSql,
  },
  {
    key: 'power',
    label: { fr: 'Puissance électrique', en: 'Electric power' },
    unit: 'MW',
    defaultWeight: 3,
    direction: 'cost',
    raw: 'months until the power is available',
    alwaysOn: false,
    activatedBy: 'powerMw > 0',
    isActive: (n) => (n.powerMw ?? 0) > 0,
    evaluate: power,
    sql: powerSql,
  },
  {
    key: 'motorway',
    label: { fr: 'Accès autoroutier', en: 'Motorway access' },
    unit: 'km',
    defaultWeight: 2,
    direction: 'cost',
    raw: 'km to the nearest motorway access',
    alwaysOn: true,
    activatedBy: 'always (maxDistanceKm.motorway sets the limit, else 20 km)',
    isActive: always,
    evaluate: motorway,
    sql: (n) => distanceSql(n, 'motorway', 'motorway_access'),
  },
  {
    key: 'railFreight',
    label: { fr: 'Fret ferroviaire', en: 'Rail freight' },
    unit: 'km',
    defaultWeight: 2,
    direction: 'cost',
    raw: 'km to rail freight (0 with a siding on site)',
    alwaysOn: false,
    activatedBy: 'railSiding ≠ indifferent, or maxDistanceKm.railFreight',
    isActive: (n) => n.railSiding !== 'indifferent' || n.maxDistanceKm.railFreight !== undefined,
    evaluate: railFreight,
    sql: (n) => withOnSiteSql(n, 'railFreight', 'rail_freight', 'railSiding'),
  },
  {
    key: 'port',
    label: { fr: 'Port / quai', en: 'Port / quay' },
    unit: 'km',
    defaultWeight: 1,
    direction: 'cost',
    raw: 'km to a port (0 with a quay on site)',
    alwaysOn: false,
    activatedBy: 'quay ≠ indifferent, or maxDistanceKm.port',
    isActive: (n) => n.quay !== 'indifferent' || n.maxDistanceKm.port !== undefined,
    evaluate: port,
    sql: (n) => withOnSiteSql(n, 'port', 'port', 'quay'),
  },
  {
    key: 'airport',
    label: { fr: 'Aéroport', en: 'Airport' },
    unit: 'km',
    defaultWeight: 1,
    direction: 'cost',
    raw: 'km to the nearest airport',
    alwaysOn: false,
    activatedBy: 'maxDistanceKm.airport',
    isActive: (n) => n.maxDistanceKm.airport !== undefined,
    evaluate: airport,
    sql: (n) => distanceSql(n, 'airport', 'airport'),
  },
  {
    key: 'driveTime',
    label: { fr: 'Temps de trajet', en: 'Drive times' },
    unit: 'min',
    defaultWeight: 2,
    direction: 'cost',
    raw: 'mean of drive time ÷ its maximum over the stated kinds (0 with a siding or quay on site)',
    alwaysOn: false,
    activatedBy: 'maxDriveMinutes.* (motorway, railFreight, port, airport)',
    isActive: (n) => Object.values(n.maxDriveMinutes).some((v) => v !== undefined),
    evaluate: driveTime,
    sql: driveTimeSql,
  },
  {
    key: 'workforce',
    label: { fr: "Main-d'œuvre", en: 'Workforce' },
    unit: 'people',
    defaultWeight: 3,
    direction: 'benefit',
    raw: 'active population (15–64) within labourPool.minutes',
    alwaysOn: false,
    activatedBy: 'labourPool',
    isActive: (n) => n.labourPool !== undefined,
    evaluate: workforce,
    sql: workforceSql,
  },

  {
    key: 'fibre',
    label: { fr: 'Fibre optique', en: 'Optical fibre' },
    unit: null,
    defaultWeight: 2,
    direction: 'benefit',
    raw: '1 with fibre on site, else 0',
    alwaysOn: false,
    activatedBy: 'fibre ≠ indifferent',
    isActive: (n) => n.fibre !== 'indifferent',
    evaluate: fibre,
    sql: fibreSql,
  },
  {
    key: 'water',
    label: { fr: 'Eau', en: 'Water' },
    unit: 'm³/day',
    defaultWeight: 2,
    direction: 'benefit',
    raw: 'capacity / need, capped at 2',
    alwaysOn: false,
    activatedBy: 'waterM3PerDay > 0',
    isActive: (n) => (n.waterM3PerDay ?? 0) > 0,
    evaluate: water,
    sql: waterSql,
  },
  {
    key: 'wastewater',
    label: { fr: 'Eaux usées', en: 'Wastewater' },
    unit: 'm³/day',
    defaultWeight: 1,
    direction: 'benefit',
    raw: 'capacity / need, capped at 2',
    alwaysOn: false,
    activatedBy: 'wastewaterM3PerDay > 0',
    isActive: (n) => (n.wastewaterM3PerDay ?? 0) > 0,
    evaluate: wastewater,
    sql: wastewaterSql,
  },
  {
    key: 'gas',
    label: { fr: 'Gaz', en: 'Gas' },
    unit: 'MWh/day',
    defaultWeight: 2,
    direction: 'benefit',
    raw: 'capacity / need capped at 2 (or 1/0 for a connection)',
    alwaysOn: false,
    activatedBy: 'gas.required, or gas.capacityMwhPerDay',
    isActive: (n) => n.gas !== undefined && (n.gas.required || n.gas.capacityMwhPerDay !== undefined),
    evaluate: gas,
    sql: gasSql,
  },
  {
    key: 'availability',
    label: { fr: 'Disponibilité', en: 'Availability' },
    unit: 'date',
    defaultWeight: 2,
    direction: 'cost',
    raw: 'months after availableBy (0 on time)',
    alwaysOn: false,
    activatedBy: 'availableBy',
    isActive: (n) => n.availableBy !== undefined,
    evaluate: availability,
    sql: availabilitySql,
  },
  {
    key: 'price',
    label: { fr: 'Prix', en: 'Price' },
    unit: '€/m²',
    defaultWeight: 2,
    direction: 'cost',
    raw: '€/m²',
    alwaysOn: false,
    activatedBy: 'maxPriceEurM2',
    isActive: (n) => n.maxPriceEurM2 !== undefined,
    evaluate: price,
    sql: priceSql,
  },
  {
    key: 'brownfield',
    label: { fr: 'Friche / ZAN', en: 'Brownfield / ZAN' },
    unit: 'ha',
    defaultWeight: 1,
    direction: 'cost',
    raw: 'greenfield hectares consumed',
    alwaysOn: false,
    activatedBy: 'brownfield ≠ indifferent (reported always)',
    reportAlways: true,
    isActive: (n) => n.brownfield !== 'indifferent',
    evaluate: brownfield,
    sql: brownfieldSql,
  },
  {
    key: 'risks',
    label: { fr: 'Risques', en: 'Risks' },
    unit: null,
    defaultWeight: 3,
    direction: 'benefit',
    raw: 'risk score (0–1)',
    alwaysOn: true,
    activatedBy: 'always',
    isActive: always,
    evaluate: risks,
    sql: risksSql,
  },
  {
    key: 'zoning',
    label: { fr: 'Urbanisme, ICPE et Seveso', en: 'Zoning, ICPE and Seveso' },
    unit: null,
    defaultWeight: 3,
    direction: 'benefit',
    raw: 'compatibility score (0–1)',
    alwaysOn: true,
    activatedBy: 'always (icpeRegime and sevesoTier add checks)',
    isActive: always,
    evaluate: zoning,
    sql: zoningSql,
  },
  {
    key: 'readiness',
    label: { fr: 'Préparation (clé en main)', en: 'Readiness (turnkey)' },
    unit: 'share',
    defaultWeight: 2,
    direction: 'benefit',
    raw: 'share of readiness items done',
    alwaysOn: true,
    activatedBy: 'always',
    isActive: always,
    evaluate: readiness,
    sql: readinessSql,
  },
];

const lookup = registryLookup(CRITERION_KEYS, CRITERIA);
export const CRITERION_BY_KEY = lookup.byKey;
/** `isCriterionKey('power')` → true; `isCriterionKey('colour')` → false. */
export const isCriterionKey = lookup.isKey;
/** Evaluates one criterion: `evaluateCriterion('power', site, needs)`. */
export const evaluateCriterion = lookup.evaluate;

/**
 * Key lookups over a registry (version 1's registry too): the entry by key, the key guard and
 * the evaluation of one criterion, which throws on a key the registry lacks.
 */
export function registryLookup<
  K extends string,
  D extends { key: K; evaluate(site: MatchSite, needs: never, options?: never): CriterionResult },
>(keys: readonly K[], criteria: readonly D[]) {
  const byKey: ReadonlyMap<K, D> = new Map(criteria.map((c) => [c.key, c]));
  type Evaluate = (...args: Parameters<D['evaluate']>) => CriterionResult;
  return {
    byKey,
    isKey: (key: string): key is K => (keys as readonly string[]).includes(key),
    evaluate(key: K, ...args: Parameters<D['evaluate']>): CriterionResult {
      const def = byKey.get(key);
      if (!def) throw new Error(`unknown criterion ${key}`);
      return (def.evaluate as Evaluate)(...args);
    },
  };
}

export interface ResolvedWeights<K extends string = CriterionKey> {
  /** Effective weight per criterion (0 when inactive), not normalised. */
  weights: Record<K, number>;
  /** Criteria the needs activate, in registry order. */
  active: K[];
  /** Criteria the client weighted above 0 although the needs do not activate them. */
  ignored: K[];
  total: number;
}

/** What weight resolution and the listing read of a registry entry (version 1's registry too). */
export type RegistryEntry<K extends string, N> = Pick<
  CriterionDef,
  'label' | 'unit' | 'defaultWeight' | 'direction' | 'raw' | 'alwaysOn' | 'activatedBy' | 'reportAlways'
> & { key: K; isActive(needs: N): boolean };

/**
 * Effective weights over a registry: the defaults, overridden key by key by the client's
 * weights, with 0 for every criterion the needs do not activate.
 */
export function resolveWeightsOver<K extends string, N>(
  criteria: readonly RegistryEntry<K, N>[],
  needs: N,
  user?: Partial<Record<string, number>>,
): ResolvedWeights<K> {
  const weights = {} as Record<K, number>;
  const active: K[] = [];
  const ignored: K[] = [];
  let total = 0;
  for (const c of criteria) {
    const asked = user?.[c.key];
    const isActive = c.alwaysOn || c.isActive(needs);
    if (isActive) active.push(c.key);
    else if (asked !== undefined && asked > 0) ignored.push(c.key);
    const w = isActive ? (asked ?? c.defaultWeight) : 0;
    weights[c.key] = w;
    total += w;
  }
  return { weights, active, ignored, total };
}

/** A registry as JSON (`GET /api/match/criteria` serves the current one). */
export function listCriteriaOf<K extends string, N>(criteria: readonly RegistryEntry<K, N>[]) {
  return criteria.map(
    ({ key, label, unit, defaultWeight, direction, raw, alwaysOn, activatedBy, reportAlways }) => ({
      key,
      label,
      unit,
      defaultWeight,
      direction,
      raw,
      alwaysOn,
      activatedBy,
      reportAlways: reportAlways ?? false,
    }),
  );
}

/**
 * Effective weights of the current registry.
 * Example: `resolveWeights(needs, { price: 0 })` keeps the defaults and drops price.
 */
export function resolveWeights(needs: Needs, user?: Partial<Record<string, number>>): ResolvedWeights {
  return resolveWeightsOver(CRITERIA, needs, user);
}

/** The registry as JSON for `GET /api/match/criteria`. */
export function listCriteria() {
  return listCriteriaOf(CRITERIA);
}
