/**
 * Project needs and the `POST /api/match` request (HTTP contract: /api/openapi.json). One zod schema
 * serves the API (400 with the field named), the UI form and the OpenAPI document
 * (`z.toJSONSchema(needsSchema, { io: 'input' })`).
 *
 * Shapes beyond the contract's names, documented here:
 * - `gas: { required, capacityMwhPerDay? }`: `required: true` = the project needs a gas
 *   connection (default knock-out); a capacity makes it "at least this many MWh/day".
 * - `fibre`: `required|preferred|indifferent`, like `railSiding` (data centres).
 * - `regions`, `departments`, `territories` are a union (a site in any of them is in scope);
 *   `excludeRegions` and `excludeDepartments` then remove sites. They are scope filters, not
 *   hard constraints: a site outside the scope is never a near-miss.
 * - `hard`: the need keys that knock sites out. Absent → `defaultHardKeys(needs)`; `[]` → no
 *   knock-out at all (pure ranking of everything in scope).
 */
import { z } from 'zod';
import { ICPE_REGIMES, SEVESO_TIERS } from '../sites/site.fields.ts';
import type { AccessKind } from './candidate.ts';
import { DEPARTMENT_BY_CODE, isDepartmentCode, isRegionCode, REGION_BY_CODE } from './geo-codes.ts';

/** Caps beyond which a need is a typo, not a project (a 10 GW "need" is refused). */
export const LIMITS = {
  surfaceHa: 5_000,
  powerMw: 2_000,
  rampUpMonths: 240,
  gasMwhPerDay: 100_000,
  waterM3PerDay: 500_000,
  distanceKm: 1_000,
  /** 4 hours: beyond, a drive time is no site-selection constraint. */
  driveMinutes: 240,
  /** France's active population aged 15–64 is about 30 million (INSEE). */
  activePopulation: 30_000_000,
  priceEurM2: 10_000,
  weight: 100,
  resultLimit: 200,
} as const;

export const PREFERENCES = ['required', 'preferred', 'indifferent'] as const;
export type Preference = (typeof PREFERENCES)[number];
/**
 * Risks a project may exclude on top of the legal bans (knockouts/risk-exclusions.ts):
 * `ppri_blue`/`pprt_blue` exclude blue zones too, `natura2000_adjacent` sites next to Natura
 * 2000, `soil_pollution` proven pollution (food, medical uses), `seveso_neighbour` a Seveso
 * neighbour.
 */
export const RISK_EXCLUSIONS = [
  'ppri_red',
  'pprt',
  'natura2000',
  'ppri_blue',
  'pprt_blue',
  'natura2000_adjacent',
  'seveso_neighbour',
  'soil_pollution',
] as const;
export type RiskExclusion = (typeof RISK_EXCLUSIONS)[number];
export const DISTANCE_NEEDS = ['motorway', 'railFreight', 'port', 'airport'] as const;
export type DistanceNeed = (typeof DISTANCE_NEEDS)[number];
/** The access kind each distance need measures to. */
export const DISTANCE_ACCESS: Record<DistanceNeed, AccessKind> = {
  motorway: 'motorway_access',
  railFreight: 'rail_freight',
  port: 'port',
  airport: 'airport',
};
/**
 * Names a client might use to lift a legal ban (`relax`), with the ban they name: refused with
 * a 400, since a ban is not a preference (knockouts/legal-*.ts).
 */
const LEGAL_BAN_NAMES: Record<string, string> = {
  'legal.ppri_red': 'a PPRI red zone forbids new buildings',
  ppri_red: 'a PPRI red zone forbids new buildings',
  'legal.pprt_red': 'a PPRT red zone forbids new buildings',
  pprt: 'a PPRT red zone forbids new buildings',
  pprt_red: 'a PPRT red zone forbids new buildings',
  'legal.natura2000': 'inside Natura 2000, an authorisation or Seveso project cannot be authorised',
  natura2000: 'inside Natura 2000, an authorisation or Seveso project cannot be authorised',
  'legal.plu_zone': 'PLU zones A and N forbid plants',
  plu_zone: 'PLU zones A and N forbid plants',
  'legal.plu_destination': 'a PLU zone for housing, leisure, facilities, farming or nature forbids industry',
  plu_destination: 'a PLU zone for housing, leisure, facilities, farming or nature forbids industry',
};

