/**
 * Which knock-outs apply to a request, and their evaluation on one site (the SQL stage runs the
 * same conditions, compiled by condition.sql.ts): scope filters (geography, status, something
 * available), legal bans, then the need knock-outs in force, each failure explained with its
 * gap and normalised gap.
 */
import type { MatchSite } from '../candidate.ts';
import { DEFAULT_ELECTRICAL_CONFIG, type ElectricalConfig } from '../electrical.ts';
import { effectiveHardKeys, type HardKey, type Needs } from '../needs.schema.ts';
import {
  anyOf,
  atLeast,
  type Condition,
  conditionGap,
  evaluateCondition,
  noneOf,
  oneOf,
} from './condition.ts';
import { KNOCKOUTS } from './index.ts';
import type { KnockoutContext, KnockoutDef, RuleSource } from './types.ts';

/** Statuses that take a site out of every match. */
export const EXCLUDED_STATUSES = ['taken'] as const;
/** A site with less than this available (ha, i.e. 1 m²) has nothing to offer: out of scope. */
export const MIN_AVAILABLE_HA = 0.0001;

export interface ScopeSpec {
  key: string;
  condition: Condition;
}

export interface ActiveKnockout {
  def: KnockoutDef;
  condition: Condition;
}

export interface MatchRules {
  scope: ScopeSpec[];
  legal: ActiveKnockout[];
  needs: ActiveKnockout[];
  context: KnockoutContext;
}

export interface RuleOptions {
  electrical?: ElectricalConfig;
}

/** Geography, status and "something available": sites outside are neither candidates nor near-misses. */
export function scopeSpecs(needs: Needs): ScopeSpec[] {
  const specs: ScopeSpec[] = [];
  const area: Condition[] = [];
  if (needs.regions.length) area.push(oneOf('region', needs.regions));
  if (needs.departments.length) area.push(oneOf('department', needs.departments));
  if (needs.territories.length) area.push(oneOf('territorySiren', needs.territories));
  if (area.length) specs.push({ key: 'scope.area', condition: anyOf(...area) });
  if (needs.excludeRegions.length)
    specs.push({ key: 'scope.excludeRegions', condition: noneOf('region', needs.excludeRegions) });
  if (needs.excludeDepartments.length)
    specs.push({
      key: 'scope.excludeDepartments',
      condition: noneOf('department', needs.excludeDepartments),
    });
  specs.push({ key: 'scope.status', condition: noneOf('status', EXCLUDED_STATUSES) });
  specs.push({ key: 'scope.available', condition: atLeast('availableAreaHa', MIN_AVAILABLE_HA) });
  return specs;
}

/**
 * The rules in force: legal bans always, need knock-outs from `hard` (or the defaults) minus
 * `relax`. Built once per needs object (needs are parsed request data, never mutated).
 */
const cache = new WeakMap<Needs, { cfg: ElectricalConfig; rules: MatchRules }>();
export function matchRules(needs: Needs, options: RuleOptions = {}): MatchRules {
  const cfg = options.electrical ?? DEFAULT_ELECTRICAL_CONFIG;
  const hit = cache.get(needs);
  if (hit && hit.cfg === cfg) return hit.rules;
  const context: KnockoutContext = { needs, electrical: cfg };
  const hard = new Set<HardKey>(effectiveHardKeys(needs));
  const legal: ActiveKnockout[] = [];
  const need: ActiveKnockout[] = [];
  for (const def of KNOCKOUTS) {
    if (def.kind === 'need' && !(def.need && hard.has(def.need))) continue;
    const condition = def.condition(context);
    if (!condition) continue;
    (def.kind === 'legal' ? legal : need).push({ def, condition });
  }
  const rules = { scope: scopeSpecs(needs), legal, needs: need, context };
  cache.set(needs, { cfg, rules });
  return rules;
}

export interface KnockoutFailure {
  key: string;
  kind: 'legal' | 'need';
  need: HardKey | null;
  required: number | string | boolean | null;
  actual: number | string | boolean | null;
  unit: string | null;
  gap: number | null;
  /** 0 (met) … 1 (far off); 0.5 when unknown. Near-misses are ordered by their sum. */
  normalisedGap: number;
  /** The site's data is missing: "to confirm", not a proven failure. */
  unknown: boolean;
  reason_fr: string;
  reason_en: string;
  rule_fr: string;
  rule_en: string;
  source: RuleSource | null;
}

export interface KnockoutEvaluation {
  inScope: boolean;
  outOfScope: string[];
  /** Legal bans the site breaks (then it is out: never a candidate nor a near-miss). */
  banned: KnockoutFailure[];
  /** Need knock-outs it fails. */
  failed: KnockoutFailure[];
  /** In scope, no ban, no failure. */
  pass: boolean;
  /** Sum of the normalised gaps of `failed`. */
  gapSum: number;
}

function failure(
  k: ActiveKnockout,
  site: MatchSite,
  ctx: KnockoutContext,
  unknown: boolean,
): KnockoutFailure {
  const e = k.def.explain(site, ctx, unknown);
  return {
    key: k.def.key,
    kind: k.def.kind,
    need: k.def.need ?? null,
    required: e.required,
    actual: e.actual,
    unit: e.unit,
    gap: e.gap,
    normalisedGap: Math.round(conditionGap(k.condition, site) * 1e6) / 1e6,
    unknown,
    reason_fr: e.reason.fr,
    reason_en: e.reason.en,
    rule_fr: k.def.rule.fr,
    rule_en: k.def.rule.en,
    source: k.def.source,
  };
}

/**
 * Evaluates every rule on one site. Example: a 25 ha plot for a 30 ha need →
 * `{ pass: false, failed: [{ key: 'surfaceHa', gap: 5, normalisedGap: 0.166667, … }] }`.
 */
export function evaluateKnockouts(
  site: MatchSite,
  needs: Needs,
  options: RuleOptions = {},
): KnockoutEvaluation {
  const rules = matchRules(needs, options);
  const outOfScope = rules.scope
    .filter((s) => evaluateCondition(s.condition, site) !== true)
    .map((s) => s.key);
  const banned: KnockoutFailure[] = [];
  for (const k of rules.legal) {
    if (evaluateCondition(k.condition, site) !== true) banned.push(failure(k, site, rules.context, false));
  }
  const failed: KnockoutFailure[] = [];
  let gapSum = 0;
  for (const k of rules.needs) {
    const r = evaluateCondition(k.condition, site);
    if (r === true) continue;
    const f = failure(k, site, rules.context, r === null);
    failed.push(f);
    gapSum += conditionGap(k.condition, site);
  }
  const inScope = outOfScope.length === 0;
  return {
    inScope,
    outOfScope,
    banned,
    failed,
    pass: inScope && banned.length === 0 && failed.length === 0,
    gapSum,
  };
}
