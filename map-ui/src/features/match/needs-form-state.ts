/**
 * The project-needs form as plain strings and flags (what inputs hold), converted to and
 * from the `needs` object of `POST /api/match`. Validation lives in needs-validation.ts
 * (zod), loaded with the match screen only.
 */
import type { NeedsInput, Preference } from '../../api/shared-matching.ts';

export interface NeedsForm {
  surfaceMin: string;
  surfaceMax: string;
  allowAssembly: boolean;
  powerMw: string;
  /** Months the project can wait for its power (the ramp-up). */
  rampUpMonths: string;
  gasRequired: boolean;
  gasCapacity: string;
  waterM3PerDay: string;
  wastewaterM3PerDay: string;
  railSiding: Preference;
  quay: Preference;
  brownfield: Preference;
  fibre: Preference;
  distMotorway: string;
  distRailFreight: string;
  distPort: string;
  distAirport: string;
  /** Maximum drive times (minutes, by truck for freight access, by car for an airport). */
  driveMotorway: string;
  driveRailFreight: string;
  drivePort: string;
  driveAirport: string;
  /** Labour pool: working people wanted within 20, 30 or 45 minutes. */
  poolMinutes: '20' | '30' | '45';
  poolMinActive: string;
  icpeRegime: string;
  sevesoTier: string;
  availableBy: string;
  maxPriceEurM2: string;
  regions: string[];
  departments: string[];
  excludeRisks: string[];
  /** Default knock-outs turned into preferences (`relax`): ranked lower instead of excluded. */
  relax: string[];
  /** Needs the form has no field for (from a template: `hard`, `territories`, exclusions…), sent as they came. */
  extra: Record<string, unknown>;
}

export type NeedsField = keyof NeedsForm;

export const EMPTY_NEEDS_FORM: NeedsForm = {
  surfaceMin: '',
  surfaceMax: '',
  allowAssembly: false,
  powerMw: '',
  rampUpMonths: '',
  gasRequired: false,
  gasCapacity: '',
  waterM3PerDay: '',
  wastewaterM3PerDay: '',
  railSiding: 'indifferent',
  quay: 'indifferent',
  brownfield: 'indifferent',
  fibre: 'indifferent',
  distMotorway: '',
  distRailFreight: '',
  distPort: '',
  distAirport: '',
  driveMotorway: '',
  driveRailFreight: '',
  drivePort: '',
  driveAirport: '',
  poolMinutes: '30',
  poolMinActive: '',
  icpeRegime: '',
  sevesoTier: '',
  availableBy: '',
  maxPriceEurM2: '',
  regions: [],
  departments: [],
  excludeRisks: [],
  relax: [],
  extra: {},
};

/** The need keys the form edits; anything else in a template is kept in `extra`. */
const FORM_KEYS = new Set([
  'surfaceHa',
  'allowAssembly',
  'powerMw',
  'rampUpMonths',
  'gas',
  'waterM3PerDay',
  'wastewaterM3PerDay',
  'railSiding',
  'quay',
  'brownfield',
  'fibre',
  'maxDistanceKm',
  'maxDriveMinutes',
  'labourPool',
  'icpeRegime',
  'sevesoTier',
  'availableBy',
  'maxPriceEurM2',
  'regions',
  'departments',
  'excludeRisks',
  'relax',
]);

/** '' → undefined, '12,5' → 12.5 (French decimal comma), 'abc' → NaN (the schema then says "expected a number"). */
export function parseNumber(s: string): number | undefined {
  const t = s.trim().replace(/\s/g, '').replace(',', '.');
  return t === '' ? undefined : Number(t);
}

const str = (n: unknown): string => (typeof n === 'number' && Number.isFinite(n) ? String(n) : '');
const pref = (v: unknown): Preference => (v === 'required' || v === 'preferred' ? v : 'indifferent');
const strings = (v: unknown): string[] =>
  Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];

/**
 * Form → needs, leaving out what was not stated:
 * `formToNeeds({ ...EMPTY_NEEDS_FORM, surfaceMin: '5' })` → `{ surfaceHa: { min: 5 } }`.
 */
