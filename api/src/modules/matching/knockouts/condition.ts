/**
 * The declarative language of knock-outs: a condition over site fields and precomputed access
 * distances, evaluated two ways with identical semantics — here in TypeScript (to explain a
 * failure) and in SQL (condition.sql.ts, to filter and count over `site_match`).
 *
 * Semantics (three-valued, SQL's NULL logic, so both evaluators agree):
 *   min      field >= value          max      field <= value        (number, or ISO date)
 *   equals   field = value           in       field = ANY(values)    notIn  NOT (field = ANY(values))
 *   isNull   field IS NULL (never unknown)
 *   accessMax  site_access[kind].distance_m <= valueM (no row → unknown)
 *   driveMax   the drive time to the nearest feature of a kind <= minutes (candidate.ts driveOf)
 *   poolMin    the active population within 20/30/45 minutes >= active
 *   anyOf    OR of conditions        allOf    AND of conditions
 * A missing value makes an atomic condition unknown; a knock-out passes only when its condition
 * is TRUE, so unknown data never passes: it fails "to confirm".
 *
 * Each condition also has a normalised gap in [0, 1] (`conditionGap`): 0 when it holds, the
 * relative shortfall for a number (5 ha short of 30 → 0.167, capped at 1), 1 for a flag or code
 * that is wrong, UNKNOWN_GAP when the data is missing; min over anyOf, max over allOf. Near-misses
 * are ordered by it (fewest failures, then the smallest summed gaps).
 */
import { FIELD_BY_KEY } from '../../sites/site.fields.ts';
import {
  type AccessKind,
  accessOf,
  driveOf,
  type LabourPoolMinutes,
  type MatchSite,
  poolOf,
} from '../candidate.ts';
import { toIsoDate } from '../format.ts';

/** Site fields a condition may read (camelCase keys of sites/site.fields.ts). */
export type ConditionField =
  | 'availableAreaHa'
  | 'minLotHa'
  | 'powerAvailableMw'
  | 'powerVoltageKv'
  | 'gridHostingCapacityMw'
  | 'electricity'
  | 'gas'
  | 'gasCapacityMwhPerDay'
  | 'drinkingWater'
  | 'waterM3PerDay'
  | 'sewerage'
  | 'wastewaterM3PerDay'
  | 'railSiding'
  | 'quay'
  | 'fibre'
  | 'maxIcpeRegime'
  | 'sevesoAllowed'
  | 'pluZone'
  | 'pluDestination'
  | 'availableFrom'
  | 'reservedUntil'
  | 'priceEurM2'
  | 'brownfield'
  | 'urbanisationType'
  | 'ppriZone'
  | 'pprtZone'
  | 'natura2000'
  | 'soilPollution'
  | 'sevesoNeighbour'
  | 'region'
  | 'department'
  | 'territorySiren'
  | 'status';

export interface FieldRef {
  /** Site field key (camelCase, sites/site.fields.ts). */
  field: ConditionField;
  /** Its column in `sites` and `site_match` (from FIELD_BY_KEY), for the SQL compiler. */
  column: string;
}

export type Condition =
  | (FieldRef & { kind: 'min' | 'max'; value: number | string; valueType: 'number' | 'date' })
  | (FieldRef & { kind: 'equals'; value: boolean | string; valueType: 'boolean' | 'text' })
  | (FieldRef & { kind: 'in' | 'notIn'; values: string[] })
  | (FieldRef & { kind: 'isNull' })
  | { kind: 'accessMax'; accessKind: AccessKind; valueM: number }
  | { kind: 'driveMax'; accessKind: AccessKind; minutes: number }
  | { kind: 'poolMin'; minutes: LabourPoolMinutes; active: number }
  | { kind: 'anyOf' | 'allOf'; conditions: Condition[] };

/** Gap of a condition whose data is missing: neither a pass nor a full miss. */
export const UNKNOWN_GAP = 0.5;
/** A date this many days late is a full miss (gap 1). */
export const DATE_GAP_DAYS = 365;

const ref = (field: ConditionField): FieldRef => {
  const def = FIELD_BY_KEY.get(field);
  if (!def) throw new Error(`no site field ${field}`);
  return { field, column: def.column };
};

