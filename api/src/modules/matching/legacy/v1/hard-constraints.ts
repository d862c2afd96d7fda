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
import { type AccessKind, accessOf, type MatchSite } from '../../candidate.ts';
import {
  type Bilingual,
  bi,
  colon,
  daysBetween,
  fmtDate,
  fmtKm,
  fmtMonths,
  fmtNum,
  type Lang,
  toIsoDate,
} from '../../format.ts';
import { landKind } from './criteria/brownfield.ts';
import { ICPE_ORDER, SEVESO_ORDER } from './criteria/zoning.ts';
import {
  assessPower,
  DEFAULT_ELECTRICAL_CONFIG,
  type ElectricalConfig,
  maxSubstationKmForDelay,
  requiredVoltageLevel,
  substationKindFor,
} from './electrical.ts';
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

const DISTANCE_ACCESS: Record<DistanceNeed, AccessKind> = {
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
 * Three-valued evaluation of a condition on a site, as SQL would: true, false, or null
 * (unknown). `evaluateCondition({ kind: 'min', field: 'powerAvailableMw', … value: 12 }, site)`
 * → null when the site states no capacity.
 */
export function evaluateCondition(c: Condition, site: MatchSite): boolean | null {
  switch (c.kind) {
    case 'anyOf': {
      let unknown = false;
      for (const sub of c.conditions) {
        const r = evaluateCondition(sub, site);
        if (r === true) return true;
        if (r === null) unknown = true;
      }
      return unknown ? null : false;
    }
    case 'allOf': {
      let unknown = false;
      for (const sub of c.conditions) {
        const r = evaluateCondition(sub, site);
        if (r === false) return false;
        if (r === null) unknown = true;
      }
      return unknown ? null : true;
    }
    case 'accessMax': {
      const a = accessOf(site, c.accessKind);
      return a ? a.distanceM <= c.valueM : null;
    }
    case 'isNull':
      return fieldValue(site, c.field) === null;
  }
  const v = fieldValue(site, c.field);
  if (v === null) return null;
  switch (c.kind) {
    case 'min':
      return c.valueType === 'date' ? String(v) >= String(c.value) : Number(v) >= Number(c.value);
    case 'max':
      return c.valueType === 'date' ? String(v) <= String(c.value) : Number(v) <= Number(c.value);
    case 'equals':
      return v === c.value;
    case 'in':
      return c.values.includes(String(v));
    case 'notIn':
      return !c.values.includes(String(v));
  }
}

function fieldValue(site: MatchSite, field: ConditionField): string | number | boolean | null {
  if (field === 'availableFrom') return toIsoDate(site.availableFrom ?? null);
  const v = site[field];
  return v === undefined || v === null ? null : (v as string | number | boolean);
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

// ---------------------------------------------------------------------------------------------
// Explanations

const TO_CONFIRM: Bilingual = { fr: 'à confirmer', en: 'to confirm' };

function failure(
  key: string,
  need: HardKey,
  unknown: boolean,
  required: HardFailure['required'],
  actual: HardFailure['actual'],
  unit: string | null,
  gap: number | null,
  reason: Bilingual,
): HardFailure {
  const g = gap === null ? null : Math.round(gap * 1000) / 1000;
  return { key, need, required, actual, unit, gap: g, unknown, reason_fr: reason.fr, reason_en: reason.en };
}

/** `unknownText({ fr: 'prix inconnu', en: 'price unknown' }, …)` → 'prix inconnu, max 40 €/m² : à confirmer'. */
const unknownText = (what: Bilingual, wanted: Bilingual): Bilingual =>
  bi((l) => `${what[l]}, ${wanted[l]}${colon(l)}${TO_CONFIRM[l]}`);

function explain(
  key: string,
  need: HardKey,
  site: MatchSite,
  n: Needs,
  unknown: boolean,
  cfg: ElectricalConfig,
): HardFailure {
  const num = (v: number, l: Lang, d = 1) => fmtNum(v, l, d);
  switch (need) {
    case 'surfaceHa': {
      const a = site.availableAreaHa ?? null;
      const { min: lo, max: hi } = n.surfaceHa;
      const required = hi !== undefined ? `${lo}–${hi}` : lo;
      if (a === null) {
        return failure(
          key,
          need,
          true,
          required,
          null,
          'ha',
          null,
          unknownText(
            { fr: 'surface disponible inconnue', en: 'available area unknown' },
            bi((l) => `${num(lo, l)} ha ${l === 'fr' ? 'demandés au minimum' : 'needed at least'}`),
          ),
        );
      }
      if (a < lo) {
        return failure(
          key,
          need,
          false,
          required,
          a,
          'ha',
          lo - a,
          bi((l) =>
            l === 'fr'
              ? `${num(a, l)} ha disponibles, ${num(lo, l)} ha demandés au minimum (manque ${num(lo - a, l)} ha)`
              : `${num(a, l)} ha available, at least ${num(lo, l)} ha needed (${num(lo - a, l)} ha short)`,
          ),
        );
      }
      const lot = site.minLotHa ?? null;
      const hiV = hi ?? a;
      return failure(
        key,
        need,
        unknown,
        required,
        a,
        'ha',
        a - hiV,
        bi((l) =>
          l === 'fr'
            ? `${num(a, l)} ha disponibles, ${num(hiV, l)} ha au maximum, ${lot === null ? `lot minimum inconnu${colon(l)}${TO_CONFIRM.fr}` : `non divisible (lot minimum ${num(lot, l)} ha)`}`
            : `${num(a, l)} ha available, at most ${num(hiV, l)} ha wanted, ${lot === null ? `minimum lot unknown: ${TO_CONFIRM.en}` : `not divisible (minimum lot ${num(lot, l)} ha)`}`,
        ),
      );
    }
    case 'powerMw': {
      const needMw = n.powerMw ?? 0;
      const a = assessPower(site, needMw, n.rampUpMonths, cfg);
      const gap = a.availableMw !== null ? needMw - a.availableMw : null;
      return failure(key, need, unknown, needMw, a.availableMw, 'MW', gap, a.reason);
    }
    case 'gas': {
      const capNeed = n.gas?.capacityMwhPerDay;
      if (capNeed !== undefined)
        return capacityFailure(
          key,
          need,
          unknown,
          capNeed,
          site.gasCapacityMwhPerDay ?? null,
          site.gas ?? null,
          { fr: 'MWh/j', en: 'MWh/day' },
          { fr: 'gaz', en: 'gas' },
        );
      return failure(
        key,
        need,
        unknown,
        true,
        site.gas ?? null,
        null,
        null,
        unknown
          ? unknownText(
              { fr: 'raccordement au gaz non renseigné', en: 'gas connection not stated' },
              { fr: 'gaz exigé', en: 'gas required' },
            )
          : { fr: 'pas de raccordement au gaz, gaz exigé', en: 'no gas connection, gas required' },
      );
    }
    case 'waterM3PerDay':
      return capacityFailure(
        key,
        need,
        unknown,
        n.waterM3PerDay ?? 0,
        site.waterM3PerDay ?? null,
        site.drinkingWater ?? null,
        { fr: 'm³/j', en: 'm³/day' },
        { fr: 'eau', en: 'water' },
      );
    case 'wastewaterM3PerDay':
      return capacityFailure(
        key,
        need,
        unknown,
        n.wastewaterM3PerDay ?? 0,
        site.wastewaterM3PerDay ?? null,
        site.sewerage ?? null,
        { fr: 'm³/j', en: 'm³/day' },
        { fr: 'eaux usées', en: 'wastewater' },
      );
    case 'railSiding':
    case 'quay':
    case 'fibre': {
      const text: Record<typeof need, { missing: Bilingual; unknown: Bilingual }> = {
        railSiding: {
          missing: {
            fr: "pas d'embranchement ferroviaire sur site, exigé",
            en: 'no rail siding on site, required',
          },
          unknown: {
            fr: 'embranchement ferroviaire sur site non renseigné, exigé',
            en: 'rail siding on site not stated, required',
          },
        },
        quay: {
          missing: { fr: 'pas de quai sur site, exigé', en: 'no quay on site, required' },
          unknown: { fr: 'quai sur site non renseigné, exigé', en: 'quay on site not stated, required' },
        },
        fibre: {
          missing: { fr: 'pas de fibre optique, exigée', en: 'no optical fibre, required' },
          unknown: { fr: 'fibre optique non renseignée, exigée', en: 'optical fibre not stated, required' },
        },
      };
      const tx = text[need];
      return failure(
        key,
        need,
        unknown,
        true,
        site[need] ?? null,
        null,
        null,
        unknown ? bi((l) => `${tx.unknown[l]}${colon(l)}${TO_CONFIRM[l]}`) : tx.missing,
      );
    }
    case 'maxDistanceKm.motorway':
    case 'maxDistanceKm.railFreight':
    case 'maxDistanceKm.port':
    case 'maxDistanceKm.airport': {
      const d = need.slice('maxDistanceKm.'.length) as DistanceNeed;
      const limit = n.maxDistanceKm[d] ?? 0;
      const label: Record<DistanceNeed, Bilingual> = {
        motorway: { fr: 'accès autoroutier', en: 'motorway access' },
        railFreight: { fr: 'fret ferroviaire', en: 'rail freight' },
        port: { fr: 'port', en: 'port' },
        airport: { fr: 'aéroport', en: 'airport' },
      };
      const acc = accessOf(site, DISTANCE_ACCESS[d]);
      const maxText = (l: Lang) => `max ${fmtKm(limit * 1000, l)}`;
      if (!acc) {
        return failure(
          key,
          need,
          true,
          limit,
          null,
          'km',
          null,
          bi(
            (l) =>
              `${l === 'fr' ? 'distance inconnue' : 'distance unknown'} (${label[d][l]}), ${maxText(l)}${colon(l)}${TO_CONFIRM[l]}`,
          ),
        );
      }
      const km = acc.distanceM / 1000;
      const over = km - limit;
      return failure(
        key,
        need,
        unknown,
        limit,
        Math.round(km * 1000) / 1000,
        'km',
        over,
        bi(
          (l) =>
            `${label[d][l]} ${l === 'fr' ? 'à' : 'at'} ${fmtKm(acc.distanceM, l)}, ${maxText(l)}` +
            (l === 'fr' ? ` (${fmtKm(over * 1000, l)} de trop)` : ` (${fmtKm(over * 1000, l)} over)`),
        ),
      );
    }
    case 'icpeRegime': {
      const m = site.maxIcpeRegime ?? null;
      const r = n.icpeRegime ?? null;
      return failure(
        key,
        need,
        unknown,
        r,
        m,
        null,
        null,
        m === null
          ? unknownText(
              { fr: 'régime ICPE admis non renseigné', en: 'accepted ICPE regime not stated' },
              bi((l) => `${r} ${l === 'fr' ? 'demandé' : 'needed'}`),
            )
          : bi((l) =>
              l === 'fr'
                ? `la zone admet au plus le régime ICPE ${m}, ${r} demandé`
                : `the zone accepts ICPE regime ${m} at most, ${r} needed`,
            ),
      );
    }
    case 'sevesoTier': {
      const m = site.sevesoAllowed ?? null;
      const r = n.sevesoTier ?? 'none';
      const tier: Record<string, Bilingual> = {
        none: { fr: 'aucun site Seveso', en: 'no Seveso plant' },
        lower: { fr: 'Seveso seuil bas', en: 'Seveso lower tier' },
        upper: { fr: 'Seveso seuil haut', en: 'Seveso upper tier' },
      };
      return failure(
        key,
        need,
        unknown,
        r,
        m,
        null,
        null,
        m === null
          ? unknownText(
              { fr: 'statut Seveso admis non renseigné', en: 'accepted Seveso status not stated' },
              bi((l) => `${tier[r][l]} ${l === 'fr' ? 'demandé' : 'needed'}`),
            )
          : bi((l) => {
              const wanted = `${tier[r][l]} ${l === 'fr' ? 'demandé' : 'needed'}`;
              if (m === 'none')
                return l === 'fr'
                  ? `la zone n'admet aucun site Seveso, ${wanted}`
                  : `the zone accepts no Seveso plant, ${wanted}`;
              return l === 'fr'
                ? `la zone admet au plus ${tier[m][l]}, ${wanted}`
                : `the zone accepts ${tier[m][l]} at most, ${wanted}`;
            }),
      );
    }
    case 'zoning': {
      const z = site.pluZone ?? null;
      return failure(
        key,
        need,
        unknown,
        BUILDABLE_PLU_ZONES.join('/'),
        z,
        null,
        null,
        z === null
          ? unknownText(
              { fr: 'zonage PLU non renseigné', en: 'PLU zoning not stated' },
              { fr: 'zone U ou AU requise', en: 'zone U or AU required' },
            )
          : bi((l) =>
              l === 'fr'
                ? `zone ${z} du PLU (${z === 'A' ? 'agricole' : 'naturelle'})${colon(l)}implantation industrielle exclue`
                : `PLU zone ${z} (${z === 'A' ? 'agricultural' : 'natural'}): no plant allowed`,
            ),
      );
    }
    case 'availableBy': {
      const by = n.availableBy ?? '';
      const from = toIsoDate(site.availableFrom ?? null);
      if (from === null) {
        return failure(
          key,
          need,
          true,
          by,
          null,
          'months',
          null,
          unknownText(
            { fr: 'date de disponibilité inconnue', en: 'availability date unknown' },
            bi((l) => (l === 'fr' ? `date limite demandée le ${fmtDate(by, l)}` : `needed by ${by}`)),
          ),
        );
      }
      const late = daysBetween(by, from) / 30.4375;
      return failure(
        key,
        need,
        false,
        by,
        from,
        'months',
        Math.round(late * 10) / 10,
        bi((l) =>
          l === 'fr'
            ? `disponible le ${fmtDate(from, l)}, date limite demandée${colon(l)}${fmtDate(by, l)} (${fmtMonths(Math.max(1, late), l)} de retard)`
            : `available from ${from}, needed by ${by} (${fmtMonths(Math.max(1, late), l)} late)`,
        ),
      );
    }
    case 'maxPriceEurM2': {
      const p = site.priceEurM2 ?? null;
      const m = n.maxPriceEurM2 ?? 0;
      if (p === null)
        return failure(
          key,
          need,
          true,
          m,
          null,
          '€/m²',
          null,
          unknownText(
            { fr: 'prix inconnu', en: 'price unknown' },
            bi((l) => `max ${num(m, l)} €/m²`),
          ),
        );
      return failure(
        key,
        need,
        false,
        m,
        p,
        '€/m²',
        p - m,
        bi((l) => `${num(p, l)} €/m², max ${num(m, l)} €/m² (+${num(p - m, l)} €/m²)`),
      );
    }
    case 'brownfield': {
      const k = landKind(site);
      return failure(
        key,
        need,
        unknown,
        true,
        k === null ? null : k === 'brownfield',
        null,
        null,
        k === null
          ? unknownText(
              { fr: 'statut friche ou extension non renseigné', en: 'brownfield status not stated' },
              { fr: 'friche exigée', en: 'brownfield required' },
            )
          : bi((l) =>
              l === 'fr'
                ? `${k === 'mixed' ? 'site mixte' : 'extension sur terres naturelles ou agricoles'}, friche exigée (ZAN)`
                : `${k === 'mixed' ? 'mixed site' : 'greenfield extension'}, brownfield required (ZAN)`,
            ),
      );
    }
    case 'excludeRisks': {
      const risk = key.slice('excludeRisks.'.length) as RiskExclusion;
      const field = risk === 'ppri_red' ? 'ppriZone' : risk === 'pprt' ? 'pprtZone' : 'natura2000';
      const v = site[field] ?? null;
      const label: Record<RiskExclusion, Bilingual> = {
        ppri_red: {
          fr: 'zone rouge PPRI (construction interdite)',
          en: 'PPRI red zone (building forbidden)',
        },
        pprt: {
          fr: `zone ${v === 'dark_red' ? 'rouge foncé' : 'rouge clair'} PPRT (interdiction)`,
          en: `PPRT ${v === 'dark_red' ? 'dark' : 'light'} red zone (ban)`,
        },
        natura2000: { fr: 'dans un site Natura 2000', en: 'inside a Natura 2000 site' },
      };
      const what: Record<RiskExclusion, Bilingual> = {
        ppri_red: { fr: 'zonage PPRI non renseigné', en: 'PPRI zoning not stated' },
        pprt: { fr: 'zonage PPRT non renseigné', en: 'PPRT zoning not stated' },
        natura2000: { fr: 'situation Natura 2000 non renseignée', en: 'Natura 2000 status not stated' },
      };
      return failure(
        key,
        need,
        unknown,
        `not ${risk}`,
        v,
        null,
        null,
        v === null
          ? unknownText(what[risk], { fr: 'risque exclu par le projet', en: 'risk excluded by the project' })
          : bi(
              (l) => `${label[risk][l]}${l === 'fr' ? ', exclu par le projet' : ', excluded by the project'}`,
            ),
      );
    }
  }
}

function capacityFailure(
  key: string,
  need: HardKey,
  unknown: boolean,
  wanted: number,
  capacity: number | null,
  network: boolean | null,
  unit: Bilingual,
  label: Bilingual,
): HardFailure {
  if (capacity === null) {
    const reason =
      network === false
        ? bi(
            (l) =>
              `${label[l]}${colon(l)}${l === 'fr' ? 'pas de réseau' : 'no network'}, ${fmtNum(wanted, l, 0)} ${unit[l]} ${l === 'fr' ? 'demandés' : 'needed'}`,
          )
        : bi(
            (l) =>
              `${label[l]}${colon(l)}${l === 'fr' ? 'capacité inconnue' : 'capacity unknown'}, ${fmtNum(wanted, l, 0)} ${unit[l]} ${l === 'fr' ? 'demandés' : 'needed'}${colon(l)}${TO_CONFIRM[l]}`,
          );
    return failure(
      key,
      need,
      unknown,
      wanted,
      network === false ? 0 : null,
      unit.en,
      network === false ? wanted : null,
      reason,
    );
  }
  return failure(
    key,
    need,
    unknown,
    wanted,
    capacity,
    unit.en,
    wanted - capacity,
    bi(
      (l) =>
        `${label[l]}${colon(l)}${fmtNum(capacity, l, 0)} ${unit[l]} ${l === 'fr' ? 'disponibles' : 'available'}, ` +
        `${fmtNum(wanted, l, 0)} ${unit[l]} ${l === 'fr' ? 'demandés' : 'needed'} (${l === 'fr' ? 'manque' : 'short by'} ${fmtNum(wanted - capacity, l, 0)} ${unit[l]})`,
    ),
  );
}