/** Need keys that may be knock-outs (the values allowed in `hard`). */
export const HARD_KEYS = [
  'surfaceHa',
  'powerMw',
  'gas',
  'waterM3PerDay',
  'wastewaterM3PerDay',
  'railSiding',
  'quay',
  'fibre',
  'maxDistanceKm.motorway',
  'maxDistanceKm.railFreight',
  'maxDistanceKm.port',
  'maxDistanceKm.airport',
  'maxDriveMinutes.motorway',
  'maxDriveMinutes.railFreight',
  'maxDriveMinutes.port',
  'maxDriveMinutes.airport',
  'labourPool',
  'icpeRegime',
  'sevesoTier',
  'zoning',
  'availableBy',
  'maxPriceEurM2',
  'brownfield',
  'excludeRisks',
] as const;
export type HardKey = (typeof HARD_KEYS)[number];

export const finite = (what: string) => z.number({ error: `${what}: expected a number` }).finite();
/**
 * Quantities are kept to the precision a project states them in (1 kW, 1 m², 1 m, 1 L/day,
 * 1 c€): a positive figure below that step becomes the step, never 0, and a sub-normal double
 * (5e-324 MW) cannot underflow the matching SQL into a 22003 error.
 */
export const QUANTITY_STEPS = {
  surfaceHa: 1e-4,
  powerMw: 1e-3,
  gasMwhPerDay: 1e-3,
  waterM3PerDay: 1e-3,
  distanceKm: 1e-3,
  driveMinutes: 1e-1,
  priceEurM2: 1e-2,
} as const;
export function toStep(value: number, step: number): number {
  if (value === 0) return 0;
  const decimals = Math.max(0, -Math.floor(Math.log10(step)));
  const rounded = Number((Math.round(value / step) * step).toFixed(decimals));
  return rounded === 0 ? Math.sign(value) * step : rounded;
}
const stepped = (step: number) => (v: number) => toStep(v, step);
export const preference = z.enum(PREFERENCES, { error: 'expected "required", "preferred" or "indifferent"' });
export const isoDate = z.iso.date({ error: 'expected a date as YYYY-MM-DD' });
/**
 * The bounded quantities of the needs as stated, before the rounding to QUANTITY_STEPS that
 * version 2 applies (version 1 reads them as they are).
 */
export const BOUNDED = {
  surfaceMin: finite('surfaceHa.min')
    .positive('must be greater than 0 ha')
    .max(LIMITS.surfaceHa, `more than ${LIMITS.surfaceHa} ha: check the unit (hectares, not m²)`),
  surfaceMax: finite('surfaceHa.max')
    .positive('must be greater than 0 ha')
    .max(LIMITS.surfaceHa, `more than ${LIMITS.surfaceHa} ha: check the unit (hectares, not m²)`),
  powerMw: finite('powerMw')
    .min(0, 'must not be negative')
    .max(
      LIMITS.powerMw,
      `more than ${LIMITS.powerMw} MW (2 GW): beyond any single industrial connection; check the unit (MW, not kW)`,
    ),
  rampUpMonths: z
    .number()
    .int('expected whole months')
    .min(0, 'must not be negative')
    .max(LIMITS.rampUpMonths, `more than ${LIMITS.rampUpMonths} months (20 years)`),
  gasCapacity: finite('gas.capacityMwhPerDay')
    .positive('must be greater than 0 MWh/day')
    .max(LIMITS.gasMwhPerDay, `more than ${LIMITS.gasMwhPerDay} MWh/day: check the unit (MWh, not kWh)`),
  waterM3PerDay: (what: 'waterM3PerDay' | 'wastewaterM3PerDay') =>
    finite(what)
      .min(0, 'must not be negative')
      .max(LIMITS.waterM3PerDay, `more than ${LIMITS.waterM3PerDay} m³/day: check the unit (m³ per day)`),
  distanceKm: finite('distance in km')
    .positive('must be greater than 0 km')
    .max(LIMITS.distanceKm, `more than ${LIMITS.distanceKm} km: that is no constraint within France`),
};
const distanceKm = BOUNDED.distanceKm.transform(stepped(QUANTITY_STEPS.distanceKm));
const driveMinutes = finite('drive time in minutes')
  .positive('must be greater than 0 min')
  .max(LIMITS.driveMinutes, `more than ${LIMITS.driveMinutes} min (4 h): state a shorter drive time`)
  .transform(stepped(QUANTITY_STEPS.driveMinutes));