/** `field >= value`: `atLeast('availableAreaHa', 10)`. */
export const atLeast = (field: ConditionField, value: number): Condition => ({
  kind: 'min',
  ...ref(field),
  value,
  valueType: 'number',
});
/** `field <= value`. */
export const atMost = (field: ConditionField, value: number): Condition => ({
  kind: 'max',
  ...ref(field),
  value,
  valueType: 'number',
});
/** `date field <= ISO date`. */
export const onOrBefore = (field: ConditionField, isoDate: string): Condition => ({
  kind: 'max',
  ...ref(field),
  value: isoDate,
  valueType: 'date',
});
export const isTrue = (field: ConditionField): Condition => ({
  kind: 'equals',
  ...ref(field),
  value: true,
  valueType: 'boolean',
});
export const isFalse = (field: ConditionField): Condition => ({
  kind: 'equals',
  ...ref(field),
  value: false,
  valueType: 'boolean',
});
export const equalsText = (field: ConditionField, value: string): Condition => ({
  kind: 'equals',
  ...ref(field),
  value,
  valueType: 'text',
});
export const oneOf = (field: ConditionField, values: readonly string[]): Condition => ({
  kind: 'in',
  ...ref(field),
  values: [...values],
});
export const noneOf = (field: ConditionField, values: readonly string[]): Condition => ({
  kind: 'notIn',
  ...ref(field),
  values: [...values],
});
export const isNull = (field: ConditionField): Condition => ({ kind: 'isNull', ...ref(field) });
/** Nearest feature of a kind within `km`: `within('port', 10)`. */
export const within = (accessKind: AccessKind, km: number): Condition => ({
  kind: 'accessMax',
  accessKind,
  valueM: km * 1000,
});
/** Nearest feature of a kind within `minutes` by road: `withinMinutes('port', 45)`. */
export const withinMinutes = (accessKind: AccessKind, minutes: number): Condition => ({
  kind: 'driveMax',
  accessKind,
  minutes,
});
/** At least `active` working people within `minutes`: `poolAtLeast(30, 20000)`. */
export const poolAtLeast = (minutes: LabourPoolMinutes, active: number): Condition => ({
  kind: 'poolMin',
  minutes,
  active,
});
export const anyOf = (...conditions: Condition[]): Condition =>
  conditions.length === 1 ? conditions[0] : { kind: 'anyOf', conditions };
export const allOf = (...conditions: Condition[]): Condition =>
  conditions.length === 1 ? conditions[0] : { kind: 'allOf', conditions };
/** True unless the field is known to be one of `values`: unknown passes (legal bans on facts). */
export const notKnownAs = (field: ConditionField, values: readonly string[]): Condition =>
  anyOf(isNull(field), noneOf(field, values));
/** False when a boolean field is known false, else the condition: a known absence is a failure. */
export const unlessFalse = (field: ConditionField, condition: Condition): Condition =>
  allOf(anyOf(isNull(field), isTrue(field)), condition);

/** The value of a field as the evaluators compare it (dates as ISO strings), null when unknown. */
export function fieldValue(site: MatchSite, field: ConditionField): string | number | boolean | null {
  if (field === 'availableFrom' || field === 'reservedUntil') return toIsoDate(site[field] ?? null);
  const v = site[field];
  return v === undefined || v === null ? null : (v as string | number | boolean);
}

/**
 * Three-valued evaluation of a condition on a site, as SQL would: true, false, or null
 * (unknown). `evaluateCondition(atLeast('powerAvailableMw', 12), site)` → null when the site
 * states no capacity.
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
    case 'driveMax': {
      const d = driveOf(site, c.accessKind);
      return d ? d.minutes <= c.minutes : null;
    }
    case 'poolMin': {
      const p = poolOf(site, c.minutes);
      return p ? p.active >= c.active : null;
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

const clamp01 = (x: number) => Math.min(1, Math.max(0, x));
const daysBetween = (a: string, b: string) =>
  Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / 86_400_000);

/**
 * Normalised gap of a condition on a site (see the file comment). Example: `atLeast('availableAreaHa', 30)`
 * on a 25 ha site → 5 / 30 ≈ 0.167; `within('port', 10)` at 13 km → 0.3.
 * condition.sql.ts compiles the same arithmetic (tested against this function).
 */
export function conditionGap(c: Condition, site: MatchSite): number {
  switch (c.kind) {
    case 'anyOf':
      return Math.min(...c.conditions.map((s) => conditionGap(s, site)));
    case 'allOf':
      return Math.max(...c.conditions.map((s) => conditionGap(s, site)));
    case 'accessMax': {
      const a = accessOf(site, c.accessKind);
      if (!a) return UNKNOWN_GAP;
      return c.valueM <= 0 ? (a.distanceM <= c.valueM ? 0 : 1) : clamp01((a.distanceM - c.valueM) / c.valueM);
    }
    case 'driveMax': {
      const d = driveOf(site, c.accessKind);
      if (!d) return UNKNOWN_GAP;
      return clamp01((d.minutes - c.minutes) / c.minutes);
    }
    case 'poolMin': {
      const p = poolOf(site, c.minutes);
      if (!p) return UNKNOWN_GAP;
      return clamp01((c.active - p.active) / c.active);
    }
    case 'isNull':
      return fieldValue(site, c.field) === null ? 0 : 1;
  }
  const v = fieldValue(site, c.field);
  if (v === null) return UNKNOWN_GAP;
  switch (c.kind) {
    case 'min':
    case 'max': {
      if (c.valueType === 'date') {
        const late =
          c.kind === 'max'
            ? daysBetween(String(c.value), String(v))
            : daysBetween(String(v), String(c.value));
        return clamp01(late / DATE_GAP_DAYS);
      }
      const x = Number(v);
      const limit = Number(c.value);
      const short = c.kind === 'min' ? limit - x : x - limit;
      if (short <= 0) return 0;
      return limit === 0 ? 1 : clamp01(short / Math.abs(limit));
    }
    case 'equals':
    case 'in':
    case 'notIn':
      return evaluateCondition(c, site) ? 0 : 1;
  }
}
