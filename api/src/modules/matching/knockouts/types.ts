/**
 * What a knock-out is: a rule (with its text and source), a condition for given needs
 * (condition.ts: evaluated in TypeScript and compiled to SQL), and an explanation of a failure
 * with its gap. One file per knock-out in this folder, one registry (index.ts).
 *
 * Two kinds:
 * - `legal`: a ban in French law or in the local plan (PPRI/PPRT red zones, PLU A/N zones or a
 *   housing destination, Natura 2000 for the projects it forbids). Always on; the request can
 *   neither lift nor relax it. A site that breaks one is out — never a candidate, never a
 *   near-miss. Unknown data passes a legal knock-out (the risk and zoning criteria and the
 *   confidence index carry the doubt), since the ban applies to a known zone.
 * - `need`: a project requirement (surface, power, distances…) made a knock-out by the request's
 *   `hard` list or its defaults; unknown data fails it "to confirm", a failure makes a near-miss.
 */
import type { MatchSite } from '../candidate.ts';
import type { ElectricalConfig } from '../electrical.ts';
import { type Bilingual, bi, colon } from '../format.ts';
import type { HardKey, Needs } from '../needs.schema.ts';
import type { Condition } from './condition.ts';

export interface KnockoutContext {
  needs: Needs;
  electrical: ElectricalConfig;
}

export type RuleSource = { title: string; url: string };

/** The facts of one failure, before the registry adds the key, kind and rule. */
export interface Explained {
  /** What the project asked (a number in `unit`, or a code/flag). */
  required: number | string | boolean | null;
  /** What the site has; null when unknown. */
  actual: number | string | boolean | null;
  unit: string | null;
  /** How far off, in `unit` (positive), when measurable. */
  gap: number | null;
  reason: Bilingual;
}

export interface KnockoutDef {
  /** Failure key shown to users: the need key, `excludeRisks.<risk>` or `legal.<rule>`. */
  key: string;
  kind: 'legal' | 'need';
  /** The `hard` entry that turns a need knock-out on (none for legal bans). */
  need?: HardKey;
  label: Bilingual;
  /** The rule in one sentence, as the matching README's rule table states it. */
  rule: Bilingual;
  source: RuleSource | null;
  /**
   * Set on a legal ban that does not depend on the project: it is also folded into the
   * `site_match.banned` flag (migration 0007), which the SQL stage reads instead of its
   * condition (matching.store.pg.test.ts checks the two agree on every site).
   */
  inBannedFlag?: true;
  /** The condition a site must meet under these needs; null when the rule does not apply. */
  condition(ctx: KnockoutContext): Condition | null;
  /** Explains a failure (`unknown`: the condition was unknown, not false). */
  explain(site: MatchSite, ctx: KnockoutContext, unknown: boolean): Explained;
}

export const TO_CONFIRM: Bilingual = { fr: 'à confirmer', en: 'to confirm' };

/** `unknownText({ fr: 'prix inconnu', en: 'price unknown' }, …)` → 'prix inconnu, max 40 €/m² : à confirmer'. */
export const unknownText = (what: Bilingual, wanted: Bilingual): Bilingual =>
  bi((l) => `${what[l]}, ${wanted[l]}${colon(l)}${TO_CONFIRM[l]}`);

/** An explanation: `explained(12, 7.5, 'MW', 4.5, reason)`. */
export function explained(
  required: Explained['required'],
  actual: Explained['actual'],
  unit: string | null,
  gap: number | null,
  reason: Bilingual,
): Explained {
  return { required, actual, unit, gap: gap === null ? null : Math.round(gap * 1000) / 1000, reason };
}