const regionCode = z.string().refine(isRegionCode, {
  error: (iss) =>
    `unknown région code ${JSON.stringify(iss.input)}: expected an INSEE code such as "44" (Grand Est)`,
  params: { code: 'unknown_region' },
});
const departmentCode = z.string().refine(isDepartmentCode, {
  error: (iss) =>
    `unknown département code ${JSON.stringify(iss.input)}: expected an INSEE code such as "57", "2A" or "974"`,
  params: { code: 'unknown_departement' },
});
const codeList = <T extends z.ZodType<string>>(item: T, max: number) =>
  z
    .array(item)
    .max(max, `at most ${max} codes`)
    .default([])
    .transform((a) => [...new Set(a)]);
/** The scope filters (version 1's needs have the same). */
export const SCOPE_FIELDS = {
  regions: codeList(regionCode, 18),
  departments: codeList(departmentCode, 101),
  excludeRegions: codeList(regionCode, 18),
  excludeDepartments: codeList(departmentCode, 101),
  territories: z
    .array(z.string().regex(/^\d{9}$/, 'expected a 9-digit SIREN'))
    .max(200, 'at most 200 territories')
    .default([])
    .transform((a) => [...new Set(a)]),
};

const needsObject = z.strictObject({
  surfaceHa: z.strictObject({
    min: BOUNDED.surfaceMin.transform(stepped(QUANTITY_STEPS.surfaceHa)),
    max: BOUNDED.surfaceMax.transform(stepped(QUANTITY_STEPS.surfaceHa)).optional(),
  }),
  allowAssembly: z.boolean().default(false),
  powerMw: BOUNDED.powerMw.transform(stepped(QUANTITY_STEPS.powerMw)).optional(),
  rampUpMonths: BOUNDED.rampUpMonths.optional(),
  gas: z
    .strictObject({
      required: z.boolean(),
      capacityMwhPerDay: BOUNDED.gasCapacity.transform(stepped(QUANTITY_STEPS.gasMwhPerDay)).optional(),
    })
    .optional(),
  waterM3PerDay: BOUNDED.waterM3PerDay('waterM3PerDay')
    .transform(stepped(QUANTITY_STEPS.waterM3PerDay))
    .optional(),
  wastewaterM3PerDay: BOUNDED.waterM3PerDay('wastewaterM3PerDay')
    .transform(stepped(QUANTITY_STEPS.waterM3PerDay))
    .optional(),
  railSiding: preference.default('indifferent'),
  quay: preference.default('indifferent'),
  fibre: preference.default('indifferent'),
  maxDistanceKm: z
    .strictObject({
      motorway: distanceKm.optional(),
      railFreight: distanceKm.optional(),
      port: distanceKm.optional(),
      airport: distanceKm.optional(),
    })
    .default({}),
  maxDriveMinutes: z
    .strictObject({
      motorway: driveMinutes.optional(),
      railFreight: driveMinutes.optional(),
      port: driveMinutes.optional(),
      airport: driveMinutes.optional(),
    })
    .default({}),
  labourPool: z
    .strictObject({
      minutes: z.union([z.literal(20), z.literal(30), z.literal(45)], {
        error: 'expected 20, 30 or 45 (minutes)',
      }),
      minActive: z
        .number({ error: 'labourPool.minActive: expected a number' })
        .int('expected a whole number of people')
        .positive('must be at least 1 person')
        .max(
          LIMITS.activePopulation,
          `more than ${LIMITS.activePopulation} people: more than France's whole active population`,
        ),
    })
    .optional(),
  icpeRegime: z.enum(ICPE_REGIMES, { error: 'expected one of NC, D, DC, E, A' }).optional(),
  sevesoTier: z.enum(SEVESO_TIERS, { error: 'expected one of none, lower, upper' }).optional(),
  availableBy: isoDate
    .refine((v) => v >= '2000-01-01' && v <= '2100-12-31', {
      message: 'expected a date between 2000 and 2100',
      params: { code: 'date_out_of_range', min: '2000-01-01', max: '2100-12-31' },
    })
    .optional(),
  maxPriceEurM2: finite('maxPriceEurM2')
    .positive('must be greater than 0 €/m²')
    .max(LIMITS.priceEurM2, `more than ${LIMITS.priceEurM2} €/m²`)
    .transform(stepped(QUANTITY_STEPS.priceEurM2))
    .optional(),
  ...SCOPE_FIELDS,
  brownfield: preference.default('indifferent'),
  excludeRisks: z
    .array(z.enum(RISK_EXCLUSIONS, { error: `expected one of ${RISK_EXCLUSIONS.join(', ')}` }))
    .default([])
    .transform((a) => [...new Set(a)]),
  hard: z
    .array(z.enum(HARD_KEYS, { error: `expected one of ${HARD_KEYS.join(', ')}` }))
    .transform((a) => [...new Set(a)])
    .optional(),
  relax: z
    .array(z.string().max(60))
    .max(HARD_KEYS.length)
    .default([])
    .superRefine((keys, ctx) => {
      keys.forEach((key, i) => {
        const ban = LEGAL_BAN_NAMES[key];
        if (ban) {
          ctx.addIssue({
            code: 'custom',
            path: [i],
            message: `"${key}" is a legal ban (${ban}) and cannot be lifted or relaxed; only needs can be relaxed`,
          });
        } else if (!(HARD_KEYS as readonly string[]).includes(key)) {
          ctx.addIssue({
            code: 'custom',
            path: [i],
            message: `unknown knock-out "${key}"; expected one of ${HARD_KEYS.join(', ')}`,
          });
        }
      });
    })
    .transform((a) => [...new Set(a)] as HardKey[]),
});

