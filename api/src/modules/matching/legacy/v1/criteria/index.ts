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
import { airport } from '../../../criteria/airport.ts';
import { brownfield } from '../../../criteria/brownfield.ts';
import type { CriterionFn as V2CriterionFn } from '../../../criteria/common.ts';
import { fibre } from '../../../criteria/fibre.ts';
import { gas } from '../../../criteria/gas.ts';
import {
  listCriteriaOf,
  type RegistryEntry,
  type ResolvedWeights as ResolvedWeightsOf,
  registryLookup,
  resolveWeightsOver,
} from '../../../criteria/index.ts';
import { motorway } from '../../../criteria/motorway.ts';
import { port } from '../../../criteria/port.ts';
import { price } from '../../../criteria/price.ts';
import { railFreight } from '../../../criteria/rail-freight.ts';
import { readiness } from '../../../criteria/readiness.ts';
import { risks } from '../../../criteria/risks.ts';
import { surface } from '../../../criteria/surface.ts';
import { wastewater } from '../../../criteria/wastewater.ts';
import { water } from '../../../criteria/water.ts';
import type { Needs } from '../needs.schema.ts';
import { availability } from './availability.ts';
import type { CriterionFn } from './common.ts';
import { power } from './power.ts';
import { zoning } from './zoning.ts';

export type { CriterionOptions, CriterionResult } from './common.ts';

/**
 * A version 2 criterion that version 1 shares: its code is version 1's, line for line (the
 * pin test, v1-pin.test.ts, holds it to that), and it reads no need version 2 added.
 */
const shared = (fn: V2CriterionFn) => fn as unknown as CriterionFn;

export const CRITERION_KEYS = [
  'surface',
  'power',
  'motorway',
  'railFreight',
  'port',
  'airport',
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

/** A registry entry: version 2's fields over version 1's keys, needs and criterion functions (no SQL form). */
export interface CriterionDef extends RegistryEntry<CriterionKey, Needs> {
  evaluate: CriterionFn;
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
    evaluate: shared(surface),
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
    evaluate: shared(motorway),
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
    evaluate: shared(railFreight),
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
    evaluate: shared(port),
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
    evaluate: shared(airport),
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
    evaluate: shared(fibre),
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
    evaluate: shared(water),
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
    evaluate: shared(wastewater),
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
    evaluate: shared(gas),
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
    evaluate: shared(price),
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
    evaluate: shared(brownfield),
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
    evaluate: shared(risks),
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
    evaluate: shared(readiness),
  },
];

const lookup = registryLookup(CRITERION_KEYS, CRITERIA);
export const CRITERION_BY_KEY = lookup.byKey;
/** `isCriterionKey('power')` → true; `isCriterionKey('colour')` → false. */
export const isCriterionKey = lookup.isKey;
/** Evaluates one criterion: `evaluateCriterion('power', site, needs)`. */
export const evaluateCriterion = lookup.evaluate;

export type ResolvedWeights = ResolvedWeightsOf<CriterionKey>;

/** Effective weights (version 2's rule over version 1's registry). */
export function resolveWeights(needs: Needs, user?: Partial<Record<string, number>>): ResolvedWeights {
  return resolveWeightsOver(CRITERIA, needs, user);
}

/** The registry as JSON. */
export function listCriteria() {
  return listCriteriaOf(CRITERIA);
}
