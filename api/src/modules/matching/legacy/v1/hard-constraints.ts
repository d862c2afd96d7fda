/**
 * Hard constraints, applied before any compensatory score (else an impossible site ranks high on
 * its other strengths): one declarative description,
 * two evaluators. `hardConstraintSpecs(needs)` says, per knock-out, which site field or
 * `site_access` kind is compared with what; the SQL stage compiles it to a WHERE clause and a
 * failure count (near-misses), and `evaluateHardConstraints(site, needs)` evaluates the very
 * same conditions in TypeScript and explains each failure with the gap.
 *
 * Semantics (three-valued, identical to SQL's NULL logic, so the two evaluators agree):
 *   min      field >= value          max      field <= value        (number, or ISO date)
 *   equals   field = value           in       field = ANY(values)    notIn  NOT (field = ANY(values))
 *   isNull   field IS NULL (never unknown)
 *   accessMax  site_access[kind].distance_m <= valueM (no row → unknown)
 *   anyOf    OR of conditions        allOf    AND of conditions
 * A missing value (NULL) makes an atomic condition unknown; a constraint passes only when its
 * condition is TRUE (`cond IS TRUE` in SQL), so unknown data never passes: it fails with
 * `unknown: true` ("à confirmer" / "to confirm").
 *
 * SQL sketch (the lead's store): for each access kind a spec uses, `LEFT JOIN site_access a_k
 * ON a_k.site_id = s.id AND a_k.kind = $k`; candidates: `WHERE scope AND (c1) IS TRUE AND …`;
 * near-misses: `WHERE scope AND ((c1) IS NOT TRUE)::int + … BETWEEN 1 AND 2`. Bind every value.
 */
import { FIELD_BY_KEY } from '../../../sites/site.fields.ts';
import type { AccessKind, MatchSite } from '../../candidate.ts';
import { evaluateCondition as evaluateConditionV2 } from '../../knockouts/condition.ts';
import { ICPE_ORDER, SEVESO_ORDER } from './criteria/zoning.ts';
import {
  DEFAULT_ELECTRICAL_CONFIG,
  type ElectricalConfig,
  maxSubstationKmForDelay,
  requiredVoltageLevel,
  substationKindFor,
} from './electrical.ts';
import { explain } from './hard-constraints.explain.ts';
import {
  type DistanceNeed,
  effectiveHardKeys,
  type HardKey,
  type Needs,
  type RiskExclusion,
} from './needs.schema.ts';

/** Site fields a condition may read (camelCase keys of sites/site.fields.ts). */
export type ConditionField =
  | 'availableAreaHa'
  | 'minLotHa'
  | 'powerAvailableMw'
  | 'electricity'
  | 'gas'
  | 'gasCapacityMwhPerDay'
  | 'waterM3PerDay'
  | 'wastewaterM3PerDay'
  | 'railSiding'
  | 'quay'
  | 'fibre'
  | 'maxIcpeRegime'
  | 'sevesoAllowed'
  | 'pluZone'
  | 'availableFrom'
  | 'priceEurM2'
  | 'brownfield'
  | 'urbanisationType'
  | 'ppriZone'
  | 'pprtZone'
  | 'natura2000'
  | 'region'
  | 'department'
  | 'territorySiren'
  | 'status';

interface FieldRef {
  /** Site field key (camelCase, sites/site.fields.ts). */
  field: ConditionField;
  /** Its column in `sites` (from FIELD_BY_KEY), for the SQL compiler. */
  column: string;
}

export type Condition =
  | (FieldRef & { kind: 'min' | 'max'; value: number | string; valueType: 'number' | 'date' })
  | (FieldRef & { kind: 'equals'; value: boolean | string; valueType: 'boolean' | 'text' })
  | (FieldRef & { kind: 'in' | 'notIn'; values: string[] })
  | (FieldRef & { kind: 'isNull' })
  | { kind: 'accessMax'; accessKind: AccessKind; valueM: number }
  | { kind: 'anyOf' | 'allOf'; conditions: Condition[] };

export interface HardConstraintSpec {
  /** Failure key shown to users: the need key, or `excludeRisks.<risk>`, or `scope.<what>`. */
  key: string;
  /** The `hard` entry it comes from; 'scope' for the geographic/status filters. */
  need: HardKey | 'scope';
  /** Scope filters always apply and never make a near-miss. */
  scope: boolean;
  condition: Condition;
}

export interface HardConstraintOptions {
  electrical?: ElectricalConfig;
}

/** Statuses that take a site out of every match. */
export const EXCLUDED_STATUSES = ['taken'] as const;