/** Parsed needs, defaults applied (what the engine reads). */
export type Needs = z.output<typeof needsObject>;
/** Needs as a client sends them. */
export type NeedsInput = z.input<typeof needsObject>;

/**
 * Whether a need key is stated, i.e. can be a knock-out: `isHardKeyApplicable(needs, 'powerMw')`
 * is false when no power need was given. `surfaceHa` and `zoning` always apply.
 */
export function isHardKeyApplicable(n: Needs, key: HardKey): boolean {
  switch (key) {
    case 'surfaceHa':
    case 'zoning':
      return true;
    case 'powerMw':
      return (n.powerMw ?? 0) > 0;
    case 'gas':
      return n.gas !== undefined && (n.gas.required || n.gas.capacityMwhPerDay !== undefined);
    case 'waterM3PerDay':
      return (n.waterM3PerDay ?? 0) > 0;
    case 'wastewaterM3PerDay':
      return (n.wastewaterM3PerDay ?? 0) > 0;
    case 'railSiding':
    case 'quay':
    case 'fibre':
    case 'brownfield':
      return n[key] !== 'indifferent';
    case 'maxDistanceKm.motorway':
    case 'maxDistanceKm.railFreight':
    case 'maxDistanceKm.port':
    case 'maxDistanceKm.airport':
      return n.maxDistanceKm[key.slice('maxDistanceKm.'.length) as DistanceNeed] !== undefined;
    case 'maxDriveMinutes.motorway':
    case 'maxDriveMinutes.railFreight':
    case 'maxDriveMinutes.port':
    case 'maxDriveMinutes.airport':
      return n.maxDriveMinutes[key.slice('maxDriveMinutes.'.length) as DistanceNeed] !== undefined;
    case 'labourPool':
      return n.labourPool !== undefined;
    case 'icpeRegime':
      return n.icpeRegime !== undefined;
    case 'sevesoTier':
      return n.sevesoTier !== undefined;
    case 'availableBy':
      return n.availableBy !== undefined;
    case 'maxPriceEurM2':
      return n.maxPriceEurM2 !== undefined;
    case 'excludeRisks':
      return n.excludeRisks.length > 0;
  }
}

/**
 * The knock-outs when the client sends no `hard` list: the contract's defaults (`surfaceHa`,
 * `powerMw`, every `maxDistanceKm.*` and `maxDriveMinutes.*` given, `labourPool`, every
 * `required`, `availableBy`, `excludeRisks`)
 * plus the regulatory knock-outs: `zoning` (PLU A/N: building barred), `icpeRegime` and `sevesoTier`
 * when given. Water, wastewater and price stay preferences unless listed in `hard`.
 * Example: `defaultHardKeys(parse({ surfaceHa: { min: 5 } }))` → ['surfaceHa', 'zoning'].
 */