export function formToNeeds(f: NeedsForm): NeedsInput {
  const needs: Record<string, unknown> = { ...f.extra };
  const surface: Record<string, unknown> = { min: parseNumber(f.surfaceMin) ?? Number.NaN };
  const max = parseNumber(f.surfaceMax);
  if (max !== undefined) surface.max = max;
  needs.surfaceHa = surface;
  if (f.allowAssembly) needs.allowAssembly = true;
  const power = parseNumber(f.powerMw);
  if (power !== undefined) needs.powerMw = power;
  const rampUp = parseNumber(f.rampUpMonths);
  if (rampUp !== undefined) needs.rampUpMonths = rampUp;
  const gasCapacity = parseNumber(f.gasCapacity);
  if (f.gasRequired || gasCapacity !== undefined) {
    needs.gas = {
      required: f.gasRequired,
      ...(gasCapacity !== undefined ? { capacityMwhPerDay: gasCapacity } : {}),
    };
  }
  const water = parseNumber(f.waterM3PerDay);
  if (water !== undefined) needs.waterM3PerDay = water;
  const wastewater = parseNumber(f.wastewaterM3PerDay);
  if (wastewater !== undefined) needs.wastewaterM3PerDay = wastewater;
  for (const k of ['railSiding', 'quay', 'brownfield', 'fibre'] as const)
    if (f[k] !== 'indifferent') needs[k] = f[k];
  const dist: Record<string, number> = {};
  const pairs = [
    ['motorway', f.distMotorway],
    ['railFreight', f.distRailFreight],
    ['port', f.distPort],
    ['airport', f.distAirport],
  ] as const;
  for (const [k, v] of pairs) {
    const n = parseNumber(v);
    if (n !== undefined) dist[k] = n;
  }
  if (Object.keys(dist).length) needs.maxDistanceKm = dist;
  const drive: Record<string, number> = {};
  for (const [k, v] of [
    ['motorway', f.driveMotorway],
    ['railFreight', f.driveRailFreight],
    ['port', f.drivePort],
    ['airport', f.driveAirport],
  ] as const) {
    const n = parseNumber(v);
    if (n !== undefined) drive[k] = n;
  }
  if (Object.keys(drive).length) needs.maxDriveMinutes = drive;
  const minActive = parseNumber(f.poolMinActive);
  if (minActive !== undefined) needs.labourPool = { minutes: Number(f.poolMinutes), minActive };
  if (f.icpeRegime) needs.icpeRegime = f.icpeRegime;
  if (f.sevesoTier) needs.sevesoTier = f.sevesoTier;
  if (f.availableBy) needs.availableBy = f.availableBy;
  const price = parseNumber(f.maxPriceEurM2);
  if (price !== undefined) needs.maxPriceEurM2 = price;
  if (f.regions.length) needs.regions = [...f.regions];
  if (f.departments.length) needs.departments = [...f.departments];
  if (f.excludeRisks.length) needs.excludeRisks = [...f.excludeRisks];
  if (f.relax.length) needs.relax = [...f.relax];
  return needs as unknown as NeedsInput;
}

/** Needs (e.g. a template's) → form; unknown keys are ignored. */
export function needsToForm(needs: Record<string, unknown>): NeedsForm {
  const s = (needs.surfaceHa ?? {}) as Record<string, unknown>;
  const gas = (needs.gas ?? {}) as Record<string, unknown>;
  const d = (needs.maxDistanceKm ?? {}) as Record<string, unknown>;
  const dm = (needs.maxDriveMinutes ?? {}) as Record<string, unknown>;
  const lp = (needs.labourPool ?? {}) as Record<string, unknown>;
  return {
    surfaceMin: str(s.min),
    surfaceMax: str(s.max),
    allowAssembly: needs.allowAssembly === true,
    powerMw: str(needs.powerMw),
    rampUpMonths: str(needs.rampUpMonths),
    gasRequired: gas.required === true,
    gasCapacity: str(gas.capacityMwhPerDay),
    waterM3PerDay: str(needs.waterM3PerDay),
    wastewaterM3PerDay: str(needs.wastewaterM3PerDay),
    railSiding: pref(needs.railSiding),
    quay: pref(needs.quay),
    brownfield: pref(needs.brownfield),
    fibre: pref(needs.fibre),
    distMotorway: str(d.motorway),
    distRailFreight: str(d.railFreight),
    distPort: str(d.port),
    distAirport: str(d.airport),
    driveMotorway: str(dm.motorway),
    driveRailFreight: str(dm.railFreight),
    drivePort: str(dm.port),
    driveAirport: str(dm.airport),
    poolMinutes: lp.minutes === 20 || lp.minutes === 45 ? (String(lp.minutes) as '20' | '45') : '30',
    poolMinActive: str(lp.minActive),
    icpeRegime: typeof needs.icpeRegime === 'string' ? needs.icpeRegime : '',
    sevesoTier: typeof needs.sevesoTier === 'string' ? needs.sevesoTier : '',
    availableBy: typeof needs.availableBy === 'string' ? needs.availableBy : '',
    maxPriceEurM2: str(needs.maxPriceEurM2),
    regions: strings(needs.regions),
    departments: strings(needs.departments),
    excludeRisks: strings(needs.excludeRisks),
    relax: strings(needs.relax),
    extra: Object.fromEntries(Object.entries(needs).filter(([k]) => !FORM_KEYS.has(k))),
  };
}