const col = (field: ConditionField): FieldRef => {
  const def = FIELD_BY_KEY.get(field);
  if (!def) throw new Error(`no site field ${field}`);
  return { field, column: def.column };
};
const min = (field: ConditionField, value: number): Condition => ({
  kind: 'min',
  ...col(field),
  value,
  valueType: 'number',
});
const max = (field: ConditionField, value: number): Condition => ({
  kind: 'max',
  ...col(field),
  value,
  valueType: 'number',
});
const isTrue = (field: ConditionField): Condition => ({
  kind: 'equals',
  ...col(field),
  value: true,
  valueType: 'boolean',
});
const inList = (field: ConditionField, values: string[]): Condition => ({
  kind: 'in',
  ...col(field),
  values,
});
const notIn = (field: ConditionField, values: string[]): Condition => ({
  kind: 'notIn',
  ...col(field),
  values,
});
const accessMax = (accessKind: AccessKind, km: number): Condition => ({
  kind: 'accessMax',
  accessKind,
  valueM: km * 1000,
});
const anyOf = (...conditions: Condition[]): Condition => ({ kind: 'anyOf', conditions });
const allOf = (...conditions: Condition[]): Condition => ({ kind: 'allOf', conditions });

export const DISTANCE_ACCESS: Record<DistanceNeed, AccessKind> = {
  motorway: 'motorway_access',
  railFreight: 'rail_freight',
  port: 'port',
  airport: 'airport',
};
const RISK_CONDITION: Record<RiskExclusion, () => Condition> = {
  ppri_red: () => notIn('ppriZone', ['red']),
  pprt: () => notIn('pprtZone', ['light_red', 'dark_red']),
  natura2000: () => notIn('natura2000', ['inside']),
};
/** PLU zones a plant may go in: U, AUc, and AUs with a PLU change (a warning, not a knock-out). */
export const BUILDABLE_PLU_ZONES = ['U', 'AUc', 'AUs'];

function conditionFor(key: HardKey, n: Needs, cfg: ElectricalConfig): Condition | null {
  switch (key) {
    case 'surfaceHa': {
      const atLeast = min('availableAreaHa', n.surfaceHa.min);
      if (n.surfaceHa.max === undefined) return atLeast;
      // Bigger than the max is fine when a lot small enough can be cut from it.
      return allOf(atLeast, anyOf(max('availableAreaHa', n.surfaceHa.max), max('minLotHa', n.surfaceHa.max)));
    }
    case 'powerMw': {
      const need = n.powerMw ?? 0;
      if (need <= 0) return null;
      const level = requiredVoltageLevel(need, cfg);
      const options: Condition[] = [min('powerAvailableMw', need)];
      if (level === 'LV') options.push(isTrue('electricity'));
      // No capacity yet, but a new connection fits within the ramp-up: connectable in time.
      const kind = substationKindFor(level);
      if (n.rampUpMonths !== undefined && kind) {
        const km = maxSubstationKmForDelay(level, n.rampUpMonths, cfg);
        if (km !== null) options.push(accessMax(kind, Number.isFinite(km) ? km : 1e6));
      }
      return options.length === 1 ? options[0] : anyOf(...options);
    }
    case 'gas':
      if (!n.gas) return null;
      return n.gas.capacityMwhPerDay !== undefined
        ? min('gasCapacityMwhPerDay', n.gas.capacityMwhPerDay)
        : isTrue('gas');
    case 'waterM3PerDay':
      return (n.waterM3PerDay ?? 0) > 0 ? min('waterM3PerDay', n.waterM3PerDay ?? 0) : null;
    case 'wastewaterM3PerDay':
      return (n.wastewaterM3PerDay ?? 0) > 0 ? min('wastewaterM3PerDay', n.wastewaterM3PerDay ?? 0) : null;
    case 'railSiding':
    case 'quay':
    case 'fibre':
      return n[key] === 'indifferent' ? null : isTrue(key);
    case 'maxDistanceKm.motorway':
    case 'maxDistanceKm.railFreight':
    case 'maxDistanceKm.port':
    case 'maxDistanceKm.airport': {
      const d = key.slice('maxDistanceKm.'.length) as DistanceNeed;
      const km = n.maxDistanceKm[d];
      if (km === undefined) return null;
      const c = accessMax(DISTANCE_ACCESS[d], km);
      // A siding or quay on site is distance 0.
      if (d === 'railFreight') return anyOf(isTrue('railSiding'), c);
      if (d === 'port') return anyOf(isTrue('quay'), c);
      return c;
    }
    case 'icpeRegime':
      if (!n.icpeRegime) return null;
      return inList('maxIcpeRegime', ICPE_ORDER.slice(ICPE_ORDER.indexOf(n.icpeRegime)));
    case 'sevesoTier':
      if (!n.sevesoTier || n.sevesoTier === 'none') return null;
      return inList('sevesoAllowed', SEVESO_ORDER.slice(SEVESO_ORDER.indexOf(n.sevesoTier)));
    case 'zoning':
      return inList('pluZone', BUILDABLE_PLU_ZONES);
    case 'availableBy':
      return n.availableBy
        ? { kind: 'max', ...col('availableFrom'), value: n.availableBy, valueType: 'date' }
        : null;
    case 'maxPriceEurM2':
      return n.maxPriceEurM2 !== undefined ? max('priceEurM2', n.maxPriceEurM2) : null;
    case 'brownfield':
      if (n.brownfield === 'indifferent') return null;
      // Mirrors criteria/brownfield.ts landKind(): the flag, else SITE-ECO site_evol_urba.
      return anyOf(
        isTrue('brownfield'),
        allOf(
          { kind: 'isNull', ...col('brownfield') },
          { kind: 'equals', ...col('urbanisationType'), value: 'renouvellement urbain', valueType: 'text' },
        ),
      );
    case 'excludeRisks':
      return null; // one spec per risk, built below
  }
}