export function defaultHardKeys(n: Needs): HardKey[] {
  const keys: HardKey[] = ['surfaceHa'];
  if ((n.powerMw ?? 0) > 0) keys.push('powerMw');
  if (n.gas?.required) keys.push('gas');
  for (const k of ['railSiding', 'quay', 'fibre', 'brownfield'] as const)
    if (n[k] === 'required') keys.push(k);
  for (const d of DISTANCE_NEEDS) if (n.maxDistanceKm[d] !== undefined) keys.push(`maxDistanceKm.${d}`);
  for (const d of DISTANCE_NEEDS) if (n.maxDriveMinutes[d] !== undefined) keys.push(`maxDriveMinutes.${d}`);
  if (n.labourPool !== undefined) keys.push('labourPool');
  if (n.icpeRegime !== undefined) keys.push('icpeRegime');
  if (n.sevesoTier !== undefined && n.sevesoTier !== 'none') keys.push('sevesoTier');
  keys.push('zoning');
  if (n.availableBy !== undefined) keys.push('availableBy');
  if (n.excludeRisks.length > 0) keys.push('excludeRisks');
  return keys;
}

/**
 * The need knock-outs in force: the client's `hard` list, or the defaults, minus `relax` (keys
 * turned into preferences). Legal bans are not need keys: they always apply.
 */
export function effectiveHardKeys(n: Needs): HardKey[] {
  const relaxed = new Set(n.relax ?? []);
  return (n.hard ?? defaultHardKeys(n)).filter((k) => !relaxed.has(k));
}

export const needsSchema = needsObject.superRefine(refineNeeds(HARD_KEYS, isHardKeyApplicable));

/** What `refineNeeds` reads of a version's parsed needs. */
interface RefinedNeeds<K extends string> {
  surfaceHa: { min: number; max?: number };
  gas?: { required: boolean; capacityMwhPerDay?: number };
  regions: string[];
  departments: string[];
  excludeRegions: string[];
  excludeDepartments: string[];
  hard?: K[];
}

/**
 * The checks across fields (surface range, gas, scope, knock-outs stated), for a version's
 * knock-out keys (version 1's needs use it too).
 */
export function refineNeeds<K extends string, N extends RefinedNeeds<K>>(
  hardKeys: readonly K[],
  isApplicable: (n: N, key: K) => boolean,
) {
  return (n: N, ctx: z.RefinementCtx) => {
    // Refinements run even when a field above failed, so every read here is defensive.
    const s = n.surfaceHa;
    if (s && typeof s.min === 'number' && typeof s.max === 'number' && s.max < s.min) {
      ctx.addIssue({
        code: 'custom',
        path: ['surfaceHa', 'max'],
        message: `max (${s.max} ha) is smaller than min (${s.min} ha)`,
        params: { code: 'min_exceeds_max', other: 'surfaceHa.min' },
      });
    }
    if (n.gas && n.gas.required === false && n.gas.capacityMwhPerDay !== undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['gas', 'required'],
        message: 'a gas capacity was given with required: false; send required: true (or drop the capacity)',
      });
    }
    const excludedRegions = new Set(n.excludeRegions ?? []);
    (n.regions ?? []).forEach((r, i) => {
      if (excludedRegions.has(r)) {
        ctx.addIssue({
          code: 'custom',
          path: ['regions', i],
          message: `région ${r} is both wanted and excluded`,
        });
      }
    });
    const excludedDepartments = new Set(n.excludeDepartments ?? []);
    (n.departments ?? []).forEach((dp, i) => {
      if (excludedDepartments.has(dp)) {
        ctx.addIssue({
          code: 'custom',
          path: ['departments', i],
          message: `département ${dp} is both wanted and excluded`,
        });
      }
      const region = DEPARTMENT_BY_CODE.get(dp)?.regionCode;
      if (region && excludedRegions.has(region)) {
        ctx.addIssue({
          code: 'custom',
          path: ['departments', i],
          message: `département ${dp} lies in excluded région ${region} (${REGION_BY_CODE.get(region)?.name})`,
        });
      }
    });
    (n.hard ?? []).forEach((key, i) => {
      if (typeof key === 'string' && hardKeys.includes(key) && n.surfaceHa && !isApplicable(n, key)) {
        ctx.addIssue({
          code: 'custom',
          path: ['hard', i],
          message: `"${key}" is listed as a knock-out but that need is not stated; state it or remove it from hard`,
        });
      }
    });
  };
}

/**
 * Parses needs, throwing zod's error on bad input: `parseNeeds({ surfaceHa: { min: 5 } })`.
 * Services should prefer `needsSchema.safeParse` and map issues to a 400.
 */
export function parseNeeds(input: unknown): Needs {
  return needsSchema.parse(input);
}

// ---------------------------------------------------------------------------------------------
// POST /api/match request: match-request.schema.ts

export const MATCH_METHODS = ['weighted', 'topsis'] as const;
export type MatchMethod = (typeof MATCH_METHODS)[number];
