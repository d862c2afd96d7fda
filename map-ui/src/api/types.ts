export interface User {
  email: string;
  role: string;
  name?: string | null;
  territories?: string[];
}
export interface Session {
  user: User;
  csrfToken: string | null;
}

// --- matching ---------------------------------------------------------------------------

export interface Bilingual {
  fr: string;
  en: string;
}

export interface CriterionInfo {
  key: string;
  label: Bilingual;
  unit?: string | null;
  defaultWeight: number;
}

export interface MatchTemplate {
  id: string;
  name: Bilingual;
  sector?: string | null;
  description?: Bilingual | null;
  needs: Record<string, unknown>;
}

/** How the score of a result is computed (`scoreLabel` names it in both languages). */
export type ScoreKind = 'weighted_sum' | 'topsis_closeness';

/** One criterion of a ranked result (rank.ts `CriterionBreakdown`): reasons in both languages. */
export interface CriterionResult {
  key: string;
  label: string;
  label_fr: string;
  label_en: string;
  /** Normalised weight (0 for a criterion reported but not weighted). */
  weight: number;
  score: number;
  /** weight × score under the weighted sum; null under TOPSIS. */
  contribution: number | null;
  value?: unknown;
  unit: string | null;
  known: boolean;
  /** 0 … 1: how far the data behind it can be trusted. */
  knowledge: number;
  /** In the request's language; the UI reads `reason_fr` / `reason_en` by its own language. */
  reason: string;
  reason_fr: string;
  reason_en: string;
}

/** A fact that lowers a result's confidence, with the points it costs. */
export interface ConfidenceNote {
  criterion: string;
  loss: number;
  text: string;
  text_fr: string;
  text_en: string;
}

/** What a reader must know about a result: under option, new connection, PLU change… */
export interface ResultFlag {
  code: string;
  text: string;
  text_fr: string;
  text_en: string;
}

export interface MatchResult {
  siteId: string;
  siteIds?: string[] | null;
  name: string;
  rank: number;
  score: number;
  scoreKind: ScoreKind;
  confidence: number;
  /** The facts that lower confidence most (at most three). */
  confidenceNotes: ConfidenceNote[];
  flags: ResultFlag[];
  criteria: CriterionResult[];
}

export type FactValue = number | string | boolean | null;

/** One failed need knock-out of a near-miss, with its gap in `unit`. */
export interface NearMissFailure {
  key: string;
  kind: 'legal' | 'need';
  required: FactValue;
  actual: FactValue;
  unit: string | null;
  gap: number | null;
  normalisedGap: number;
  /** The site's data is missing: to confirm, not a proven failure. */
  unknown: boolean;
  reason: string;
  reason_fr: string;
  reason_en: string;
  rule_fr: string;
  rule_en: string;
}

/** A site failing one or two need knock-outs (never a legal ban); near-misses have no score. */
export interface NearMiss {
  siteId: string;
  siteIds?: string[] | null;
  name: string;
  failures: number;
  /** Sum of the failures' normalised gaps: how far from passing. */
  gapSum: number;
  failed: NearMissFailure[];
}

/** A knock-out in force for a request: the law's bans, then the project's needs. */
export interface KnockoutInForce {
  key: string;
  kind: 'legal' | 'need';
  label: Bilingual;
  rule: Bilingual;
}

/** The rule table of `GET /api/match/knockouts`, with each rule's source. */
export interface KnockoutRule extends KnockoutInForce {
  /** The `hard` / `relax` key that turns a need knock-out on or off (null for legal bans). */
  need: string | null;
  source: { title: string; url: string } | null;
}

export interface MatchCounts {
  /** Sites in scope (geography, status, something available) the caller may see. */
  considered: number;
  /** In scope but in a zone where the law forbids the project. */
  legallyExcluded: number;
  /** Passing every knock-out: all of them are ranked. */
  candidates: number;
  /** Failing one or two need knock-outs. */
  nearMisses: number;
  assemblies: number;
  ranked: number;
}

export interface MatchResponse {
  algorithmVersion: string;
  method: 'weighted' | 'topsis';
  scoreKind: ScoreKind;
  scoreLabel: Bilingual;
  weights: Record<string, number>;
  ignoredWeights: string[];
  knockouts: KnockoutInForce[];
  results: MatchResult[];
  nearMisses: NearMiss[];
  counts: MatchCounts;
}

/** One site of `GET /api/projects/:id/match-versions`: its place under each engine. */
export interface VersionChange {
  siteId: string;
  name: string;
  before: { rank: number; score: number; confidence: number } | null;
  after: { rank: number; score: number; confidence: number } | null;
  change: 'new' | 'dropped' | 'up' | 'down' | 'same';
  /** Why a dropped site is out under the current engine (legal ban or knock-out). */
  reasons_fr: string[];
  reasons_en: string[];
}

export interface MatchVersions {
  current: { algorithmVersion: string; counts: Record<string, unknown> };
  previous: { algorithmVersion: string; counts: Record<string, unknown> };
  changes: VersionChange[];
}

export interface MatchRequestBody {
  needs: Record<string, unknown>;
  weights?: Record<string, number>;
  method?: 'weighted' | 'topsis';
  limit?: number;
  ahp?: { criteria: string[]; matrix: number[][] };
}
