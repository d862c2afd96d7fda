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
  CRITERION_BY_KEY as V2_CRITERION_BY_KEY,
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
/** A registry entry: version 2's fields over version 1's keys, needs and criterion functions (no SQL form). */
export interface CriterionDef extends RegistryEntry<CriterionKey, Needs> {
  evaluate: CriterionFn;
}

/** Version 1's criterion functions: version 2's where the code is shared, its own otherwise. */
const EVALUATE: Record<CriterionKey, CriterionFn> = {
  surface: shared(surface),
  power,
  motorway: shared(motorway),
  railFreight: shared(railFreight),
  port: shared(port),
  airport: shared(airport),
  fibre: shared(fibre),
  water: shared(water),
  wastewater: shared(wastewater),
  gas: shared(gas),
  availability,
  price: shared(price),
  brownfield: shared(brownfield),
  risks: shared(risks),
  zoning,
  readiness: shared(readiness),
};

/**
 * Version 1's registry: version 2's entry of each of its keys (labels, units, default weights,
 * directions and activation read the same needs the same way) with version 1's function.
 */
export const CRITERIA: readonly CriterionDef[] = CRITERION_KEYS.map((key) => {
  const { evaluate: _v2, sql: _sql, isActive, ...entry } = V2_CRITERION_BY_KEY.get(key)!;
  return {
    ...entry,
    key,
    isActive: isActive as unknown as (needs: Needs) => boolean,
    evaluate: EVALUATE[key],
  };
});

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
