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
import { ICPE_REGIMES, SEVESO_TIERS } from '../../../sites/site.fields.ts';
import {
  type CriteriaRegistry,
  matchRequestSchemaFor,
  requestAhp,
  requestWeightsFor,
} from '../../match-request.schema.ts';
import {
  BOUNDED,
  finite,
  isoDate,
  isHardKeyApplicable as isV2HardKeyApplicable,
  preference,
  refineNeeds,
  SCOPE_FIELDS,
  HARD_KEYS as V2_HARD_KEYS,
  type HardKey as V2HardKey,
  type Needs as V2Needs,
} from '../../needs.schema.ts';
import { CRITERION_KEYS, type CriterionKey, isCriterionKey, resolveWeights } from './criteria/index.ts';

/** Caps beyond which a need is a typo, not a project (a 10 GW "need" is refused). */
export const LIMITS = {
  surfaceHa: 5_000,
  powerMw: 2_000,
  rampUpMonths: 240,
  gasMwhPerDay: 100_000,
  waterM3PerDay: 500_000,
  distanceKm: 1_000,
  priceEurM2: 10_000,
  weight: 100,
  resultLimit: 200,
} as const;

export const PREFERENCES = ['required', 'preferred', 'indifferent'] as const;
export type Preference = (typeof PREFERENCES)[number];
export const RISK_EXCLUSIONS = ['ppri_red', 'pprt', 'natura2000'] as const;
export type RiskExclusion = (typeof RISK_EXCLUSIONS)[number];
export const DISTANCE_NEEDS = ['motorway', 'railFreight', 'port', 'airport'] as const;
export type DistanceNeed = (typeof DISTANCE_NEEDS)[number];

/** Version 2's need keys that version 1 did not have (drive times and the labour pool). */
type V2Only = `maxDriveMinutes.${string}` | 'labourPool';
export type HardKey = Exclude<V2HardKey, V2Only>;
const isV1HardKey = (key: V2HardKey): key is HardKey =>
  !key.startsWith('maxDriveMinutes.') && key !== 'labourPool';
/** Need keys that may be knock-outs (the values allowed in `hard`): version 2's, in its order, less its own. */
export const HARD_KEYS = V2_HARD_KEYS.filter(isV1HardKey) as [HardKey, ...HardKey[]];

const distanceKm = BOUNDED.distanceKm;

const needsObject = z.strictObject({
  surfaceHa: z.strictObject({ min: BOUNDED.surfaceMin, max: BOUNDED.surfaceMax.optional() }),
  allowAssembly: z.boolean().default(false),
  powerMw: BOUNDED.powerMw.optional(),
  rampUpMonths: BOUNDED.rampUpMonths.optional(),
  gas: z
    .strictObject({ required: z.boolean(), capacityMwhPerDay: BOUNDED.gasCapacity.optional() })
    .optional(),
  waterM3PerDay: BOUNDED.waterM3PerDay('waterM3PerDay').optional(),
  wastewaterM3PerDay: BOUNDED.waterM3PerDay('wastewaterM3PerDay').optional(),
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
    .optional(),
  ...SCOPE_FIELDS,
  brownfield: preference.default('indifferent'),
  excludeRisks: z
    .array(z.enum(RISK_EXCLUSIONS, { error: 'expected one of ppri_red, pprt, natura2000' }))
    .default([])
    .transform((a) => [...new Set(a)]),
  hard: z
    .array(z.enum(HARD_KEYS, { error: `expected one of ${HARD_KEYS.join(', ')}` }))
    .transform((a) => [...new Set(a)])
    .optional(),
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
  // Version 1's keys are a subset of version 2's, whose checks of them read only needs that
  // version 1 has too.
  return isV2HardKeyApplicable(n as unknown as V2Needs, key);
}

/**
 * The knock-outs when the client sends no `hard` list: the contract's defaults (`surfaceHa`,
 * `powerMw`, every `maxDistanceKm.*` given, every `required`, `availableBy`, `excludeRisks`)
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
  if (n.icpeRegime !== undefined) keys.push('icpeRegime');
  if (n.sevesoTier !== undefined && n.sevesoTier !== 'none') keys.push('sevesoTier');
  keys.push('zoning');
  if (n.availableBy !== undefined) keys.push('availableBy');
  if (n.excludeRisks.length > 0) keys.push('excludeRisks');
  return keys;
}

/** The knock-outs in force: the client's `hard` list, or the defaults. */
export function effectiveHardKeys(n: Needs): HardKey[] {
  return n.hard ?? defaultHardKeys(n);
}

export const needsSchema = needsObject.superRefine(refineNeeds(HARD_KEYS, isHardKeyApplicable));

/**
 * Parses needs, throwing zod's error on bad input: `parseNeeds({ surfaceHa: { min: 5 } })`.
 * Services should prefer `needsSchema.safeParse` and map issues to a 400.
 */
export function parseNeeds(input: unknown): Needs {
  return needsSchema.parse(input);
}

// ---------------------------------------------------------------------------------------------
// POST /api/match request: version 2's rules over version 1's needs and criteria (no
// algorithmVersion: the service picks the engine before parsing).

export { MATCH_METHODS, type MatchMethod } from '../../needs.schema.ts';

const CRITERIA_REGISTRY: CriteriaRegistry<Needs, CriterionKey> = {
  keys: CRITERION_KEYS,
  isKey: isCriterionKey,
  resolveWeights,
};

export const matchRequestSchema = matchRequestSchemaFor(needsSchema, CRITERIA_REGISTRY, {});

export type MatchRequest = z.output<typeof matchRequestSchema>;
export type MatchRequestInput = z.input<typeof matchRequestSchema>;

export const requestWeights = (req: MatchRequest) => requestWeightsFor(req, CRITERIA_REGISTRY);
export { requestAhp };