/**
 * The hard constraints in force for these needs, scope filters first. Example:
 * `hardConstraintSpecs(parseNeeds({ surfaceHa: { min: 10 }, maxDistanceKm: { railFreight: 10 } }))`
 * → [scope.status, surfaceHa (min availableAreaHa 10), maxDistanceKm.railFreight
 * (anyOf railSiding = true, accessMax rail_freight 10000 m), zoning (pluZone in U/AUc/AUs)].
 */
export function hardConstraintSpecs(needs: Needs, options: HardConstraintOptions = {}): HardConstraintSpec[] {
  const cfg = options.electrical ?? DEFAULT_ELECTRICAL_CONFIG;
  const specs: HardConstraintSpec[] = [];
  const scope = (key: string, condition: Condition) =>
    specs.push({ key, need: 'scope', scope: true, condition });
  const area: Condition[] = [];
  if (needs.regions.length) area.push(inList('region', needs.regions));
  if (needs.departments.length) area.push(inList('department', needs.departments));
  if (needs.territories.length) area.push(inList('territorySiren', needs.territories));
  if (area.length) scope('scope.area', area.length === 1 ? area[0] : anyOf(...area));
  if (needs.excludeRegions.length) scope('scope.excludeRegions', notIn('region', needs.excludeRegions));
  if (needs.excludeDepartments.length)
    scope('scope.excludeDepartments', notIn('department', needs.excludeDepartments));
  scope('scope.status', notIn('status', [...EXCLUDED_STATUSES]));

  for (const key of effectiveHardKeys(needs)) {
    if (key === 'excludeRisks') {
      for (const risk of needs.excludeRisks) {
        specs.push({
          key: `excludeRisks.${risk}`,
          need: key,
          scope: false,
          condition: RISK_CONDITION[risk](),
        });
      }
      continue;
    }
    const condition = conditionFor(key, needs, cfg);
    if (condition) specs.push({ key, need: key, scope: false, condition });
  }
  return specs;
}

/**
 * Three-valued evaluation of a condition on a site, as SQL would (version 2's evaluator: version
 * 1's conditions are a subset of version 2's, evaluated the same way).
 */
export function evaluateCondition(c: Condition, site: MatchSite): boolean | null {
  return evaluateConditionV2(c, site);
}

export interface HardFailure {
  key: string;
  need: HardKey;
  /** What the project asked (a number in `unit`, or a code/flag). */
  required: number | string | boolean | null;
  /** What the site has; null when unknown. */
  actual: number | string | boolean | null;
  unit: string | null;
  /** How far off, in `unit` (positive), when measurable. */
  gap: number | null;
  /** True when the site's data is missing: "to confirm", not a proven failure. */
  unknown: boolean;
  reason_fr: string;
  reason_en: string;
}

export interface HardEvaluation {
  /** Inside the geographic / status scope. */
  inScope: boolean;
  /** In scope and every hard constraint true. */
  pass: boolean;
  failed: HardFailure[];
  /** Scope filters the site fails (it is then neither a candidate nor a near-miss). */
  outOfScope: string[];
}

/**
 * Evaluates every hard constraint on one site and explains the failures with the gap, e.g.
 * `{ key: 'powerMw', required: 12, actual: 7.5, unit: 'MW', gap: 4.5, unknown: false,
 *    reason_en: '7.5 MW available, 12 MW needed: new HTA (20 kV) connection …' }`.
 */
export function evaluateHardConstraints(
  site: MatchSite,
  needs: Needs,
  options: HardConstraintOptions = {},
): HardEvaluation {
  const cfg = options.electrical ?? DEFAULT_ELECTRICAL_CONFIG;
  const failed: HardFailure[] = [];
  const outOfScope: string[] = [];
  for (const spec of specsFor(needs, cfg)) {
    const r = evaluateCondition(spec.condition, site);
    if (r === true) continue;
    if (spec.scope) {
      outOfScope.push(spec.key);
      continue;
    }
    failed.push(explain(spec.key, spec.need as HardKey, site, needs, r === null, cfg));
  }
  const inScope = outOfScope.length === 0;
  return { inScope, pass: inScope && failed.length === 0, failed, outOfScope };
}

/**
 * The specs of one needs object, built once: the ranking stage evaluates the same needs on
 * every fetched site (rebuilding them per site was ~10 % of ranking 5,000 sites). Needs are
 * parsed request data and never mutated after parsing.
 */
const specCache = new WeakMap<Needs, { cfg: ElectricalConfig; specs: HardConstraintSpec[] }>();
function specsFor(needs: Needs, cfg: ElectricalConfig): HardConstraintSpec[] {
  const hit = specCache.get(needs);
  if (hit && hit.cfg === cfg) return hit.specs;
  const specs = hardConstraintSpecs(needs, { electrical: cfg });
  specCache.set(needs, { cfg, specs });
  return specs;
}
